import { mapKey } from '../fieldPath';
import { isRecord } from '../model/manifest';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'namespace.beta-isolation-annotation';

/** The annotation that isolated a namespace's pods before NetworkPolicy v1. */
export const BETA_ISOLATION_ANNOTATION = 'net.beta.kubernetes.io/network-policy';

/**
 * `namespace.beta-isolation-annotation` (information): a Namespace annotated
 * `net.beta.kubernetes.io/network-policy: {"ingress": {"isolation": "DefaultDeny"}}`. That was how a namespace
 * opted into isolation with the beta (extensions/v1beta1) NetworkPolicy. Since Kubernetes 1.7
 * (networking.k8s.io/v1) a pod is isolated by any NetworkPolicy that selects it, and network plugins ignore the
 * annotation: the namespace is not isolated unless a policy says so.
 */
export const betaIsolationAnnotation: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest) {
    if (manifest.kind !== 'Namespace' || (manifest.apiVersion !== undefined && manifest.apiVersion !== 'v1')) return [];
    const metadata = manifest.value.metadata;
    const annotations = isRecord(metadata) ? metadata.annotations : undefined;
    if (!isRecord(annotations) || !Object.hasOwn(annotations, BETA_ISOLATION_ANNOTATION)) return [];
    const name = manifest.name ?? 'this namespace';
    return [
      {
        code: CODE,
        message:
          `${BETA_ISOLATION_ANNOTATION} has been ignored since Kubernetes 1.7: it isolates nothing. ` +
          `To deny traffic to the pods of ${name} by default, add a NetworkPolicy there with podSelector: {} and no rules.`,
        path: ['metadata', 'annotations', mapKey(BETA_ISOLATION_ANNOTATION)],
        onKey: true,
      },
    ];
  },
};
