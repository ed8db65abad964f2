import type { ClusterModel } from '../cluster/clusterModel';
import type { PolicyModel } from '../cluster/networkPolicy';
import type { SourceRef } from '../cluster/sourceRef';
import { sourceRefOf } from '../cluster/sourceRef';
import { manifestAt } from '../features/findManifestAt';
import type { ParsedFile } from '../parse/parsedFile';
import { peerMatches, policySelects } from '../reachability/matching';
import { namespaceLabelsOf } from '../reachability/policyClasses';
import { toViewRef } from './explanationView';
import type { PolicyFocus } from './viewModel';

/** The NetworkPolicy of the model that the cursor is in (the same document and object), if any. */
export function policyAt(model: ClusterModel, file: ParsedFile, offset: number): PolicyModel | undefined {
  const found = manifestAt(file, offset);
  if (!found || found.manifest.kind !== 'NetworkPolicy') return undefined;
  const { uri, documentOffset, basePath } = found.manifest;
  const samePath = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((segment, i) => segment === b[i]);
  return model.policies.find(
    (policy) => policy.manifest.uri === uri && policy.manifest.documentOffset === documentOffset && samePath(policy.manifest.basePath, basePath),
  );
}

/**
 * What a policy selects and what it allows, for the panel to highlight: the endpoints it isolates, the peers its
 * ingress rules admit (every endpoint for a rule without `from`) and those its egress rules let them reach.
 */
export function policyFocus(model: ClusterModel, policy: PolicyModel, formatRef: (ref: SourceRef) => string): PolicyFocus {
  const namespaceLabels = namespaceLabelsOf(model);
  const { spec } = policy;
  const selected = model.endpoints.filter((endpoint) => policySelects(spec, endpoint)).map((endpoint) => endpoint.key);
  const peersOf = (rules: typeof spec.ingress): string[] =>
    model.endpoints
      .filter((endpoint) =>
        rules.some((rule) => rule.peers === undefined || rule.peers.some((peer) => peerMatches(peer, spec.namespace, endpoint, namespaceLabels))),
      )
      .map((endpoint) => endpoint.key);
  return {
    policy: policy.id,
    ref: toViewRef(sourceRefOf(policy.manifest, ['metadata', 'name']), formatRef),
    ingress: spec.affectsIngress,
    egress: spec.affectsEgress,
    selected,
    ingressFrom: spec.affectsIngress ? peersOf(spec.ingress) : [],
    egressTo: spec.affectsEgress ? peersOf(spec.egress) : [],
  };
}
