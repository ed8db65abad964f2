import { NAMESPACE_NAME_LABEL, type ClusterModel } from '../cluster/clusterModel';
import type { IpNet } from '../cluster/ipAddress';
import type { IpRangeIndex } from '../cluster/ipRangeIndex';
import { matchesSelector, selectorKey, type Labels } from '../cluster/labelSelector';
import type { PolicyPeer, PolicyPort, PolicyRule, PolicySpec } from '../cluster/networkPolicy';
import { Bitset } from './bitset';
import type { EndpointPartition } from './endpointClasses';
import { policySelects, portEntryPorts } from './matching';
import { ALL_PORTS, NO_PORTS, unionPortSets, type PortSet } from './portSet';

/** A policy evaluated once per endpoint class: which classes it selects, and which classes each rule's peers match. */
export interface PolicyClasses {
  readonly spec: PolicySpec;
  /** Classes the policy selects (classes of its namespace matching its podSelector). */
  readonly selected: readonly number[];
  readonly ingress: readonly RuleClasses[];
  readonly egress: readonly RuleClasses[];
}

export interface RuleClasses {
  readonly rule: PolicyRule;
  /** Classes some peer matches; null for a rule without peers (every class). */
  readonly peers: Bitset | null;
  /** Ports allowed toward every destination: numeric entries, or every port without `ports`. */
  readonly fixedPorts: PortSet;
  /** Entries with a port name, resolved on each destination. */
  readonly namedEntries: readonly PolicyPort[];
}

/** Shared by all policies evaluated on one partition: equal peers in one namespace are evaluated once. */
export interface PartitionContext {
  readonly partition: EndpointPartition;
  readonly namespaceLabels: (namespace: string) => Labels;
  readonly peerMemo: Map<string, Bitset>;
  readonly ipRanges: IpRangeIndex;
  /** Range index node of each named CIDR. */
  readonly nodeOfNet: ReadonlyMap<string, number>;
}

export function createPartitionContext(model: ClusterModel, partition: EndpointPartition): PartitionContext {
  const nodeOfNet = new Map<string, number>();
  model.ipRanges.nodes.forEach((node, index) => nodeOfNet.set(netKey(node.net), index));
  return { partition, namespaceLabels: namespaceLabelsOf(model), peerMemo: new Map(), ipRanges: model.ipRanges, nodeOfNet };
}

function netKey(net: IpNet): string {
  return `${net.family}|${net.text}`;
}

export function namespaceLabelsOf(model: ClusterModel): (namespace: string) => Labels {
  return (namespace) => model.namespaces.get(namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: namespace };
}

export function evaluatePolicyOnClasses(spec: PolicySpec, context: PartitionContext): PolicyClasses {
  const { partition } = context;
  const selected: number[] = [];
  for (const index of partition.classesByNamespace.get(spec.namespace) ?? []) {
    if (policySelects(spec, partition.classes[index].representative)) selected.push(index);
  }
  const ruleClasses = (rule: PolicyRule): RuleClasses => evaluateRuleOnClasses(rule, spec.namespace, context);
  return { spec, selected, ingress: spec.ingress.map(ruleClasses), egress: spec.egress.map(ruleClasses) };
}

/** One rule on the classes: the classes its peers match and its ports (named ones kept for each destination). */
export function evaluateRuleOnClasses(rule: PolicyRule, policyNamespace: string, context: PartitionContext): RuleClasses {
  let peers: Bitset | null = null;
  if (rule.peers !== undefined) {
    peers = new Bitset(context.partition.classes.length);
    for (const peer of rule.peers) peers.or(peerClasses(peer, policyNamespace, context));
  }
  let fixedPorts = rule.ports === undefined ? ALL_PORTS : NO_PORTS;
  const namedEntries: PolicyPort[] = [];
  for (const entry of rule.ports ?? []) {
    if (typeof entry.port === 'string') namedEntries.push(entry);
    else fixedPorts = unionPortSets(fixedPorts, portEntryPorts(entry, { ports: [] }));
  }
  return { rule, peers, fixedPorts, namedEntries };
}

/** The ports a rule allows toward one destination class. */
export function ruleClassPorts(rule: RuleClasses, destination: Parameters<typeof portEntryPorts>[1]): PortSet {
  let out = rule.fixedPorts;
  for (const entry of rule.namedEntries) out = unionPortSets(out, portEntryPorts(entry, destination));
  return out;
}

function peerClasses(peer: PolicyPeer, policyNamespace: string, context: PartitionContext): Bitset {
  const key = peerKey(peer, policyNamespace);
  const known = context.peerMemo.get(key);
  if (known) return known;
  const { partition, namespaceLabels } = context;
  const set = new Bitset(partition.classes.length);
  if (peer.kind === 'pods') {
    // Only classes in the namespaces the peer can reach are looked at.
    const namespaces =
      peer.namespaceSelector === undefined
        ? [policyNamespace]
        : [...partition.classesByNamespace.keys()].filter((namespace) => matchesSelector(peer.namespaceSelector!, namespaceLabels(namespace)));
    for (const namespace of namespaces) {
      for (const index of partition.classesByNamespace.get(namespace) ?? []) {
        if (peer.podSelector === undefined || matchesSelector(peer.podSelector, partition.classes[index].representative.labels)) set.add(index);
      }
    }
  } else if (peer.kind === 'ipBlock') {
    // Every CIDR a policy names is a node of the range index, and an address's verdict depends only on its deepest
    // node: the ipBlock matches when its cidr is that node or an ancestor, and none of its excepts is.
    const nodes = context.ipRanges.nodes;
    const cidr = context.nodeOfNet.get(netKey(peer.cidr));
    const excepts = new Set(peer.except.map((net) => context.nodeOfNet.get(netKey(net))));
    const matches = new Map<number, boolean>();
    const nodeMatches = (node: number): boolean => {
      let known = matches.get(node);
      if (known === undefined) {
        let inCidr = false;
        let excepted = false;
        for (let at = node; at !== -1; at = nodes[at].parent) {
          if (at === cidr) inCidr = true;
          if (excepts.has(at)) excepted = true;
        }
        matches.set(node, (known = inCidr && !excepted));
      }
      return known;
    };
    for (const cls of partition.classes) if (cls.rangeNodes.some((node) => node !== -1 && nodeMatches(node))) set.add(cls.index);
  }
  context.peerMemo.set(key, set);
  return set;
}

function peerKey(peer: PolicyPeer, policyNamespace: string): string {
  switch (peer.kind) {
    case 'nothing':
      return 'nothing';
    case 'ipBlock':
      return `ip|${peer.cidr.family}|${peer.cidr.text}|${peer.except
        .map((net) => `${net.family}|${net.text}`)
        .sort()
        .join(',')}`;
    case 'pods':
      return JSON.stringify([
        peer.namespaceSelector === undefined ? ['own', policyNamespace] : ['ns', selectorKey(peer.namespaceSelector)],
        peer.podSelector === undefined ? ['all'] : ['pods', selectorKey(peer.podSelector)],
      ]);
  }
}
