import type { KubernetesVersion } from '../settings';

/** What validation depends on besides the object: the API server version it mirrors. */
export interface ValidationOptions {
  readonly kubernetesVersion: KubernetesVersion;
}
