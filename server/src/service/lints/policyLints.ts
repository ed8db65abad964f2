import { duplicatePolicyTypes } from './duplicatePolicyTypes';
import { egressWithoutPolicyTypes } from './egressWithoutPolicyTypes';
import type { PolicyLint } from './policyLint';
import { rulesIgnoredByPolicyTypes } from './rulesIgnoredByPolicyTypes';

/** Every single-policy lint, run in this order on each NetworkPolicy after the API server's checks. */
export const POLICY_LINTS: readonly PolicyLint[] = [
  // policyTypes: which rules count at all.
  rulesIgnoredByPolicyTypes,
  egressWithoutPolicyTypes,
  duplicatePolicyTypes,
];
