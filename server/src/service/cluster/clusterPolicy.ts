import type { FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { optionalInteger, optionalList, optionalRecord, optionalString, stringList, type PlainRecord } from './decode';
import { parseCidr, type IpNet } from './ipAddress';
import { matchesSelector, readLabelSelector, selectorProblem, type LabelSelector } from './labelSelector';
import type { Direction, PolicyNote, PolicyPeer, PolicyPort, PolicyRule } from './networkPolicy';

/**
 * Cluster-scoped policies of sig-network's network-policy-api, read into one shape:
 * - `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy (`tier: Admin | Baseline`, `priority`, actions
 *   Accept / Deny / Pass, ports under `protocols`);
 * - `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy (the Admin tier; Allow / Deny / Pass, `ports`) and
 *   BaselineAdminNetworkPolicy (the Baseline tier, only `default`; Allow / Deny).
 *
 * Evaluation order (ClusterNetworkPolicySpec.tier): Admin tier, then NetworkPolicies, then the Baseline tier; in
 * a tier, lower `priority` first and a policy's rules in the order written; the first matching rule decides, Pass
 * skips the rest of its tier. Ties of priority are implementation-defined; here by kind, then name.
 */
export const CLUSTER_POLICY_GROUP = 'policy.networking.k8s.io';
export const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';
export const ADMIN_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha1';

export type ClusterPolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
export type ClusterTier = 'Admin' | 'Baseline';
/** ANP's Allow is read as Accept. */
export type ClusterAction = 'Accept' | 'Deny' | 'Pass';

export function isClusterPolicyKind(kind: string | undefined): kind is ClusterPolicyKind {
  return kind === 'ClusterNetworkPolicy' || kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy';
}

/** The apiVersion each kind is served in (v0.2.0: ClusterNetworkPolicy in v1alpha2, the older two in v1alpha1). */
export function clusterPolicyApiVersion(kind: ClusterPolicyKind): string {
  return kind === 'ClusterNetworkPolicy' ? CLUSTER_NETWORK_POLICY_API_VERSION : ADMIN_NETWORK_POLICY_API_VERSION;
}

export interface ClusterPolicyModel {
  /** `Kind/name` (cluster-scoped: no namespace). */
  readonly id: string;
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly spec: ClusterPolicySpec;
  readonly manifest: Manifest;
}

export interface ClusterPolicySpec {
  readonly kind: ClusterPolicyKind;
  readonly tier: ClusterTier;
  /** 0..1000; a BaselineAdminNetworkPolicy has none (it is alone in its API). */
  readonly priority: number | undefined;
  /** The pods it applies to: those of the namespaces matching `namespaceSelector`, matching `podSelector`. */
  readonly subject: { readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector | undefined } | undefined;
  readonly ingress: readonly ClusterPolicyRule[];
  readonly egress: readonly ClusterPolicyRule[];
  readonly notes: readonly PolicyNote[];
}

/**
 * A rule: peers as NetworkPolicy peers (`namespaces` = a peer with only a namespace selector, `pods` = both
 * selectors, `networks` = one ipBlock per CIDR, all with the index of the peer they come from), `peers` never
 * undefined (a cluster policy rule lists its peers). `nodes` and `domainNames` peers match no endpoint of the
 * model: the rule records that its verdict depends on them.
 */
export interface ClusterPolicyRule extends PolicyRule {
  readonly peers: readonly PolicyPeer[];
  readonly action: ClusterAction;
  readonly name: string | undefined;
  /** Indices of `domainNames` peers: the rule's effect on traffic to outside the cluster depends on DNS. */
  readonly domainPeers: readonly number[];
  /**
   * `nodes` peers, with their selectors: with Node manifests in the workspace the model resolves them to the nodes'
   * addresses (`resolveNodePeers`); without, they match nothing and the verdict depends on node labels.
   */
  readonly nodePeers: readonly number[];
  readonly nodeSelectors?: readonly { readonly index: number; readonly selector: LabelSelector }[];
}

const specCache = new WeakMap<object, ClusterPolicySpec>();

/** Reads one cluster policy. Throws a DecodeError for a wrong type (the object is left out), like NetworkPolicy. */
export function readClusterPolicySpec(kind: ClusterPolicyKind, object: PlainRecord): ClusterPolicySpec {
  let spec = specCache.get(object);
  if (!spec || spec.kind !== kind) {
    spec = decodeSpec(kind, object);
    specCache.set(object, spec);
  }
  return spec;
}

function decodeSpec(kind: ClusterPolicyKind, object: PlainRecord): ClusterPolicySpec {
  const metadata = optionalRecord(object.metadata, ['metadata']) ?? {};
  optionalString(metadata.name, ['metadata', 'name']);
  const spec = optionalRecord(object.spec, ['spec']) ?? {};
  const notes: PolicyNote[] = [];
  let tier: ClusterTier;
  if (kind === 'ClusterNetworkPolicy') {
    const text = optionalString(spec.tier, ['spec', 'tier']);
    if (text === 'Admin' || text === 'Baseline') tier = text;
    else {
      tier = 'Admin';
      notes.push({
        path: ['spec', 'tier'],
        message: `tier ${text === undefined ? 'is missing' : `${JSON.stringify(text)} is neither Admin nor Baseline`}: evaluated as Admin`,
      });
    }
  } else tier = kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
  let priority: number | undefined;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    priority = optionalInteger(spec.priority, ['spec', 'priority']);
    if (priority === undefined) {
      notes.push({ path: ['spec', 'priority'], message: 'priority is missing: evaluated as 1000 (last)' });
      priority = 1000;
    }
  }
  const subject = readSubject(spec.subject, notes);
  const ingress = (optionalList(spec.ingress, ['spec', 'ingress']) ?? []).map((rule, index) => readRule(kind, 'ingress', rule, index, notes));
  const egress = (optionalList(spec.egress, ['spec', 'egress']) ?? []).map((rule, index) => readRule(kind, 'egress', rule, index, notes));
  return { kind, tier, priority, subject, ingress, egress, notes };
}

function readSubject(value: unknown, notes: PolicyNote[]): ClusterPolicySpec['subject'] {
  const path: FieldPath = ['spec', 'subject'];
  const subject = optionalRecord(value, path);
  if (!subject) {
    notes.push({ path, message: 'subject is missing: the policy applies to no pod' });
    return undefined;
  }
  if (subject.namespaces !== undefined && subject.namespaces !== null) {
    return { namespaceSelector: readSelector(subject.namespaces, [...path, 'namespaces'], notes), podSelector: undefined };
  }
  if (subject.pods !== undefined && subject.pods !== null) {
    const pods = optionalRecord(subject.pods, [...path, 'pods']) ?? {};
    return {
      namespaceSelector: readSelector(pods.namespaceSelector, [...path, 'pods', 'namespaceSelector'], notes),
      podSelector: readSelector(pods.podSelector, [...path, 'pods', 'podSelector'], notes),
    };
  }
  notes.push({ path, message: 'subject has neither namespaces nor pods: the policy applies to no pod' });
  return undefined;
}

function readAction(kind: ClusterPolicyKind, value: unknown, path: FieldPath, notes: PolicyNote[]): ClusterAction {
  const text = optionalString(value, path);
  const allowed = kind === 'ClusterNetworkPolicy' ? ['Accept', 'Deny', 'Pass'] : kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  if (text !== undefined && allowed.includes(text)) return text === 'Allow' ? 'Accept' : (text as ClusterAction);
  // A rule the API server would refuse: read so that it decides nothing in doubt's favour of allowing.
  notes.push({
    path,
    message: `action ${text === undefined ? 'is missing' : `${JSON.stringify(text)} is not one of ${allowed.join(', ')}`}: evaluated as Deny`,
  });
  return 'Deny';
}

function readRule(kind: ClusterPolicyKind, direction: Direction, value: unknown, index: number, notes: PolicyNote[]): ClusterPolicyRule {
  const path: FieldPath = ['spec', direction, index];
  const rule = optionalRecord(value, path) ?? {};
  const action = readAction(kind, rule.action, [...path, 'action'], notes);
  const name = optionalString(rule.name, [...path, 'name']);
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const peers: PolicyPeer[] = [];
  const domainPeers: number[] = [];
  const nodePeers: number[] = [];
  const nodeSelectors: { index: number; selector: LabelSelector }[] = [];
  (optionalList(rule[peerField], [...path, peerField]) ?? []).forEach((item, peerIndex) => {
    const peerPath: FieldPath = [...path, peerField, peerIndex];
    const peer = optionalRecord(item, peerPath) ?? {};
    const present = (key: string): boolean => peer[key] !== undefined && peer[key] !== null;
    if (present('namespaces')) {
      peers.push({
        kind: 'pods',
        index: peerIndex,
        namespaceSelector: readSelector(peer.namespaces, [...peerPath, 'namespaces'], notes),
        podSelector: undefined,
      });
    } else if (present('pods')) {
      const pods = optionalRecord(peer.pods, [...peerPath, 'pods']) ?? {};
      peers.push({
        kind: 'pods',
        index: peerIndex,
        namespaceSelector: readSelector(pods.namespaceSelector, [...peerPath, 'pods', 'namespaceSelector'], notes),
        podSelector: readSelector(pods.podSelector, [...peerPath, 'pods', 'podSelector'], notes),
      });
    } else if (direction === 'egress' && present('networks')) {
      stringList(peer.networks, [...peerPath, 'networks']).forEach((text, netIndex) => {
        const cidr = parseCidr(text);
        if (cidr) peers.push({ kind: 'ipBlock', index: peerIndex, cidr, except: [] });
        else notes.push({ path: [...peerPath, 'networks', netIndex], message: `${JSON.stringify(text)} is not a CIDR: it matches nothing` });
      });
    } else if (direction === 'egress' && present('nodes')) {
      nodeSelectors.push({ index: peerIndex, selector: readSelector(peer.nodes, [...peerPath, 'nodes'], notes) });
      nodePeers.push(peerIndex);
      peers.push({ kind: 'nothing', index: peerIndex, reason: 'a nodes peer matches node IPs: node traffic is not modelled (depends on node labels)' });
    } else if (direction === 'egress' && present('domainNames')) {
      stringList(peer.domainNames, [...peerPath, 'domainNames']);
      domainPeers.push(peerIndex);
      notes.push({
        path: [...peerPath, 'domainNames'],
        message:
          'depends on DNS: domainNames cannot be evaluated from manifests, so this peer matches no endpoint here; traffic to outside the cluster it would match is shown as the later rules and tiers decide it (explanations mark it unknown)',
      });
      peers.push({ kind: 'nothing', index: peerIndex, reason: 'a domainNames peer matches the addresses its names resolve to (depends on DNS)' });
    } else {
      // "If an implementation sees no fields are set ... it should fail closed": an Accept matches nothing, a Deny
      // or Pass everything.
      notes.push({
        path: peerPath,
        message: `a peer with none of the known fields: ${action === 'Accept' ? 'matches nothing (Accept fails closed)' : 'matches everything (Deny and Pass fail closed)'}`,
      });
      if (action === 'Accept') peers.push({ kind: 'nothing', index: peerIndex, reason: 'a peer with no known field (fail closed)' });
      else peers.push(...everythingPeers(peerIndex));
    }
  });
  const ports =
    kind === 'ClusterNetworkPolicy' ? readProtocols(rule.protocols, [...path, 'protocols'], notes) : readAnpPorts(rule.ports, [...path, 'ports'], notes);
  return { direction, index, peers, ports, action, name, domainPeers, nodePeers, ...(nodeSelectors.length > 0 ? { nodeSelectors } : {}) };
}

/** Every pod of every namespace, and every address: `namespaces: {}` plus 0.0.0.0/0 and ::/0. */
function everythingPeers(index: number): PolicyPeer[] {
  const out: PolicyPeer[] = [{ kind: 'pods', index, namespaceSelector: { matchLabels: {}, matchExpressions: [] }, podSelector: undefined }];
  for (const text of ['0.0.0.0/0', '::/0']) {
    const cidr = parseCidr(text);
    if (cidr) out.push({ kind: 'ipBlock', index, cidr, except: [] });
  }
  return out;
}

/** v1alpha2 `protocols`: `tcp`/`udp`/`sctp` with a `destinationPort` number or range, or `destinationNamedPort`. */
function readProtocols(value: unknown, path: FieldPath, notes: PolicyNote[]): PolicyPort[] | undefined {
  const list = optionalList(value, path);
  if (list === undefined || list.length === 0) return undefined;
  const out: PolicyPort[] = [];
  list.forEach((item, index) => {
    const entryPath: FieldPath = [...path, index];
    const entry = optionalRecord(item, entryPath) ?? {};
    const named = optionalString(entry.destinationNamedPort, [...entryPath, 'destinationNamedPort']);
    if (named) {
      // A named port is the destination's container port of that name, whatever its protocol.
      for (const protocol of ['TCP', 'UDP', 'SCTP']) out.push({ index, protocol, port: named, endPort: undefined });
      return;
    }
    for (const [key, protocol] of [
      ['tcp', 'TCP'],
      ['udp', 'UDP'],
      ['sctp', 'SCTP'],
    ] as const) {
      const attributes = optionalRecord(entry[key], [...entryPath, key]);
      if (!attributes) continue;
      const destination = optionalRecord(attributes.destinationPort, [...entryPath, key, 'destinationPort']);
      if (!destination) {
        out.push({ index, protocol, port: undefined, endPort: undefined });
        return;
      }
      const number = optionalInteger(destination.number, [...entryPath, key, 'destinationPort', 'number']);
      const range = optionalRecord(destination.range, [...entryPath, key, 'destinationPort', 'range']);
      if (range) {
        const start = optionalInteger(range.start, [...entryPath, key, 'destinationPort', 'range', 'start']) ?? 0;
        const end = optionalInteger(range.end, [...entryPath, key, 'destinationPort', 'range', 'end']) ?? 0;
        if (end < start)
          notes.push({ path: [...entryPath, key, 'destinationPort', 'range'], message: `end ${end} is below start ${start}: the range is empty` });
        out.push({ index, protocol, port: start, endPort: end });
      } else if (number !== undefined) out.push({ index, protocol, port: number, endPort: undefined });
      else out.push({ index, protocol, port: undefined, endPort: undefined });
      return;
    }
    notes.push({ path: entryPath, message: 'a protocols entry with none of tcp, udp, sctp, destinationNamedPort: it matches no traffic' });
  });
  return out;
}

/** v1alpha1 `ports`: `portNumber` {protocol, port}, `namedPort`, or `portRange` {protocol, start, end}. */
function readAnpPorts(value: unknown, path: FieldPath, notes: PolicyNote[]): PolicyPort[] | undefined {
  const list = optionalList(value, path);
  if (list === undefined || list.length === 0) return undefined;
  const out: PolicyPort[] = [];
  list.forEach((item, index) => {
    const entryPath: FieldPath = [...path, index];
    const entry = optionalRecord(item, entryPath) ?? {};
    const number = optionalRecord(entry.portNumber, [...entryPath, 'portNumber']);
    const named = optionalString(entry.namedPort, [...entryPath, 'namedPort']);
    const range = optionalRecord(entry.portRange, [...entryPath, 'portRange']);
    if (number) {
      const protocol = optionalString(number.protocol, [...entryPath, 'portNumber', 'protocol']) ?? 'TCP';
      out.push({ index, protocol, port: optionalInteger(number.port, [...entryPath, 'portNumber', 'port']) ?? 0, endPort: undefined });
    } else if (named !== undefined) {
      for (const protocol of ['TCP', 'UDP', 'SCTP']) out.push({ index, protocol, port: named, endPort: undefined });
    } else if (range) {
      const protocol = optionalString(range.protocol, [...entryPath, 'portRange', 'protocol']) ?? 'TCP';
      const start = optionalInteger(range.start, [...entryPath, 'portRange', 'start']) ?? 0;
      const end = optionalInteger(range.end, [...entryPath, 'portRange', 'end']) ?? 0;
      out.push({ index, protocol, port: start, endPort: end });
    } else notes.push({ path: entryPath, message: 'a ports entry with none of portNumber, namedPort, portRange: it matches no traffic' });
  });
  return out;
}

function readSelector(value: unknown, path: FieldPath, notes: PolicyNote[]): LabelSelector {
  const selector = readLabelSelector(value, path);
  const problem = selectorProblem(selector);
  if (problem) notes.push({ path, message: `${problem}: the selector matches nothing` });
  return selector;
}

/** Admin before Baseline; in a tier, lower priority first, then by kind (ClusterNetworkPolicy first) and name. */
export function compareClusterPolicies(a: ClusterPolicyModel, b: ClusterPolicyModel): number {
  if (a.spec.tier !== b.spec.tier) return a.spec.tier === 'Admin' ? -1 : 1;
  const pa = a.spec.priority ?? Number.MAX_SAFE_INTEGER;
  const pb = b.spec.priority ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How a policy is named in explanations: "Admin cluster policy `x` (priority 10)". */
export function describeClusterPolicy(policy: {
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly tier: ClusterTier;
  readonly priority: number | undefined;
}): string {
  const what = policy.kind === 'ClusterNetworkPolicy' ? `${policy.tier} cluster policy` : policy.kind;
  return `${what} \`${policy.name}\`${policy.priority !== undefined ? ` (priority ${policy.priority})` : ''}`;
}

/** A Node manifest as `nodes` peers see it: its labels and the addresses of `status.addresses`. */
export interface NodeModel {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addresses: readonly IpNet[];
}

const resolved = new WeakMap<ClusterPolicySpec, { readonly key: string; readonly spec: ClusterPolicySpec }>();

/**
 * The spec with its `nodes` peers matching the addresses (as /32 or /128) of the Node manifests their selectors
 * match, and no longer counted as unknown. The same spec object while the spec and the nodes stay the same (the
 * engine caches by identity). Without `nodes` peers or Node manifests: the spec itself.
 */
export function resolveNodePeers(spec: ClusterPolicySpec, nodes: readonly NodeModel[], nodesKey: string): ClusterPolicySpec {
  if (nodes.length === 0 || !spec.egress.some((rule) => rule.nodeSelectors)) return spec;
  const known = resolved.get(spec);
  if (known && known.key === nodesKey) return known.spec;
  const egress = spec.egress.map((rule): ClusterPolicyRule => {
    if (!rule.nodeSelectors) return rule;
    const peers: PolicyPeer[] = rule.peers.filter((peer) => !(peer.kind === 'nothing' && rule.nodePeers.includes(peer.index)));
    for (const { index, selector } of rule.nodeSelectors) {
      for (const node of nodes)
        if (matchesSelector(selector, node.labels)) for (const cidr of node.addresses) peers.push({ kind: 'ipBlock', index, cidr, except: [] });
    }
    peers.sort((a, b) => a.index - b.index);
    return { ...rule, peers, nodePeers: [] };
  });
  const result = { ...spec, egress };
  resolved.set(spec, { key: nodesKey, spec: result });
  return result;
}
