import type { RuleInfo } from '../findings';

/**
 * The API server's checks of the cluster policies of sig-network's network-policy-api (ClusterNetworkPolicy
 * v1alpha2; AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1): their CRD's OpenAPI schema, CEL rules and
 * strict decoding. Schema in `clusterPolicySchema.ts`; each code has `docs/rules/<code>.md` and golden fixtures in
 * `test/fixtures/validation/cluster-policies-*.yaml`.
 */
export const CLUSTER_POLICY_RULES = {
  'cnp.unknown-field': { severity: 'error', title: 'A field the cluster policy kind does not have' },
  'cnp.wrong-type': { severity: 'error', title: 'A cluster policy value of the wrong type' },
  'cnp.required': { severity: 'error', title: 'A required cluster policy field is missing (tier, priority, subject, action, from/to, ...)' },
  'cnp.unsupported-value': { severity: 'error', title: 'A tier or action the API does not have' },
  'cnp.out-of-range': { severity: 'error', title: 'A priority outside 0..1000, or a port outside 1..65535' },
  'cnp.too-many': { severity: 'error', title: 'More rules, peers, protocols or CIDRs than the API allows' },
  'cnp.too-few': { severity: 'error', title: 'An empty list where the API wants at least one entry' },
  'cnp.too-long': { severity: 'error', title: 'A rule name over 100 characters, or a CIDR over 43' },
  'cnp.one-of': { severity: 'error', title: 'A subject, peer, protocol or port with none or several of its exclusive fields' },
  'cnp.port-range': { severity: 'error', title: 'A port range whose start is not below its end' },
  'cnp.cidr-invalid': { severity: 'error', title: 'A `networks` entry that is not a CIDR' },
  'cnp.domain-name-invalid': { severity: 'error', title: 'A `domainNames` entry that is not a domain name' },
  'cnp.named-port-with-networks': { severity: 'error', title: 'A named port in an egress rule with networks, nodes or domainNames peers' },
  'cnp.baseline-name': { severity: 'error', title: 'A BaselineAdminNetworkPolicy not named `default`' },
} as const satisfies Record<string, RuleInfo>;
