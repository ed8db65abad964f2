import type { RuleInfo } from '../ruleCatalog';

/** The codes of the lints: API-valid policies that are wrong or risky. */
export const LINT_RULES = {} as const satisfies Record<string, RuleInfo>;
