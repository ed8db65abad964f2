import { formatFieldPath } from '../../../server/src/service/fieldPath';
import type { Issue } from '../../../server/src/service/findings';
import { parseKubernetesVersion } from '../../../server/src/service/settings';
import type { ValidationOptions } from '../../../server/src/service/validation/validationOptions';

/** Validation options for a Kubernetes version such as `1.35`. */
export function optionsFor(version: string): ValidationOptions {
  return { kubernetesVersion: parseKubernetesVersion(version) };
}

/** `code path` (and ` (warning)` when the severity is overridden), the compact form the tests compare. */
export function summarize(issues: readonly Issue[]): string[] {
  return issues.map((issue) => `${issue.code} ${formatFieldPath(issue.path)}${issue.severity ? ` (${issue.severity})` : ''}`);
}
