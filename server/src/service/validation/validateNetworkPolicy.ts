import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { goList, goStruct } from './goValues';
import { validateLabelSelector } from './labelSelector';
import { validateNetworkPolicyPeer } from './networkPolicyPeer';
import { validateNetworkPolicyPort } from './networkPolicyPort';
import { validateObjectMeta } from './objectMeta';
import { validatePolicyTypes } from './policyTypes';
import { checkStatusField } from './statusField';
import type { ValidationOptions } from './validationOptions';

/**
 * The API server's `ValidateNetworkPolicy` (pkg/apis/networking/validation/validation.go) for a NetworkPolicy
 * being created, with its field paths and in its order: `ValidateObjectMeta`, then `ValidateNetworkPolicySpec`
 * (spec.podSelector; each ingress rule's ports then peers; each egress rule's ports then peers; policyTypes), and
 * the CIDR warnings of the NetworkPolicy strategy. Values of the wrong type are skipped (the structural check
 * reports them); null is read as Go reads it. Never throws.
 */
export function validateNetworkPolicy(object: Readonly<Record<string, unknown>>, options: ValidationOptions): Issue[] {
  const issues: Issue[] = [...checkStatusField(object, options), ...validateObjectMeta(object.metadata, options)];
  const spec = goStruct(object.spec);
  if (!spec) return issues;
  issues.push(...validateLabelSelector(spec.podSelector, ['spec', 'podSelector']));
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = goList(spec[direction]) ?? [];
    rules.forEach((item, index) => {
      const rule = goStruct(item);
      if (!rule) return;
      const rulePath: FieldPath = ['spec', direction, index];
      (goList(rule.ports) ?? []).forEach((port, portIndex) => {
        issues.push(...validateNetworkPolicyPort(port, [...rulePath, 'ports', portIndex]));
      });
      (goList(rule[peers]) ?? []).forEach((peer, peerIndex) => {
        issues.push(...validateNetworkPolicyPeer(peer, [...rulePath, peers, peerIndex], peers, options));
      });
    });
  }
  issues.push(...validatePolicyTypes(spec.policyTypes, ['spec', 'policyTypes']));
  return issues;
}
