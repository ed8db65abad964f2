import type { Issue } from '../findings';
import type { ValidationOptions } from './validationOptions';

/**
 * The API server's `ValidateNetworkPolicy` for a NetworkPolicy that decoded (structure is checked separately),
 * with its field paths. Values of the wrong type are skipped here: the structural check reports them.
 */
export function validateNetworkPolicy(object: Readonly<Record<string, unknown>>, options: ValidationOptions): Issue[] {
  void options;
  const issues: Issue[] = [];
  const spec = object.spec as Record<string, unknown> | undefined;
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec?.[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, ruleIndex) => {
      const peers = (rule as Record<string, unknown> | null)?.[direction === 'ingress' ? 'from' : 'to'];
      if (!Array.isArray(peers)) return;
      peers.forEach((peer, peerIndex) => {
        const cidr = (peer as { ipBlock?: { cidr?: unknown } } | null)?.ipBlock?.cidr;
        if (typeof cidr === 'string' && !/^\d{1,3}(\.\d{1,3}){3}\/([0-9]|[12][0-9]|3[0-2])$/.test(cidr) && !cidr.includes(':')) {
          issues.push({
            code: 'ipblock.cidr-invalid',
            message: `"${cidr}" is not a valid CIDR (e.g. 10.9.8.0/24 or 2001:db8::/64).`,
            path: ['spec', direction, ruleIndex, direction === 'ingress' ? 'from' : 'to', peerIndex, 'ipBlock', 'cidr'],
          });
        }
      });
    });
  }
  return issues;
}
