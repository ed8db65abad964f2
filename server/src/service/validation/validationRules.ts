import type { RuleInfo } from '../ruleCatalog';

/** The codes of the API server's own checks: strict decoding (structure) and `ValidateNetworkPolicy`. */
export const VALIDATION_RULES = {
  'ipblock.cidr-invalid': { severity: 'error', title: '`cidr` is not a valid CIDR' },
} as const satisfies Record<string, RuleInfo>;
