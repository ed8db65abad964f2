import { allowAllRule } from './allowAllRule';
import { duplicatePolicyTypes } from './duplicatePolicyTypes';
import { duplicateRules } from './duplicateRules';
import { egressWithoutPolicyTypes } from './egressWithoutPolicyTypes';
import { emptyPeerList } from './emptyPeerList';
import { endPortEqualsPort } from './endPortEqualsPort';
import { exceptOverlap } from './exceptOverlap';
import { ingressFromAnywhere } from './ingressFromAnywhere';
import { namedPortToIpBlock } from './namedPortToIpBlock';
import { orInsteadOfAnd } from './orInsteadOfAnd';
import type { PolicyLint } from './policyLint';
import { rulesIgnoredByPolicyTypes } from './rulesIgnoredByPolicyTypes';
import { splitPeersAndPorts } from './splitPeersAndPorts';

/** Every single-policy lint, run in this order on each NetworkPolicy after the API server's checks. */
export const POLICY_LINTS: readonly PolicyLint[] = [
  // policyTypes: which rules count at all.
  rulesIgnoredByPolicyTypes,
  egressWithoutPolicyTypes,
  duplicatePolicyTypes,
  // Rules and peers that do not mean what they seem to.
  orInsteadOfAnd,
  splitPeersAndPorts,
  emptyPeerList,
  allowAllRule,
  duplicateRules,
  // ipBlocks and ports.
  ingressFromAnywhere,
  exceptOverlap,
  namedPortToIpBlock,
  endPortEqualsPort,
];
