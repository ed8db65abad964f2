import type { SourceRef } from '../cluster/sourceRef';
import type { ConnectionExplanation, RuleExplanation, SideExplanation } from './explain';
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
    lines.push(`${from.key} -> ${to.key}${what}: ${verdict}${missingName ? ` (${to.key} has no ${explanation.protocol} container port named ${JSON.stringify(explanation.port)})` : ''}`);
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
  if (!side.isolated) return [`  ${title}: not isolated (no NetworkPolicy selects it for ${side.direction}): allowed`];
  const policies = side.isolatingPolicies.map((policy) => `${policy.id} (${formatRef(policy.ref)})`).join(', ');
  const lines = [`  ${title}: isolated by ${policies}`];
  const allowing = side.rules.filter((rule) => rule.allows);
  const otherKey = side.direction === 'egress' ? explanation.to.key : explanation.from.key;
  if (allowing.length > 0) {
    for (const rule of allowing) lines.push(`    allowed by ${ruleTitle(rule, formatRef)}: ${peerText(rule, otherKey, formatRef)}; ${portText(rule, explanation, formatRef)}`);
    return lines;
  }
  lines.push(`    no rule allows it${side.rules.length === 0 ? `: the policies have no ${side.direction} rules` : ':'}`);
  for (const rule of side.rules) {
    if (rule.peer === null) lines.push(`    ${ruleTitle(rule, formatRef)}: no peer matches ${otherKey}`);
    else lines.push(`    ${ruleTitle(rule, formatRef)}: ${peerText(rule, otherKey, formatRef)}, but its ports toward ${explanation.to.key} are ${formatPortSet(rule.ports)}`);
  }
  for (const policy of side.isolatingPolicies) {
    if (!side.rules.some((rule) => rule.policy === policy.id) && side.rules.length > 0) lines.push(`    ${policy.id}: no ${side.direction} rules (it only isolates)`);
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
