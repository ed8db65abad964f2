import type { RuleInfo } from '../findings';

/**
 * The codes of flows files (`netpol-flows.yaml`, `*.netpol-flows.yaml`): intended connections checked against the
 * policies and workloads of the workspace. See docs/flows.md.
 */
export const FLOW_RULES = {
  'flows.fails': { severity: 'error', title: 'An intended flow does not hold under the policies of the workspace' },
  'flows.matches-nothing': { severity: 'warning', title: 'A flow names endpoints that the workspace does not have' },
  'flows.invalid': { severity: 'error', title: 'A flows file entry is malformed' },
} as const satisfies Record<string, RuleInfo>;
