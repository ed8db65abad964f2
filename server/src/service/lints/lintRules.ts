import type { RuleInfo } from '../ruleCatalog';

/** The codes of the lints: API-valid policies that are wrong or risky. */
export const LINT_RULES = {
  'policytypes.rules-ignored': { severity: 'warning', title: 'Rules of a direction that policyTypes leaves out do nothing' },
  'policytypes.egress-without-policytypes': { severity: 'warning', title: 'Egress rules without policyTypes also deny all ingress' },
  'policytypes.duplicate': { severity: 'information', title: 'A policy type is listed twice in policyTypes' },
} as const satisfies Record<string, RuleInfo>;
