import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { goList, goString } from './goValues';
import { closest, quote } from './messages';

const POLICY_TYPES = ['Ingress', 'Egress'] as const;

/**
 * The policyTypes part of `ValidateNetworkPolicySpec`: more than two entries is an error on the list and ends
 * the checks there (upstream returns at once); otherwise each entry is exactly `Ingress` or `Egress`.
 */
export function validatePolicyTypes(value: unknown, path: FieldPath): Issue[] {
  const types = goList(value);
  if (!types) return [];
  if (types.length > POLICY_TYPES.length) {
    return [
      {
        code: 'policytypes.too-many',
        message: `Invalid value: may not specify more than two policyTypes (found ${types.length}). List "Ingress", "Egress" or both, each once.`,
        path,
        onKey: true,
      },
    ];
  }
  const issues: Issue[] = [];
  types.forEach((item, index) => {
    const type = goString(item);
    if (type === undefined || (POLICY_TYPES as readonly string[]).includes(type)) return;
    const suggestion = type === '' ? undefined : closest(type, POLICY_TYPES);
    issues.push({
      code: 'policytypes.unsupported',
      message: `Unsupported value ${quote(type)}: supported values: "Ingress", "Egress"${suggestion ? `. Did you mean ${quote(suggestion)}? Policy types are case-sensitive` : ''}.`,
      path: [...path, index],
    });
  });
  return issues;
}
