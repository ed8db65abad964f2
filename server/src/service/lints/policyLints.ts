import type { PolicyLint } from './policyLint';

/** Every single-policy lint, run in this order on each NetworkPolicy after the API server's checks. */
export const POLICY_LINTS: readonly PolicyLint[] = [];
