import type { ClusterModel } from '../cluster/clusterModel';
import type { SourceRef } from '../cluster/sourceRef';
import { describeClusterPolicy } from '../cluster/clusterPolicy';
import {
  explainConnection,
  type ClusterRuleExplanation,
  type ConnectionExplanation,
  type RuleExplanation,
  type SideExplanation,
  type TierExplanation,
} from '../reachability/explain';
import { formatPortSet, PROTOCOLS } from '../reachability/portSet';
import type { ExplainedSide, ExplanationView, Segment, ViewFilter, ViewRef } from './viewModel';

/**
 * Explains a cell for a filter: one explanation per protocol the filter names with a port (`any` protocol with a
 * port is three), or one for every port. Undefined when an endpoint is unknown.
 */
export function explainCell(
  model: ClusterModel,
  from: string,
  to: string,
  filter: ViewFilter,
  formatRef: (ref: SourceRef) => string,
): ExplanationView[] | undefined {
  const port = filter.port === 'any' ? undefined : filter.port;
  const protocols = port === undefined ? [filter.protocol === 'any' ? 'TCP' : filter.protocol] : filter.protocol === 'any' ? PROTOCOLS : [filter.protocol];
  const views: ExplanationView[] = [];
  for (const protocol of protocols) {
    const explanation = explainConnection(model, from, to, { port, protocol });
    if (!explanation) return undefined;
    views.push(toExplanationView(explanation, formatRef));
  }
  return views;
}

/**
 * An explanation as sentences with links: the verdict, then each side (the source's egress, the destination's
 * ingress): outside the cluster, not isolated, or isolated by its policies and allowed by a rule and peer (or why
 * no rule allows it). Every policy, rule, peer and port is a link to its place.
 */
export function toExplanationView(explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): ExplanationView {
  const link = (text: string, ref: SourceRef): Segment => ({ text, ref: toViewRef(ref, formatRef) });
  const anyPort = explanation.port === undefined;
  const query = anyPort
    ? 'on any port'
    : `on ${explanation.protocol} port ${typeof explanation.port === 'string' ? `"${explanation.port}"${explanation.resolvedPorts?.length ? ` (${explanation.resolvedPorts.join(', ')})` : ''}` : explanation.port}`;
  let verdict: string;
  if (explanation.selfTraffic) verdict = 'Allowed: a pod may always reach itself (a pod cannot block access to itself).';
  else if (explanation.resolvedPorts !== undefined && explanation.resolvedPorts.length === 0)
    verdict = `Denied: ${explanation.to.key} has no ${explanation.protocol} container port named "${explanation.port}".`;
  else if (anyPort) verdict = explanation.allowed ? `Allowed on ${formatPortSet(explanation.allowedPorts)}.` : 'Denied on every port.';
  else verdict = explanation.allowed ? 'Allowed.' : 'Denied.';

  const side = (side: SideExplanation): ExplainedSide => (side.tiers && side.inCluster ? tieredSide(side, side.tiers) : networkPolicySide(side));

  /** A side that cluster policies apply to: the Admin tier, then the NetworkPolicies or the Baseline tier. */
  const tieredSide = (side: SideExplanation, tiers: TierExplanation): ExplainedSide => {
    const title = `${side.direction === 'egress' ? 'Egress of' : 'Ingress of'} ${side.endpoint}`;
    const otherKey = side.direction === 'egress' ? explanation.to.key : explanation.from.key;
    const ruleSegments = (rule: ClusterRuleExplanation): Segment[] => [
      `${TIER_VERBS[rule.action]} by `,
      link(describeClusterPolicy(rule.policy), rule.policy.ref),
      ' ',
      link(rule.ref.path, rule.ref),
      ...(rule.name ? [` "${rule.name}"`] : []),
    ];
    const detail = (rule: ClusterRuleExplanation): Segment[] => [
      'peer ',
      link(rule.peer.ref.path, rule.peer.ref),
      ` matches ${otherKey}; ports ${formatPortSet(rule.ports)}`,
    ];
    const lines: (readonly Segment[])[] = [];
    let summary: Segment[];
    if (!anyPort && tiers.decidedBy === 'Admin' && tiers.rule) {
      summary = [...ruleSegments(tiers.rule), '; NetworkPolicies not consulted'];
      lines.push(detail(tiers.rule));
    } else {
      const pass = anyPort ? undefined : tiers.passedBy;
      summary = pass ? [...ruleSegments(pass), ' to the NetworkPolicies; '] : anyPort ? [] : ['no Admin tier rule matches; '];
      if (anyPort) for (const rule of tiers.rules) lines.push([...ruleSegments(rule), `: ${formatPortSet(rule.ports)}`]);
      if (side.isolated) {
        const middle = networkPolicySide(side);
        summary.push(...middle.summary);
        lines.push(...middle.lines);
      } else if (!anyPort && tiers.decidedBy === 'Baseline' && tiers.rule) {
        summary.push('not isolated by any NetworkPolicy: ', ...ruleSegments(tiers.rule));
        lines.push(detail(tiers.rule));
      } else {
        summary.push(
          anyPort
            ? 'not isolated by any NetworkPolicy: the ports no cluster policy rule decides are allowed'
            : 'not isolated by any NetworkPolicy, and no Baseline tier rule decides it: allowed',
        );
      }
    }
    for (const unknown of tiers.unknown) lines.push([link(unknown.message, unknown.ref)]);
    return { title, allowed: side.allowed, summary, lines };
  };

  const networkPolicySide = (side: SideExplanation): ExplainedSide => {
    const title = `${side.direction === 'egress' ? 'Egress of' : 'Ingress of'} ${side.endpoint}`;
    if (!side.inCluster) return { title, allowed: true, summary: ['outside the cluster: no policy applies'], lines: [] };
    if (!side.isolated)
      return { title, allowed: true, summary: [`not isolated: no NetworkPolicy selects it for ${side.direction}, so everything is allowed`], lines: [] };
    const summary: Segment[] = ['isolated by '];
    side.isolatingPolicies.forEach((policy, i) => {
      if (i > 0) summary.push(', ');
      summary.push(link(policy.id, policy.ref));
    });
    const otherKey = side.direction === 'egress' ? explanation.to.key : explanation.from.key;
    const lines: Segment[][] = [];
    const allowing = side.rules.filter((rule) => rule.allows);
    for (const rule of allowing)
      lines.push(['allowed by ', ...ruleLink(rule, link), ': ', ...peerText(rule, otherKey, link), '; ', ...portText(rule, explanation, link)]);
    if (allowing.length === 0) {
      lines.push([side.rules.length === 0 ? `no rule allows it: the policies have no ${side.direction} rules` : 'no rule allows it:']);
      for (const rule of side.rules) {
        if (rule.peer === null) lines.push([...ruleLink(rule, link), `: no peer matches ${otherKey}`]);
        else
          lines.push([
            ...ruleLink(rule, link),
            ': ',
            ...peerText(rule, otherKey, link),
            `, but its ports toward ${explanation.to.key} are ${formatPortSet(rule.ports)}`,
          ]);
      }
    }
    return { title, allowed: side.allowed, summary, lines };
  };

  return {
    from: explanation.from.key,
    to: explanation.to.key,
    query,
    allowed: explanation.allowed,
    verdict,
    sides: [side(explanation.egress), side(explanation.ingress)],
  };
}

const TIER_VERBS = { Accept: 'allowed', Deny: 'denied', Pass: 'passed' } as const;

export function toViewRef(ref: SourceRef, formatRef: (ref: SourceRef) => string): ViewRef {
  return { uri: ref.uri, start: ref.start, end: ref.end, path: ref.path, label: formatRef(ref) };
}

function ruleLink(rule: RuleExplanation, link: (text: string, ref: SourceRef) => Segment): Segment[] {
  return [`${rule.policy} `, link(rule.ref.path, rule.ref)];
}

function peerText(rule: RuleExplanation, otherKey: string, link: (text: string, ref: SourceRef) => Segment): Segment[] {
  if (rule.peer === 'all') return [`the rule has no ${rule.direction === 'ingress' ? 'from' : 'to'}, so it matches every peer`];
  if (rule.peer === null) return [`no peer matches ${otherKey}`];
  return ['peer ', link(rule.peer.ref.path, rule.peer.ref), ` matches ${otherKey}`];
}

function portText(rule: RuleExplanation, explanation: ConnectionExplanation, link: (text: string, ref: SourceRef) => Segment): Segment[] {
  if (rule.port === 'all') return ['the rule has no ports, so it matches every port'];
  if (explanation.port === undefined) return [`ports ${formatPortSet(rule.ports)}`];
  if (rule.port === null) return [`its ports are ${formatPortSet(rule.ports)}`];
  return ['port ', link(rule.port.ref.path, rule.port.ref), ' matches'];
}
