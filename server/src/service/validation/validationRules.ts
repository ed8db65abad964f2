import type { RuleInfo } from '../findings';
import { CLUSTER_POLICY_RULES } from './clusterPolicyRules';

/**
 * The codes of the API server's own checks: strict decoding (structure) and `ValidateNetworkPolicy`. Each has
 * `docs/rules/<code>.md` and golden fixtures under `test/fixtures/validation/`.
 */
export const VALIDATION_RULES = {
  // Strict decoding (kubectl's default field validation).
  'structure.unknown-field': { severity: 'error', title: 'A field NetworkPolicy does not have' },
  'structure.wrong-type': { severity: 'error', title: 'A value of the wrong type (e.g. a quoted number, a number as a label value)' },
  // ValidateObjectMeta.
  'metadata.name-required': { severity: 'error', title: '`metadata.name` (or `generateName`) is missing' },
  'metadata.name-invalid': { severity: 'error', title: '`metadata.name` is not a DNS-1123 subdomain' },
  'metadata.generate-name-invalid': { severity: 'error', title: '`metadata.generateName` is not a DNS-1123 subdomain prefix' },
  'metadata.namespace-invalid': { severity: 'error', title: '`metadata.namespace` is not a DNS-1123 label' },
  'metadata.label-key-invalid': { severity: 'error', title: 'A label key is not a qualified name' },
  'metadata.label-value-invalid': { severity: 'error', title: 'A label value is not a valid label value' },
  'metadata.annotation-key-invalid': { severity: 'error', title: 'An annotation key is not a qualified name' },
  'metadata.annotations-too-long': { severity: 'error', title: 'The annotations exceed 256 KiB' },
  'metadata.owner-reference-invalid': { severity: 'error', title: 'An owner reference is incomplete or not allowed' },
  'metadata.finalizer-invalid': { severity: 'error', title: 'A finalizer name is invalid' },
  'metadata.managed-fields-invalid': { severity: 'error', title: 'A managedFields entry is invalid' },
  // ValidateLabelSelector (spec.podSelector and the peers' selectors).
  'selector.label-key-invalid': { severity: 'error', title: 'A selector label key is not a qualified name' },
  'selector.label-value-invalid': { severity: 'error', title: 'A selector value is not a valid label value' },
  'selector.operator-invalid': { severity: 'error', title: 'A matchExpressions operator is not In, NotIn, Exists or DoesNotExist' },
  'selector.values-required': { severity: 'error', title: '`In` and `NotIn` need values' },
  'selector.values-forbidden': { severity: 'error', title: '`Exists` and `DoesNotExist` take no values' },
  // ValidateNetworkPolicyPort.
  'ports.protocol-unsupported': { severity: 'error', title: 'The protocol is not TCP, UDP or SCTP' },
  'ports.port-out-of-range': { severity: 'error', title: 'The port number is not 1 to 65535' },
  'ports.port-name-invalid': { severity: 'error', title: 'The port name is not a valid port name (a quoted number?)' },
  'ports.endport-without-port': { severity: 'error', title: '`endPort` without `port`' },
  'ports.endport-with-named-port': { severity: 'error', title: '`endPort` with a named `port`' },
  'ports.endport-below-port': { severity: 'error', title: '`endPort` is less than `port`' },
  'ports.endport-out-of-range': { severity: 'error', title: '`endPort` is not 1 to 65535' },
  // ValidateNetworkPolicyPeer.
  'peer.empty': { severity: 'error', title: 'A peer with no podSelector, namespaceSelector or ipBlock' },
  'peer.ipblock-with-selector': { severity: 'error', title: 'An ipBlock combined with a selector in one peer' },
  // ValidateIPBlock and the CIDR warnings.
  'ipblock.cidr-required': { severity: 'error', title: '`ipBlock.cidr` is missing' },
  'ipblock.cidr-invalid': { severity: 'error', title: '`ipBlock.cidr` is not a valid CIDR' },
  'ipblock.except-invalid': { severity: 'error', title: 'An `except` entry is not a valid CIDR' },
  'ipblock.except-not-in-cidr': { severity: 'error', title: 'An `except` entry is not a strict subset of `cidr`' },
  'ipblock.cidr-host-bits': { severity: 'error', title: 'A CIDR with bits set beyond its prefix (an error from Kubernetes 1.36, a warning before)' },
  'ipblock.cidr-non-standard': {
    severity: 'error',
    title: 'A CIDR with leading zeros or an IPv4-mapped IPv6 address (an error from Kubernetes 1.36, a warning before)',
  },
  'ipblock.cidr-ipv6-not-canonical': { severity: 'warning', title: 'An IPv6 CIDR not in RFC 5952 canonical form' },
  // ValidateNetworkPolicySpec: policyTypes.
  'policytypes.unsupported': { severity: 'error', title: 'A policy type other than Ingress or Egress' },
  'policytypes.too-many': { severity: 'error', title: 'More than two policy types' },
  // The CRD validation of ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy.
  ...CLUSTER_POLICY_RULES,
} as const satisfies Record<string, RuleInfo>;
