import type { Issue } from '../findings';
import { NETWORK_POLICY_API_VERSION, type DocumentManifest } from '../model/manifest';

/**
 * NetworkPolicy is served only as `networking.k8s.io/v1`. `extensions/v1beta1` was removed in Kubernetes 1.16;
 * anything else is unknown to the API server ("no matches for kind").
 */
export function checkApiVersion(manifest: DocumentManifest): Issue[] {
  const apiVersion = manifest.apiVersion;
  if (apiVersion === NETWORK_POLICY_API_VERSION) return [];
  if (apiVersion === 'extensions/v1beta1') {
    return [
      {
        code: 'apiversion.removed',
        message: `NetworkPolicy is no longer served as ${apiVersion} (removed in Kubernetes 1.16): use apiVersion: ${NETWORK_POLICY_API_VERSION}.`,
        path: ['apiVersion'],
      },
    ];
  }
  return [
    {
      code: 'apiversion.unknown',
      message:
        apiVersion === undefined
          ? `apiVersion is required: use apiVersion: ${NETWORK_POLICY_API_VERSION}.`
          : `No API serves kind NetworkPolicy in version "${apiVersion}": use apiVersion: ${NETWORK_POLICY_API_VERSION}.`,
      path: ['apiVersion'],
      at: apiVersion === undefined ? ['kind'] : ['apiVersion'],
    },
  ];
}
