import type { FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { optionalInteger, optionalIntOrString, optionalList, optionalRecord, optionalString, stringList, type PlainRecord } from './decode';
import { parseCidr, type IpNet } from './ipAddress';
import { readLabelSelector, selectorProblem, type LabelSelector } from './labelSelector';

export type { Direction } from '../model/direction';
import type { Direction } from '../model/direction';

/** A NetworkPolicy as the reachability analysis reads it: defaults applied, CIDRs masked. */
export interface PolicyModel {
  /** `namespace/name`: the identity the API server gives it (a later definition replaces an earlier one). */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly spec: PolicySpec;
  readonly manifest: Manifest;
}

/**
 * The interpreted spec. It is cached per document value, so it keeps its identity while its document's text does
 * not change: the reachability engine keys its per-policy caches on it.
 */
export interface PolicySpec {
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  /** From `policyTypes`, or its default when it is empty. */
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  /** The rules of each affected direction (empty for a direction the policy does not affect). */
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  /** What had to be interpreted around (the API server would reject it), with the field path. */
  readonly notes: readonly PolicyNote[];
}

export interface PolicyNote {
  readonly path: FieldPath;
  readonly message: string;
}

export interface PolicyRule {
  readonly direction: Direction;
  readonly index: number;
  /** `from`/`to`; undefined when absent or empty: the rule matches every peer. */
  readonly peers: readonly PolicyPeer[] | undefined;
  /** `ports`; undefined when absent or empty: the rule matches every port. */
  readonly ports: readonly PolicyPort[] | undefined;
}

export type PolicyPeer = PodsPeer | IpBlockPeer | NothingPeer;

/** `podSelector` and/or `namespaceSelector` (at least one is set). */
export interface PodsPeer {
  readonly kind: 'pods';
  readonly index: number;
  /** Absent: the policy's own namespace. */
  readonly namespaceSelector: LabelSelector | undefined;
  /** Absent: every pod of the selected namespaces. */
  readonly podSelector: LabelSelector | undefined;
}

export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  readonly index: number;
  readonly cidr: IpNet;
  readonly except: readonly IpNet[];
}

/** A peer that cannot match anything (`{}`, an unparsable CIDR). */
export interface NothingPeer {
  readonly kind: 'nothing';
  readonly index: number;
  readonly reason: string;
}

export interface PolicyPort {
  readonly index: number;
  /** Defaults to TCP. Anything other than TCP, UDP or SCTP matches no traffic. */
  readonly protocol: string;
  /** A number, a container port name, or undefined for every port of the protocol. */
  readonly port: number | string | undefined;
  /** Inclusive end of a range starting at a numeric `port`. */
  readonly endPort: number | undefined;
}

export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';

const specCache = new WeakMap<object, Map<string, PolicySpec>>();

/**
 * Interprets a `networking.k8s.io/v1` NetworkPolicy. Throws a DecodeError when a field has the wrong type (the API
 * server could not decode the object, so it is left out); anything else that validation would reject is read as
 * literally as possible and noted.
 */
export function readNetworkPolicySpec(object: PlainRecord, defaultNamespace: string): PolicySpec {
  let byNamespace = specCache.get(object);
  if (!byNamespace) specCache.set(object, (byNamespace = new Map()));
  let spec = byNamespace.get(defaultNamespace);
  if (!spec) {
    spec = decodeSpec(object, defaultNamespace);
    byNamespace.set(defaultNamespace, spec);
  }
  return spec;
}

function decodeSpec(object: PlainRecord, defaultNamespace: string): PolicySpec {
  const metadata = optionalRecord(object.metadata, ['metadata']) ?? {};
  // A policy without `metadata.namespace` lands in the namespace kubectl applies it to.
  const namespace = optionalString(metadata.namespace, ['metadata', 'namespace']) || defaultNamespace;
  optionalString(metadata.name, ['metadata', 'name']);
  const spec = optionalRecord(object.spec, ['spec']) ?? {};
  const notes: PolicyNote[] = [];
  // spec.podSelector is a struct, not a pointer: absent or null decodes as `{}`, every pod of the namespace.
  const podSelector = readSelector(spec.podSelector, ['spec', 'podSelector'], notes);
  const ingressList = optionalList(spec.ingress, ['spec', 'ingress']) ?? [];
  const egressList = optionalList(spec.egress, ['spec', 'egress']) ?? [];
  const policyTypes = stringList(spec.policyTypes, ['spec', 'policyTypes']);
  let affectsIngress: boolean;
  let affectsEgress: boolean;
  if (policyTypes.length === 0) {
    // SetDefaults_NetworkPolicy (pkg/apis/networking/v1/defaults.go): an empty policyTypes means Ingress, plus
    // Egress when the policy has egress rules.
    affectsIngress = true;
    affectsEgress = egressList.length > 0;
  } else {
    affectsIngress = policyTypes.includes('Ingress');
    affectsEgress = policyTypes.includes('Egress');
    policyTypes.forEach((type, index) => {
      if (type !== 'Ingress' && type !== 'Egress')
        notes.push({ path: ['spec', 'policyTypes', index], message: `policy type ${JSON.stringify(type)} is neither Ingress nor Egress: ignored` });
    });
  }
  const ingress = ingressList.map((rule, index) => readRule('ingress', rule, index, notes));
  const egress = egressList.map((rule, index) => readRule('egress', rule, index, notes));
  if (!affectsIngress && ingress.length > 0)
    notes.push({ path: ['spec', 'ingress'], message: 'ingress rules are ignored: policyTypes does not include Ingress' });
  return {
    namespace,
    podSelector,
    affectsIngress,
    affectsEgress,
    ingress: affectsIngress ? ingress : [],
    egress: affectsEgress ? egress : [],
    notes,
  };
}

function readRule(direction: Direction, value: unknown, index: number, notes: PolicyNote[]): PolicyRule {
  const path: FieldPath = ['spec', direction, index];
  const rule = optionalRecord(value, path) ?? {};
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const peerList = optionalList(rule[peerField], [...path, peerField]) ?? [];
  const portList = optionalList(rule.ports, [...path, 'ports']) ?? [];
  return {
    direction,
    index,
    // NetworkPolicyIngressRule/EgressRule: "If this field is empty or missing, this rule matches all
    // sources/destinations" and "all ports".
    peers: peerList.length === 0 ? undefined : peerList.map((peer, peerIndex) => readPeer(peer, [...path, peerField, peerIndex], peerIndex, notes)),
    ports: portList.length === 0 ? undefined : portList.map((port, portIndex) => readPort(port, [...path, 'ports', portIndex], portIndex, notes)),
  };
}

function readPeer(value: unknown, path: FieldPath, index: number, notes: PolicyNote[]): PolicyPeer {
  const peer = optionalRecord(value, path) ?? {};
  const ipBlock = optionalRecord(peer.ipBlock, [...path, 'ipBlock']);
  const hasPods = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNamespaces = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  const podSelector = hasPods ? readSelector(peer.podSelector, [...path, 'podSelector'], notes) : undefined;
  const namespaceSelector = hasNamespaces ? readSelector(peer.namespaceSelector, [...path, 'namespaceSelector'], notes) : undefined;
  if (ipBlock) {
    const cidrText = optionalString(ipBlock.cidr, [...path, 'ipBlock', 'cidr']) ?? '';
    const exceptTexts = stringList(ipBlock.except, [...path, 'ipBlock', 'except']);
    if (hasPods || hasNamespaces) {
      // The API server rejects a peer with both; plugins built on the same types (and policy-assistant) read the ipBlock.
      notes.push({ path, message: 'a peer with ipBlock may not also have podSelector or namespaceSelector: only the ipBlock is evaluated' });
    }
    const cidr = parseCidr(cidrText);
    if (!cidr) {
      notes.push({ path: [...path, 'ipBlock', 'cidr'], message: `${JSON.stringify(cidrText)} is not a CIDR: the peer matches nothing` });
      return { kind: 'nothing', index, reason: `ipBlock.cidr ${JSON.stringify(cidrText)} is not a CIDR` };
    }
    const except: IpNet[] = [];
    for (let i = 0; i < exceptTexts.length; i++) {
      const net = parseCidr(exceptTexts[i]);
      if (!net) {
        notes.push({ path: [...path, 'ipBlock', 'except', i], message: `${JSON.stringify(exceptTexts[i])} is not a CIDR: the peer matches nothing` });
        return { kind: 'nothing', index, reason: `ipBlock.except[${i}] ${JSON.stringify(exceptTexts[i])} is not a CIDR` };
      }
      except.push(net);
    }
    return { kind: 'ipBlock', index, cidr, except };
  }
  if (!hasPods && !hasNamespaces) {
    notes.push({ path, message: 'a peer needs podSelector, namespaceSelector or ipBlock: this one matches nothing' });
    return { kind: 'nothing', index, reason: 'the peer names no pods, namespaces or IP block' };
  }
  return { kind: 'pods', index, namespaceSelector, podSelector };
}

function readPort(value: unknown, path: FieldPath, index: number, notes: PolicyNote[]): PolicyPort {
  const port = optionalRecord(value, path) ?? {};
  // SetDefaults_NetworkPolicyPort: the protocol defaults to TCP.
  const protocol = optionalString(port.protocol, [...path, 'protocol']) ?? 'TCP';
  const number = optionalIntOrString(port.port, [...path, 'port']);
  const endPort = optionalInteger(port.endPort, [...path, 'endPort']);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    notes.push({ path: [...path, 'protocol'], message: `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP: the entry matches no traffic` });
  }
  if (endPort !== undefined && typeof number !== 'number') {
    notes.push({ path: [...path, 'endPort'], message: 'endPort needs a numeric port: ignored' });
  }
  if (endPort !== undefined && typeof number === 'number' && endPort < number) {
    notes.push({ path: [...path, 'endPort'], message: `endPort ${endPort} is below port ${number}: the range is empty` });
  }
  return { index, protocol, port: number, endPort: typeof number === 'number' ? endPort : undefined };
}

function readSelector(value: unknown, path: FieldPath, notes: PolicyNote[]): LabelSelector {
  const selector = readLabelSelector(value, path);
  const problem = selectorProblem(selector);
  if (problem) notes.push({ path, message: `${problem}: the selector matches nothing` });
  return selector;
}
