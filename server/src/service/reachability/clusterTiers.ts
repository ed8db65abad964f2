import type { ClusterAction, ClusterPolicyModel, ClusterPolicySpec } from '../cluster/clusterPolicy';
import type { Endpoint } from '../cluster/endpoint';
import { matchesSelector } from '../cluster/labelSelector';
import type { Direction } from '../cluster/networkPolicy';
import type { NamespaceLabels } from './matching';
import { evaluateRuleOnClasses, type PartitionContext, type RuleClasses } from './policyClasses';
import { PortSetTable } from './portSetTable';

/**
 * The tiers of sig-network's cluster policies (ClusterNetworkPolicySpec.tier), per side of a connection (the
 * source's egress, the destination's ingress), each side on its own:
 *
 * 1. Admin tier, by priority then rule order: the first rule whose peer matches and whose ports include the port
 *    decides. Accept allows (NetworkPolicies not consulted), Deny denies, Pass skips the rest of the tier.
 * 2. NetworkPolicies: if one selects the pod for this direction, they decide (additively, as always).
 * 3. Baseline tier, only for pods no NetworkPolicy isolates in this direction: as the Admin tier.
 * 4. Otherwise allowed.
 *
 * Port by port: a rule decides the ports of its `protocols`/`ports` that no earlier rule decided.
 */
export interface ClusterPolicyClasses {
  readonly policy: ClusterPolicyModel;
  readonly selected: readonly number[];
  readonly ingress: readonly TierRuleClasses[];
  readonly egress: readonly TierRuleClasses[];
}

export interface TierRuleClasses extends RuleClasses {
  readonly action: ClusterAction;
}

/** The pods a cluster policy applies to: its subject's namespaces, and pods. Nothing outside the cluster. */
export function clusterPolicySelects(
  spec: ClusterPolicySpec,
  endpoint: Pick<Endpoint, 'kind' | 'namespace' | 'labels'>,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (!spec.subject || endpoint.kind === 'external' || endpoint.namespace === undefined) return false;
  if (!matchesSelector(spec.subject.namespaceSelector, namespaceLabels(endpoint.namespace))) return false;
  return spec.subject.podSelector === undefined || matchesSelector(spec.subject.podSelector, endpoint.labels);
}

export function evaluateClusterPolicyOnClasses(policy: ClusterPolicyModel, context: PartitionContext): ClusterPolicyClasses {
  const { partition } = context;
  const selected: number[] = [];
  for (const cls of partition.classes) if (clusterPolicySelects(policy.spec, cls.representative, context.namespaceLabels)) selected.push(cls.index);
  const ruleClasses = (rule: ClusterPolicySpec['ingress'][number]): TierRuleClasses => ({ ...evaluateRuleOnClasses(rule, '', context), action: rule.action });
  return { policy, selected, ingress: policy.spec.ingress.map(ruleClasses), egress: policy.spec.egress.map(ruleClasses) };
}

/** Per class and direction, the Admin and Baseline rules that apply to it, in evaluation order. */
export interface TierRules {
  readonly admin: readonly TierRuleClasses[];
  readonly baseline: readonly TierRuleClasses[];
}

export function tierRulesByClass(evaluated: readonly ClusterPolicyClasses[], classCount: number, direction: Direction): (TierRules | undefined)[] {
  const out: (TierRules | undefined)[] = new Array(classCount).fill(undefined);
  // `evaluated` is in evaluation order (the model sorts cluster policies): Admin by priority, then Baseline.
  for (const policy of evaluated) {
    const rules = direction === 'ingress' ? policy.ingress : policy.egress;
    if (rules.length === 0) continue;
    for (const index of policy.selected) {
      const entry = (out[index] ??= { admin: [], baseline: [] }) as { admin: TierRuleClasses[]; baseline: TierRuleClasses[] };
      (policy.policy.spec.tier === 'Admin' ? entry.admin : entry.baseline).push(...rules);
    }
  }
  return out;
}

/**
 * One side's allowed ports toward each peer class (port set ids of `table`), with the tiers applied around the
 * NetworkPolicy row `np` (undefined: no NetworkPolicy isolates the class in this direction).
 * `portsToward(rule, destination)` resolves a rule's ports on a destination class.
 */
export function tieredRow(
  tiers: TierRules,
  np: Int32Array | undefined,
  size: number,
  destinationOf: (peer: number) => number,
  portsToward: (rule: RuleClasses, destination: number) => number,
  table: PortSetTable,
): Int32Array {
  const row = new Int32Array(size);
  const ALL = PortSetTable.ALL;
  const apply = (rules: readonly TierRuleClasses[], peer: number, undecided: number): { allowed: number; rest: number } => {
    let allowed = PortSetTable.EMPTY;
    let passed = PortSetTable.EMPTY;
    let remaining = undecided;
    for (const rule of rules) {
      if (remaining === PortSetTable.EMPTY) break;
      if (rule.peers !== null && !rule.peers.has(peer)) continue;
      const matched = table.intersect(portsToward(rule, destinationOf(peer)), remaining);
      if (matched === PortSetTable.EMPTY) continue;
      if (rule.action === 'Accept') allowed = table.union(allowed, matched);
      else if (rule.action === 'Pass') passed = table.union(passed, matched);
      remaining = table.subtract(remaining, matched);
    }
    return { allowed, rest: table.union(remaining, passed) };
  };
  // A peer's cell depends only on which rules' peers match it, the NetworkPolicy cell, and (egress, named ports)
  // the destination's named ports: peers alike share one computation.
  const rules = [...tiers.admin, ...tiers.baseline];
  // For egress the destination is the peer, and a named port resolves on each peer; for ingress it is the subject.
  const perPeerDestination = size > 1 && destinationOf(0) !== destinationOf(1);
  const named = perPeerDestination && rules.some((rule) => rule.namedEntries.length > 0);
  const memo = new Map<string, number>();
  for (let peer = 0; peer < size; peer++) {
    let key = np === undefined ? '' : `${np[peer]}`;
    key += named ? `|${peer}|` : '|';
    for (const rule of rules) key += rule.peers === null || rule.peers.has(peer) ? '1' : '0';
    const known = memo.get(key);
    if (known !== undefined) {
      row[peer] = known;
      continue;
    }
    const admin = apply(tiers.admin, peer, ALL);
    let allowed = admin.allowed;
    if (np !== undefined) allowed = table.union(allowed, table.intersect(admin.rest, np[peer]));
    else {
      const baseline = apply(tiers.baseline, peer, admin.rest);
      allowed = table.union(allowed, table.union(baseline.allowed, baseline.rest));
    }
    row[peer] = allowed;
    memo.set(key, allowed);
  }
  return row;
}

/**
 * Rows shared by classes alike: two subject classes with the same tier rules (by identity) and the same
 * NetworkPolicy row (by identity) get the same row, unless a named port resolves on the subject itself (ingress).
 */
export class TieredRows {
  private readonly ids = new WeakMap<object, number>();
  private readonly rows = new Map<string, Int32Array>();

  private idOf(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) this.ids.set(object, (id = this.next++));
    return id;
  }
  private next = 1;

  row(subject: number, direction: 'ingress' | 'egress', tiers: TierRules, np: Int32Array | undefined, compute: () => Int32Array): Int32Array {
    const rules = [...tiers.admin, '|', ...tiers.baseline];
    const subjectMatters = direction === 'ingress' && rules.some((rule) => typeof rule !== 'string' && rule.namedEntries.length > 0);
    const key = `${direction}|${subjectMatters ? subject : ''}|${np === undefined ? '-' : this.idOf(np)}|${rules.map((rule) => (typeof rule === 'string' ? rule : this.idOf(rule))).join(',')}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = compute()));
    return row;
  }
}
