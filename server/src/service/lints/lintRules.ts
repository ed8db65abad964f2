import type { RuleInfo } from '../findings';

/** The codes of the lints: API-valid policies that are wrong or risky. */
export const LINT_RULES = {
  'policytypes.rules-ignored': { severity: 'warning', title: 'Rules of a direction that policyTypes leaves out do nothing' },
  'policytypes.egress-without-policytypes': { severity: 'warning', title: 'Egress rules without policyTypes also deny all ingress' },
  'policytypes.duplicate': { severity: 'information', title: 'A policy type is listed twice in policyTypes' },
  'peers.or-instead-of-and': { severity: 'warning', title: 'A namespaceSelector and a podSelector written as two peers (OR), probably meant as one (AND)' },
  'rules.split-peers-and-ports': { severity: 'warning', title: 'Peers and ports split into two rules allow more than one rule would' },
  'peers.empty-list-allows-all': { severity: 'warning', title: '`from: []` or `to: []` (or the key with no value) matches everyone' },
  'rules.allow-all': { severity: 'hint', title: 'A rule with no peers and no ports allows all traffic in its direction' },
  'rules.duplicate': { severity: 'warning', title: 'A rule repeats an earlier rule of the same direction' },
  'ipblock.ingress-from-anywhere': { severity: 'information', title: 'Ingress from 0.0.0.0/0 or ::/0 with no except admits every address' },
  'ipblock.except-overlap': { severity: 'information', title: 'An except entry is already covered by another' },
  'ports.named-port-to-ipblock': { severity: 'warning', title: 'A named port on an egress rule to ipBlocks only never matches' },
  'ports.endport-equals-port': { severity: 'hint', title: '`endPort` equals `port`: write `port` alone' },
} as const satisfies Record<string, RuleInfo>;
