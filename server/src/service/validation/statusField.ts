import type { Issue } from '../findings';
import { isAtLeast } from '../settings';
import type { ValidationOptions } from './validationOptions';

/**
 * `status` is a field of NetworkPolicy only in Kubernetes 1.24 to 1.27 (the alpha NetworkPolicyStatus, withdrawn
 * by kubernetes#115843; types.go keeps it as a tombstone). Elsewhere strict decoding rejects it like any unknown
 * field, which is how `status: {}` left by `kubectl get -o yaml` of those versions breaks `kubectl apply`. The
 * structural check accepts its 1.24-1.27 shape; this check adds the version.
 */
export function checkStatusField(object: Readonly<Record<string, unknown>>, options: ValidationOptions): Issue[] {
  if (!('status' in object)) return [];
  const version = options.kubernetesVersion;
  if (isAtLeast(version, 1, 24) && !isAtLeast(version, 1, 28)) return [];
  return [
    {
      code: 'structure.unknown-field',
      message: `unknown field "status": NetworkPolicy has no status in Kubernetes ${version.major}.${version.minor} (only 1.24 to 1.27 had an alpha one; \`kubectl get -o yaml\` of those versions prints \`status: {}\`). Delete it.`,
      path: ['status'],
      onKey: true,
    },
  ];
}
