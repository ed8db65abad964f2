import { effectivePolicyTypes } from '../explain/describeRule';
import { isRecord } from '../model/manifest';
import type { ParsedFile } from '../parse/parsedFile';
import type { Node } from 'yaml';
import type { FieldPath } from '../fieldPath';
import { locate, type Span } from '../parse/locate';
import type { ParsedDocument } from '../parse/parsedDocument';
import { manifestsOfFile } from '../workspace';
import type { ModelFacts } from '../workspaceAnalysis';
import type { SourceRef } from '../cluster/sourceRef';
import { objectRefOf } from '../cluster/sourceRef';

/** A CodeLens above a policy; `command` says what clicking it does. */
export interface PolicyLens {
  readonly start: number;
  readonly end: number;
  readonly title: string;
  readonly command:
    | { readonly kind: 'showWorkloads'; readonly at: number; readonly locations: readonly SourceRef[] }
    | { readonly kind: 'showReachability'; readonly policy: string }
    | undefined;
}

/**
 * Above each NetworkPolicy (on its first line, so the editor shows the lenses above the whole document): "selects N
 * workloads" (click: peek at them), "isolates ingress and egress", and
 * "Show reachability" (when the client can show it).
 */
export function getCodeLenses(file: ParsedFile, facts: ModelFacts | undefined, options: { canShowReachability: boolean }): PolicyLens[] {
  const lenses: PolicyLens[] = [];
  for (const manifest of manifestsOfFile(file)) {
    if (manifest.kind !== 'NetworkPolicy') continue;
    const span = firstLineOf(manifest.document, manifest.basePath);
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
      lenses.push({
        start,
        end,
        title: 'Show reachability',
        command: { kind: 'showReachability', policy: `${manifest.namespace ?? ''}/${manifest.name ?? ''}` },
      });
    }
  }
  return lenses;
}

/**
 * The first line of a policy, which the editor shows its lenses above: for a document, the line of its leading
 * comment or, without one, of its first key (blank lines, directives and the `---` line are skipped, a comment on
 * the `---` line included: it is the marker's); for an item of a List, the item's first line. The span covers
 * that line's text, from its first character to its last.
 */
function firstLineOf(document: ParsedDocument, basePath: FieldPath): Span {
  const text = document.text;
  const content = basePath.length > 0 ? locate(document, basePath).start : ((document.yaml.contents as Node | null)?.range?.[0] ?? 0);
  let start = content;
  if (basePath.length === 0) {
    for (let at = 0; at < content;) {
      const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
      if (lineEnd >= content) break;
      const first = at + /^[ \t]*/.exec(text.slice(at, lineEnd))![0].length;
      if (text[first] === '#') {
        start = first;
        break;
      }
      at = lineEnd + 1;
    }
  }
  const newline = text.indexOf('\n', start);
  let end = newline === -1 ? text.length : newline;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
