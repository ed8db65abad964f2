import { effectivePolicyTypes } from '../explain/describeRule';
import { isRecord } from '../model/manifest';
import type { ParsedFile } from '../parse/parsedFile';
import { locate } from '../parse/locate';
import { manifestsOfFile } from '../workspace';
import type { ModelFacts } from '../workspaceAnalysis';
import type { SourceRef } from '../cluster/sourceRef';
import { objectRefOf } from '../cluster/sourceRef';

/** A CodeLens above a policy; `command` says what clicking it does. */
export interface PolicyLens {
  readonly start: number;
  readonly end: number;
  readonly title: string;
  readonly command: { readonly kind: 'showWorkloads'; readonly at: number; readonly locations: readonly SourceRef[] } | { readonly kind: 'showReachability'; readonly policy: string } | undefined;
}

/**
 * Above each NetworkPolicy: "selects N workloads" (click: peek at them), "isolates ingress and egress", and
 * "Show reachability" (when the client can show it).
 */
export function getCodeLenses(file: ParsedFile, facts: ModelFacts | undefined, options: { canShowReachability: boolean }): PolicyLens[] {
  const lenses: PolicyLens[] = [];
  for (const manifest of manifestsOfFile(file)) {
    if (manifest.kind !== 'NetworkPolicy') continue;
    const span = locate(manifest.document, [...manifest.basePath, 'kind'], true);
    const start = manifest.documentOffset + span.start;
    const end = manifest.documentOffset + span.end;
    const selected = facts?.selectedEndpoints(manifest);
    if (selected) {
      const names = selected.map((e) => e.key);
      const title = `selects ${names.length} workload${names.length === 1 ? '' : 's'}`;
      const locations = selected.flatMap((e) => (e.manifest ? [objectRefOf(e.manifest)] : []));
      lenses.push({ start, end, title, command: locations.length > 0 ? { kind: 'showWorkloads', at: start, locations } : undefined });
    }
    const types = effectivePolicyTypes(isRecord(manifest.value.spec) ? manifest.value.spec : {});
    const directions = [types.ingress ? 'ingress' : '', types.egress ? 'egress' : ''].filter(Boolean).join(' and ');
    lenses.push({ start, end, title: directions ? `isolates ${directions}` : 'isolates nothing', command: undefined });
    if (options.canShowReachability) {
      lenses.push({ start, end, title: 'Show reachability', command: { kind: 'showReachability', policy: `${manifest.namespace ?? ''}/${manifest.name ?? ''}` } });
    }
  }
  return lenses;
}
