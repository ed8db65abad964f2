import type { ClusterModel } from '../cluster/clusterModel';
import {
  clusterPolicyApiVersion,
  isClusterPolicyKind,
  readClusterPolicySpec,
  type ClusterPolicyModel,
  type ClusterPolicyRule,
  type ClusterPolicySpec,
} from '../cluster/clusterPolicy';
import { netContainsNet } from '../cluster/ipAddress';
import { isEmptySelector, type LabelSelector } from '../cluster/labelSelector';
import type { PolicyPeer, PolicyPort } from '../cluster/networkPolicy';
import { objectRefOf } from '../cluster/sourceRef';
import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import { isValidSelector } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

/**
 * Lints of the order in which cluster policies (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy) are evaluated: in a tier, lower `priority` first, a policy's rules in the order
 * written, the first matching rule decides and Pass skips the rest of the tier.
 *
 * Covers are decided on the selectors and values as written, never on the workspace's workloads: a rule is
 * reported as shadowed only when every label set, address and port its traffic can have is certainly matched by
 * the earlier rule (`selectorCovers`, `peersCover`, `portsCover`). Policies of different kinds are not compared
 * (a cluster runs either the v1alpha1 or the v1alpha2 API; their relative order is not defined), nor rules the
 * model could not read as written (a note on the rule, tier, priority or subject: validation reports those).
 */

type Dir = 'ingress' | 'egress';
const DIRS: readonly Dir[] = ['ingress', 'egress'];

/** Policies compared pairwise past this many of one kind and tier are not compared (bounded cost). */
const MAX_POLICIES = 300;

/** `a` selects every label set `b` selects: each requirement of `a` is also a requirement of `b`. */
export function selectorCovers(a: LabelSelector, b: LabelSelector): boolean {
  for (const [key, value] of Object.entries(a.matchLabels)) if (b.matchLabels[key] !== value) return false;
  return a.matchExpressions.every((ra) =>
    b.matchExpressions.some(
      (rb) =>
        rb.key === ra.key &&
        rb.operator === ra.operator &&
        rb.values.length === ra.values.length &&
        [...rb.values].sort().join('\0') === [...ra.values].sort().join('\0'),
    ),
  );
}

interface PodSet {
  readonly namespaceSelector: LabelSelector | undefined;
  readonly podSelector: LabelSelector | undefined;
}

/** Every pod of `b` is a pod of `a` (a namespace selector always set: cluster policies have no "own namespace"). */
function podsCover(a: PodSet, b: PodSet): boolean {
  if (!a.namespaceSelector || !b.namespaceSelector) return false;
  if (!selectorCovers(a.namespaceSelector, b.namespaceSelector)) return false;
  if (a.podSelector === undefined) return true;
  return b.podSelector === undefined ? isEmptySelector(a.podSelector) : selectorCovers(a.podSelector, b.podSelector);
}

function peerCovers(a: PolicyPeer, b: PolicyPeer): boolean {
  if (a.kind === 'pods' && b.kind === 'pods') return podsCover(a, b);
  if (a.kind === 'ipBlock' && b.kind === 'ipBlock') return a.except.length === 0 && b.except.length === 0 && netContainsNet(a.cidr, b.cidr);
  return false;
}

/** Every peer of `b` is covered by a peer of `a`. A peer matching nothing here (nodes, domainNames) is never covered. */
function peersCover(a: readonly PolicyPeer[], b: readonly PolicyPeer[]): boolean {
  return b.length > 0 && b.every((pb) => a.some((pa) => peerCovers(pa, pb)));
}

function portCovers(a: PolicyPort, b: PolicyPort): boolean {
  if (a.protocol !== b.protocol) return false;
  if (a.port === undefined) return true;
  if (typeof a.port === 'string' || typeof b.port === 'string') return a.port === b.port;
  if (b.port === undefined) return false;
  const aEnd = a.endPort ?? a.port;
  const bEnd = b.endPort ?? b.port;
  return a.port <= b.port && bEnd <= aEnd;
}

/** Every port `b` matches, `a` matches (absent ports: every port). */
function portsCover(a: readonly PolicyPort[] | undefined, b: readonly PolicyPort[] | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  return b.every((pb) => a.some((pa) => portCovers(pa, pb)));
}

/** Rule `a` (of a policy whose subject is `sa`) matches all the traffic rule `b` (subject `sb`) matches. */
function ruleCovers(sa: PodSet, a: ClusterPolicyRule, sb: PodSet, b: ClusterPolicyRule): boolean {
  return podsCover(sa, sb) && peersCover(a.peers, b.peers) && portsCover(a.ports, b.ports);
}

/** Rules `a` and `b` certainly match some traffic in common: in each part one covers the other. */
function rulesOverlap(sa: PodSet, a: ClusterPolicyRule, sb: PodSet, b: ClusterPolicyRule): boolean {
  const either = <T>(x: T, y: T, covers: (p: T, q: T) => boolean): boolean => covers(x, y) || covers(y, x);
  return either(sa, sb, podsCover) && either(a.peers, b.peers, peersCover) && either(a.ports, b.ports, portsCover);
}

function selectorsValid(set: PodSet): boolean {
  return (!set.namespaceSelector || isValidSelector(set.namespaceSelector)) && (!set.podSelector || isValidSelector(set.podSelector));
}

/** A policy read as written: no note on its tier, priority or subject, and a valid subject. */
function readable(policy: ClusterPolicyModel): PodSet | undefined {
  const { spec } = policy;
  if (!spec.subject || !selectorsValid(spec.subject)) return undefined;
  if (spec.notes.some((note) => note.path[0] === 'spec' && (note.path[1] === 'tier' || note.path[1] === 'priority' || note.path[1] === 'subject')))
    return undefined;
  return spec.subject;
}

/** A rule read as written: no note under it, every pods peer with valid selectors. */
function ruleReadable(spec: ClusterPolicySpec, rule: ClusterPolicyRule): boolean {
  if (spec.notes.some((note) => note.path[0] === 'spec' && note.path[1] === rule.direction && note.path[2] === rule.index)) return false;
  return rule.peers.every((peer) => peer.kind !== 'pods' || selectorsValid(peer));
}

function actionWord(kind: ClusterPolicyModel['kind'], action: ClusterPolicyRule['action']): string {
  return action === 'Accept' && kind !== 'ClusterNetworkPolicy' ? 'Allow' : action;
}

function ruleLabel(rule: ClusterPolicyRule): string {
  return `spec.${rule.direction}[${rule.index}]${rule.name ? ` (\`${rule.name}\`)` : ''}`;
}

interface Analysis {
  readonly shadowed: Map<string, Issue[]>;
  readonly ties: Map<string, Issue[]>;
}

const memo = new WeakMap<ClusterModel, Analysis>();

function refKey(policy: ClusterPolicyModel): string {
  const ref = objectRefOf(policy.manifest);
  return `${ref.uri}@${ref.start}`;
}

function analyse(model: ClusterModel): Analysis {
  let analysis = memo.get(model);
  if (analysis) return analysis;
  analysis = { shadowed: new Map(), ties: new Map() };
  const groups = new Map<string, { policy: ClusterPolicyModel; subject: PodSet }[]>();
  for (const policy of model.clusterPolicies ?? []) {
    const subject = readable(policy);
    if (!subject) continue;
    const key = `${policy.kind}/${policy.spec.tier}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ policy, subject });
  }
  for (const group of groups.values()) {
    if (group.length > MAX_POLICIES) continue;
    // The model lists policies in evaluation order: lower priority first.
    group.forEach(({ policy, subject }, at) => {
      const issues: Issue[] = [];
      for (const direction of DIRS) {
        const rules = policy.spec[direction];
        rules.forEach((rule, index) => {
          if (!ruleReadable(policy.spec, rule)) return;
          // The same policy's earlier rules, then earlier policies' (strictly lower priority: ties are unordered).
          let by: { rule: ClusterPolicyRule; where: string; kind: ClusterPolicyModel['kind'] } | undefined;
          for (let i = 0; i < index && !by; i++) {
            const earlier = rules[i];
            if (ruleReadable(policy.spec, earlier) && ruleCovers(subject, earlier, subject, rule))
              by = { rule: earlier, where: 'of this policy', kind: policy.kind };
          }
          for (let p = 0; p < at && !by; p++) {
            const other = group[p];
            if ((other.policy.spec.priority ?? 0) >= (policy.spec.priority ?? 0)) continue;
            for (const earlier of other.policy.spec[direction]) {
              if (ruleReadable(other.policy.spec, earlier) && ruleCovers(other.subject, earlier, subject, rule)) {
                by = {
                  rule: earlier,
                  where: `of ${other.policy.kind} \`${other.policy.name}\` (priority ${other.policy.spec.priority ?? '-'})`,
                  kind: other.policy.kind,
                };
                break;
              }
            }
          }
          if (!by) return;
          const action = actionWord(by.kind, by.rule.action);
          const mine = actionWord(policy.kind, rule.action);
          const effect =
            by.rule.action === 'Pass'
              ? 'passes all of its traffic to the next tier first'
              : by.rule.action === rule.action
                ? `already ${action === 'Deny' ? 'denies' : 'allows'} all of its traffic, so this rule changes nothing`
                : `decides all of its traffic first (${action}), so this ${mine} never applies`;
          issues.push({
            code: 'cnp.rule-shadowed',
            message: `This ${direction} rule is never reached: rule ${ruleLabel(by.rule)} ${by.where}, evaluated before it in the ${policy.spec.tier} tier, matches every pod, peer and port it matches and ${effect}. ${by.rule.action === rule.action ? 'Remove it' : 'Remove it, or move it before the broader rule'}.`,
            path: ['spec', direction, index],
            at: ['spec', direction, index, 'action'],
            onKey: true,
          });
        });
      }
      if (issues.length > 0) analysis.shadowed.set(refKey(policy), issues);
      // Same priority: the implementation picks either policy's rule.
      if (policy.kind === 'BaselineAdminNetworkPolicy') return;
      const conflicts: string[] = [];
      for (const other of group) {
        if (other === group[at] || other.policy.spec.priority !== policy.spec.priority) continue;
        const clash = firstClash(policy, subject, other.policy, other.subject);
        if (clash) conflicts.push(clash);
      }
      if (conflicts.length > 0) {
        const shown = conflicts.slice(0, 3).join('; ');
        const more = conflicts.length > 3 ? `; and ${conflicts.length - 3} more` : '';
        analysis.ties.set(refKey(policy), [
          {
            code: 'cnp.priority-tie',
            message: `Another ${policy.spec.tier}-tier ${policy.kind} has priority ${policy.spec.priority} too, and its rules match traffic this policy's rules match with another action: ${shown}${more}. Which decides is up to the implementation: give the policies different priorities.`,
            path: ['spec', 'priority'],
          },
        ]);
      }
    });
  }
  memo.set(model, analysis);
  return analysis;
}

function firstClash(policy: ClusterPolicyModel, subject: PodSet, other: ClusterPolicyModel, otherSubject: PodSet): string | undefined {
  for (const direction of DIRS) {
    for (const rule of policy.spec[direction]) {
      if (!ruleReadable(policy.spec, rule)) continue;
      for (const theirs of other.spec[direction]) {
        if (theirs.action === rule.action || !ruleReadable(other.spec, theirs)) continue;
        if (rulesOverlap(subject, rule, otherSubject, theirs)) {
          return `\`${other.name}\` ${ruleLabel(theirs)} (${actionWord(other.kind, theirs.action)}) against ${ruleLabel(rule)} (${actionWord(policy.kind, rule.action)})`;
        }
      }
    }
  }
  return undefined;
}

function modelPolicyOf(manifest: Parameters<WorkspaceLint['check']>[0], model: ClusterModel): ClusterPolicyModel | undefined {
  if (!isClusterPolicyKind(manifest.kind) || manifest.apiVersion !== clusterPolicyApiVersion(manifest.kind)) return undefined;
  const ref = objectRefOf(manifest);
  return (model.clusterPolicies ?? []).find((policy) => {
    const other = objectRefOf(policy.manifest);
    return other.uri === ref.uri && other.start === ref.start;
  });
}

/**
 * `cnp.rule-shadowed`: a rule whose traffic an earlier rule of the same tier (of the same policy, or of a policy of
 * the same kind with a lower priority) certainly all matches: it never decides anything.
 */
export const clusterRuleShadowed: WorkspaceLint = {
  codes: ['cnp.rule-shadowed'],
  scope: 'policies',
  check(manifest, { model }) {
    const policy = modelPolicyOf(manifest, model);
    return policy ? (analyse(model).shadowed.get(refKey(policy)) ?? []) : [];
  },
};

/**
 * `cnp.priority-tie`: two policies of one kind and tier with the same priority, whose rules certainly match some
 * traffic in common with different actions. The API leaves the choice between them to the implementation.
 */
export const clusterPriorityTie: WorkspaceLint = {
  codes: ['cnp.priority-tie'],
  scope: 'policies',
  check(manifest, { model }) {
    const policy = modelPolicyOf(manifest, model);
    return policy ? (analyse(model).ties.get(refKey(policy)) ?? []) : [];
  },
};

/**
 * `cnp.baseline-pass`: Pass in a Baseline-tier ClusterNetworkPolicy. Pass hands the traffic to the next tier, and
 * after the Baseline tier there is none: the traffic gets the Kubernetes default (allowed), as if accepted, and
 * the Baseline tier's later rules are skipped. (BaselineAdminNetworkPolicy has no Pass: validation refuses it.)
 */
export const clusterBaselinePass: WorkspaceLint = {
  codes: ['cnp.baseline-pass'],
  scope: 'cluster',
  check(manifest) {
    if (manifest.kind !== 'ClusterNetworkPolicy' || manifest.apiVersion !== clusterPolicyApiVersion('ClusterNetworkPolicy')) return [];
    let spec: ClusterPolicySpec;
    try {
      spec = readClusterPolicySpec('ClusterNetworkPolicy', manifest.value);
    } catch {
      return [];
    }
    const raw = isRecord(manifest.value.spec) ? manifest.value.spec : {};
    if (spec.tier !== 'Baseline' || raw.tier !== 'Baseline') return [];
    const issues: Issue[] = [];
    for (const direction of DIRS) {
      for (const rule of spec[direction]) {
        if (rule.action !== 'Pass') continue;
        const path: FieldPath = ['spec', direction, rule.index, 'action'];
        issues.push({
          code: 'cnp.baseline-pass',
          message:
            "Pass in the Baseline tier: there is no tier after it, so the traffic this rule matches gets the Kubernetes default (allowed), as with Accept, and the Baseline tier's later rules are skipped. Write Accept if that is meant, or Deny.",
          path,
        });
      }
    }
    return issues;
  },
};
