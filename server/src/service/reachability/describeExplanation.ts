import type { SourceRef } from '../cluster/sourceRef';
import { describeClusterPolicy } from '../cluster/clusterPolicy';
import type { ClusterRuleExplanation, ConnectionExplanation, RuleExplanation, SideExplanation, TierExplanation } from './explain';
import { formatPortSet } from './portSet';

/**
 * An explanation in words, one line each, indented by two spaces per level: what `--explain` prints and hovers
 * show. `formatRef` turns a source reference into text (`file:line:column`, a link, ...).
 */
export function describeExplanation(explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string[] {
  const { from, to } = explanation;
  const what = queryText(explanation);
  const lines: string[] = [];
  if (explanation.selfTraffic) {
    lines.push(`${from.key} -> ${to.key}${what}: ALLOWED: traffic from a pod to itself is always allowed (a pod cannot block access to itself)`);
  } else {
    const verdict = explanation.allowed ? 'ALLOWED' : 'DENIED';
    const missingName = explanation.resolvedPorts !== undefined && explanation.resolvedPorts.length === 0;
    lines.push(
      `${from.key} -> ${to.key}${what}: ${verdict}${missingName ? ` (${to.key} has no ${explanation.protocol} container port named ${JSON.stringify(explanation.port)})` : ''}`,
    );
    if (explanation.port === undefined) lines.push(`  allowed ports: ${formatPortSet(explanation.allowedPorts)}`);
  }
  lines.push(...describeSide(explanation.egress, explanation, formatRef));
  lines.push(...describeSide(explanation.ingress, explanation, formatRef));
  return lines;
}

function queryText(explanation: ConnectionExplanation): string {
  if (explanation.port === undefined) return '';
  if (typeof explanation.port === 'number') return ` on ${explanation.protocol} port ${explanation.port}`;
  const resolved = explanation.resolvedPorts ?? [];
  return ` on ${explanation.protocol} port ${JSON.stringify(explanation.port)}${resolved.length > 0 ? ` (${resolved.join(', ')})` : ''}`;
}

function describeSide(side: SideExplanation, explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string[] {
  const title = `${side.direction} of ${side.endpoint}`;
  if (!side.inCluster) return [`  ${title}: outside the cluster, no policy applies`];
  if (side.tiers) return describeTiers(side, side.tiers, explanation, formatRef);
  return describeNetworkPolicies(side, explanation, formatRef);
}

const VERDICTS = { Accept: 'allowed', Deny: 'denied', Pass: 'passed' } as const;

/** "denied by Admin cluster policy `x` (priority 10) spec.egress[0] (file:3:5)". */
function clusterRuleText(rule: ClusterRuleExplanation, formatRef: (ref: SourceRef) => string): string {
  const name = rule.name ? ` "${rule.name}"` : '';
  return `${VERDICTS[rule.action]} by ${describeClusterPolicy(rule.policy)} ${rule.ref.path}${name} (${formatRef(rule.ref)})`;
}

function describeTiers(side: SideExplanation, tiers: TierExplanation, explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string[] {
  const title = `${side.direction} of ${side.endpoint}`;
  const otherKey = side.direction === 'egress' ? explanation.to.key : explanation.from.key;
  const lines: string[] = [];
  const policies = tiers.policies.map((policy) => `${describeClusterPolicy(policy)} (${formatRef(policy.ref)})`).join(', ');
  const ruleDetail = (rule: ClusterRuleExplanation): string =>
    `peer ${rule.peer.ref.path} (${formatRef(rule.peer.ref)}) matches ${otherKey}; ports ${formatPortSet(rule.ports)}`;
  // The NetworkPolicies' lines, as the middle tier.
  const networkPolicies = (): string[] =>
    describeNetworkPolicies(side, explanation, formatRef).map((line, index) =>
      index === 0 ? line.replace(`  ${title}: `, '    NetworkPolicies: ') : `  ${line}`,
    );
  if (explanation.port === undefined) {
    // Every port: the rules decide port by port, in order; what they leave goes to the next tier.
    lines.push(`  ${title}: allowed ports ${formatPortSet(side.allowedPorts)}, through the tiers (cluster policies applying: ${policies})`);
    for (const rule of tiers.rules) lines.push(`    ${clusterRuleText(rule, formatRef)}: ${formatPortSet(rule.ports)}`);
    if (side.isolated)
      lines.push(
        ...networkPolicies().map((line, index) =>
          index === 0 ? line.replace('NetworkPolicies: ', 'NetworkPolicies, for the ports the Admin tier left or passed: ') : line,
        ),
      );
    else lines.push(`    not isolated by any NetworkPolicy: the ports no rule decided are allowed`);
  } else if (tiers.decidedBy === 'Admin' && tiers.rule) {
    lines.push(`  ${title}: ${clusterRuleText(tiers.rule, formatRef)}; NetworkPolicies not consulted`, `    ${ruleDetail(tiers.rule)}`);
  } else {
    const pass = tiers.passedBy;
    if (pass) lines.push(`  ${title}: ${clusterRuleText(pass, formatRef)} to the NetworkPolicies`, `    ${ruleDetail(pass)}`);
    else lines.push(`  ${title}: no Admin tier rule matches (cluster policies applying: ${policies})`);
    if (side.isolated) lines.push(...networkPolicies());
    else if (tiers.decidedBy === 'Baseline' && tiers.rule) {
      lines.push(`    not isolated by any NetworkPolicy: ${clusterRuleText(tiers.rule, formatRef)}`, `      ${ruleDetail(tiers.rule)}`);
    } else {
      lines.push(`    not isolated by any NetworkPolicy, and no Baseline tier rule decides it: allowed`);
    }
  }
  for (const unknown of tiers.unknown) lines.push(`    ${unknown.message} (${formatRef(unknown.ref)})`);
  return lines;
}

function describeNetworkPolicies(side: SideExplanation, explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string[] {
  const title = `${side.direction} of ${side.endpoint}`;
  if (!side.isolated) return [`  ${title}: not isolated (no NetworkPolicy selects it for ${side.direction}): allowed`];
  const policies = side.isolatingPolicies.map((policy) => `${policy.id} (${formatRef(policy.ref)})`).join(', ');
  const lines = [`  ${title}: isolated by ${policies}`];
  const allowing = side.rules.filter((rule) => rule.allows);
  const otherKey = side.direction === 'egress' ? explanation.to.key : explanation.from.key;
  if (allowing.length > 0) {
    for (const rule of allowing)
      lines.push(`    allowed by ${ruleTitle(rule, formatRef)}: ${peerText(rule, otherKey, formatRef)}; ${portText(rule, explanation, formatRef)}`);
    return lines;
  }
  lines.push(`    no rule allows it${side.rules.length === 0 ? `: the policies have no ${side.direction} rules` : ':'}`);
  for (const rule of side.rules) {
    if (rule.peer === null) lines.push(`    ${ruleTitle(rule, formatRef)}: no peer matches ${otherKey}`);
    else
      lines.push(
        `    ${ruleTitle(rule, formatRef)}: ${peerText(rule, otherKey, formatRef)}, but its ports toward ${explanation.to.key} are ${formatPortSet(rule.ports)}`,
      );
  }
  for (const policy of side.isolatingPolicies) {
    if (!side.rules.some((rule) => rule.policy === policy.id) && side.rules.length > 0)
      lines.push(`    ${policy.id}: no ${side.direction} rules (it only isolates)`);
  }
  return lines;
}

function ruleTitle(rule: RuleExplanation, formatRef: (ref: SourceRef) => string): string {
  return `${rule.policy} ${rule.ref.path} (${formatRef(rule.ref)})`;
}

function peerText(rule: RuleExplanation, otherKey: string, formatRef: (ref: SourceRef) => string): string {
  if (rule.peer === 'all') return `the rule has no ${rule.direction === 'ingress' ? 'from' : 'to'}, so it matches every peer`;
  if (rule.peer === null) return `no peer matches ${otherKey}`;
  return `peer ${rule.peer.ref.path} (${formatRef(rule.peer.ref)}) matches ${otherKey}`;
}

function portText(rule: RuleExplanation, explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string {
  if (rule.port === 'all') return 'the rule has no ports, so it matches every port';
  if (explanation.port === undefined) return `ports ${formatPortSet(rule.ports)}`;
  if (rule.port === null) return `its ports are ${formatPortSet(rule.ports)}`;
  return `port ${rule.port.ref.path} (${formatRef(rule.port.ref)}) matches`;
}
