import type { FieldPath } from '../fieldPath';
import { isRecord, type Manifest } from '../model/manifest';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { describeCidrRange, describeIpBlock } from '../explain/describeCidr';
import { describePeer, describePort, describeRule, effectivePolicyTypes, isAndPeer, joinOr } from '../explain/describeRule';
import { peersField, type Direction } from '../model/direction';
import { describeSelector } from '../explain/describeSelector';
import { fieldDocumentation } from '../explain/fieldDocs';
import { clusterPolicyApiVersion, isClusterPolicyKind } from '../cluster/clusterPolicy';
import { explainClusterPolicyAt } from './clusterPolicyHover';
import { manifestAt } from './findManifestAt';

/** A hover: markdown, and the span it is about (offsets in the file). */
export interface HoverResult {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Answers questions about what the workspace holds, for hovers that name the workloads a selector matches or the
 * numbers a named port resolves to. Implemented over the cluster model; hovers work without it, in words only.
 */
export interface WorkspaceFacts {
  /** Workloads and pods (`namespace/name`) that a policy's `spec.podSelector` selects. */
  selectedBy(policy: Manifest): readonly string[] | undefined;
  /** Workloads and pods that one peer of a policy matches. */
  matchedByPeer(policy: Manifest, direction: Direction, ruleIndex: number, peerIndex: number): readonly string[] | undefined;
  /** For a named port of a rule, each destination endpoint with the numbers the name resolves to there. */
  resolveNamedPort(
    policy: Manifest,
    direction: Direction,
    ruleIndex: number,
    portName: string,
    protocol: string,
  ): readonly { endpoint: string; ports: readonly number[] }[] | undefined;
}

export interface HoverContext {
  readonly settings: ServiceSettings;
  readonly facts?: WorkspaceFacts;
}

/** The hover at `offset` in a file: what the peer, rule, selector, CIDR or field under the cursor means. */
export function getHover(file: ParsedFile, offset: number, context: HoverContext): HoverResult | undefined {
  const found = manifestAt(file, offset);
  if (!found || found.path.length === 0) return undefined;
  const { kind, apiVersion } = found.manifest;
  const cluster = isClusterPolicyKind(kind) && apiVersion === clusterPolicyApiVersion(kind);
  if (!cluster && kind !== 'NetworkPolicy') return undefined;
  const sections = cluster ? explainClusterPolicyAt(found.manifest, kind, found.path) : explainAt(found.manifest, found.path, found.onKey, context);
  if (sections.length === 0) return undefined;
  return { markdown: sections.join('\n\n---\n\n'), start: found.target.start + found.documentOffset, end: found.target.end + found.documentOffset };
}

function explainAt(policy: Manifest, path: FieldPath, onKey: boolean, context: HoverContext): string[] {
  const sections: string[] = [];
  const namespace = policy.namespace ?? context.settings.defaultNamespace;
  const spec = isRecord(policy.value.spec) ? policy.value.spec : {};
  const [first, second, ruleIndex, fourth, fifth] = path;
  if (first !== 'spec') return withFieldDoc(sections, path, onKey);

  if ((second === 'ingress' || second === 'egress') && typeof ruleIndex === 'number') {
    const direction: Direction = second;
    const rules = spec[direction];
    const rule = Array.isArray(rules) ? rules[ruleIndex] : undefined;
    const ruleRecord = isRecord(rule) ? rule : {};
    if (fourth === peersField(direction) && typeof fifth === 'number') {
      sections.push(...explainPeer(policy, direction, ruleIndex, fifth, ruleRecord, path.slice(5), namespace, context));
    } else if (fourth === 'ports' && typeof fifth === 'number') {
      sections.push(explainPort(policy, direction, ruleIndex, ruleRecord, fifth, context));
    } else {
      sections.push(explainRule(rule, direction, ruleIndex, namespace, spec));
    }
  } else if (second === 'policyTypes') {
    sections.push(explainPolicyTypes(spec));
  } else if (second === 'podSelector') {
    sections.push(explainPodSelector(policy, spec, namespace, context));
  } else if ((second === 'ingress' || second === 'egress') && path.length === 2) {
    sections.push(explainPolicyTypes(spec));
  }
  return withFieldDoc(sections, path, onKey);
}

function withFieldDoc(sections: string[], path: FieldPath, onKey: boolean): string[] {
  const doc = fieldDocumentation(path);
  if (doc && (onKey || sections.length === 0)) sections.push(doc);
  return sections;
}

function explainRule(rule: unknown, direction: Direction, index: number, namespace: string, spec: Record<string, unknown>): string {
  const types = effectivePolicyTypes(spec);
  const active = direction === 'ingress' ? types.ingress : types.egress;
  const text = `**${capitalize(direction)} rule ${index + 1}** allows ${describeRule(rule, direction, namespace)}.`;
  return active ? text : `${text}\n\n⚠️ Ignored: \`policyTypes\` does not include ${capitalize(direction)}, so this rule has no effect.`;
}

function explainPeer(
  policy: Manifest,
  direction: Direction,
  ruleIndex: number,
  peerIndex: number,
  rule: Record<string, unknown>,
  inner: FieldPath,
  namespace: string,
  context: HoverContext,
): string[] {
  const peers = rule[peersField(direction)];
  const list = Array.isArray(peers) ? peers : [];
  const peer = list[peerIndex];
  const sections: string[] = [];
  // On a CIDR value: its range and size, and what except removes.
  if (isRecord(peer) && isRecord(peer.ipBlock) && inner[0] === 'ipBlock') {
    const except = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except.filter((e): e is string => typeof e === 'string') : [];
    if (inner[1] === 'cidr' && typeof peer.ipBlock.cidr === 'string') {
      const text = describeIpBlock(peer.ipBlock.cidr, except);
      if (text) sections.push(`\`${peer.ipBlock.cidr}\`: ${text}.`);
    } else if (inner[1] === 'except' && typeof inner[2] === 'number' && typeof except[inner[2]] === 'string') {
      const text = describeCidrRange(except[inner[2]]);
      if (text) sections.push(`Leaves out \`${except[inner[2]]}\`: ${text}.`);
    }
  }
  const preposition = direction === 'ingress' ? 'from' : 'to';
  // A podSelector with a namespaceSelector: ANDed, said on the peer's own line as OR is said between peers.
  const and = isAndPeer(peer) ? ' (**AND**: both must match, the podSelector on the pod and the namespaceSelector on its namespace)' : '';
  let text = `**Peer ${peerIndex + 1} of ${list.length}**: ${describePeer(peer, namespace)}${and}.`;
  if (list.length > 1) {
    const others = list.map((p, i) => (i === peerIndex ? `*${describePeer(p, namespace)}*` : describePeer(p, namespace)));
    text += `\n\nPeers are ORed: this rule allows traffic ${preposition} ${joinOr(others)}.`;
  }
  const matched = context.facts?.matchedByPeer(policy, direction, ruleIndex, peerIndex);
  if (matched && isRecord(peer) && peer.ipBlock !== undefined) {
    // An ipBlock matches pods by address: only Pods with a known `status.podIP` can be named (a workload's pods
    // get theirs when they run), so matching none is the usual case and not worth a line.
    if (matched.length > 0) text += `\n\n${listWorkloads('Matches', matched, ' by known IP')}`;
  } else if (matched) {
    text += `\n\n${listWorkloads('Matches', matched)}`;
  }
  sections.push(text);
  return sections;
}

function explainPort(
  policy: Manifest,
  direction: Direction,
  ruleIndex: number,
  rule: Record<string, unknown>,
  portIndex: number,
  context: HoverContext,
): string {
  const ports = Array.isArray(rule.ports) ? rule.ports : [];
  const entry = ports[portIndex];
  let text = `**Port entry ${portIndex + 1} of ${ports.length}**: ${describePort(entry)}.`;
  if (isRecord(entry) && typeof entry.port === 'string') {
    const protocol = typeof entry.protocol === 'string' ? entry.protocol : 'TCP';
    text += `\n\nA named port is looked up on each **destination** pod's container ports (same name and ${protocol}).`;
    const resolved = context.facts?.resolveNamedPort(policy, direction, ruleIndex, entry.port, protocol);
    if (resolved) {
      text +=
        resolved.length === 0
          ? `\n\nNo destination in the workspace declares a ${protocol} port named "${entry.port}": this entry matches nothing there.`
          : `\n\nResolves to:\n${resolved.map((r) => `- \`${r.endpoint}\`: ${r.ports.join(', ')}`).join('\n')}`;
    }
  }
  return text;
}

function explainPolicyTypes(spec: Record<string, unknown>): string {
  const types = effectivePolicyTypes(spec);
  const directions = [types.ingress ? 'ingress' : '', types.egress ? 'egress' : ''].filter(Boolean).join(' and ');
  const origin = types.defaulted
    ? ' (`policyTypes` not given: Ingress, plus Egress because the policy has egress rules' + (types.egress ? ')' : ' — it has none)')
    : '';
  return `This policy isolates the selected pods for **${directions || 'nothing'}**${origin}. In an isolated direction, only what some rule of some selecting policy allows gets through.`;
}

function explainPodSelector(policy: Manifest, spec: Record<string, unknown>, namespace: string, context: HoverContext): string {
  const types = effectivePolicyTypes(spec);
  const directions = [types.ingress ? 'ingress' : '', types.egress ? 'egress' : ''].filter(Boolean).join(' and ');
  let text = `Selects ${describeSelector(spec.podSelector, 'pods')} in namespace \`${namespace}\`, and isolates them for ${directions || 'nothing'}.`;
  const selected = context.facts?.selectedBy(policy);
  if (selected) text += `\n\n${listWorkloads('Selects', selected)}`;
  return text;
}

function listWorkloads(verb: string, names: readonly string[], how = ''): string {
  if (names.length === 0) return `${verb} no workload in the workspace.`;
  const shown = names
    .slice(0, 10)
    .map((n) => `\`${n}\``)
    .join(', ');
  return `${verb} ${names.length} in the workspace${how}: ${shown}${names.length > 10 ? ', …' : ''}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
