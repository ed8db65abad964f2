import type { ClusterModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import type { LabelSelector } from '../cluster/labelSelector';

/**
 * Endpoints that every policy treats alike, evaluated once for all of them. Two endpoints are alike when they have
 * the same kind (in the cluster or external), namespace, values for the label keys that some selector mentions,
 * container ports under the names some policy mentions, and deepest named CIDR for each address. Nothing else an
 * endpoint has can change a verdict, so the cost of an analysis grows with distinct identities, not with pods.
 */
export interface EndpointClass {
  readonly index: number;
  readonly key: string;
  /** One member; its verdicts are every member's. */
  readonly representative: Endpoint;
  /** Indices into the model's endpoints. */
  readonly members: readonly number[];
  /** For each address of the representative, the deepest named CIDR holding it (`IpRangeIndex` node, or -1). */
  readonly rangeNodes: readonly number[];
}

export interface EndpointPartition {
  /** Changes whenever a class, or a namespace's labels, could change. */
  readonly key: string;
  readonly classes: readonly EndpointClass[];
  /** Class index of each of the model's endpoints. */
  readonly classOf: Int32Array;
  /** Class indices per namespace (classes of endpoints in the cluster). */
  readonly classesByNamespace: ReadonlyMap<string, readonly number[]>;
}

export function partitionEndpoints(model: ClusterModel): EndpointPartition {
  const labelKeys = new Set<string>();
  const portNames = new Set<string>();
  const addSelector = (selector: LabelSelector | undefined): void => {
    if (!selector) return;
    for (const key of Object.keys(selector.matchLabels)) labelKeys.add(key);
    for (const requirement of selector.matchExpressions) labelKeys.add(requirement.key);
  };
  for (const policy of model.policies) {
    addSelector(policy.spec.podSelector);
    for (const rule of [...policy.spec.ingress, ...policy.spec.egress]) {
      for (const peer of rule.peers ?? []) if (peer.kind === 'pods') addSelector(peer.podSelector);
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') portNames.add(port.port);
    }
  }

  for (const policy of model.clusterPolicies ?? []) {
    addSelector(policy.spec.subject?.podSelector);
    for (const rule of [...policy.spec.ingress, ...policy.spec.egress]) {
      for (const peer of rule.peers) if (peer.kind === 'pods') addSelector(peer.podSelector);
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') portNames.add(port.port);
    }
  }

  const rangeSignature = model.ipRanges.nodes.map((node) => `${node.net.family}|${node.net.text}`).join(',');
  const signature = `${[...labelKeys].sort().join(',')}|${[...portNames].sort().join(',')}|${rangeSignature}`;
  const byKey = new Map<string, { representative: Endpoint; members: number[] }>();
  const endpointKeys: string[] = [];
  model.endpoints.forEach((endpoint, index) => {
    const key = cachedIdentityKey(endpoint, signature, () => identityKey(endpoint, labelKeys, portNames, model));
    endpointKeys.push(key);
    const found = byKey.get(key);
    if (found) found.members.push(index);
    else byKey.set(key, { representative: endpoint, members: [index] });
  });
  const sortedKeys = [...byKey.keys()].sort();
  const classIndex = new Map<string, number>();
  const classes: EndpointClass[] = sortedKeys.map((key, index) => {
    classIndex.set(key, index);
    const { representative, members } = byKey.get(key)!;
    return { index, key, representative, members, rangeNodes: representative.addresses.map((address) => model.ipRanges.nodeOf(address)) };
  });
  const classOf = new Int32Array(model.endpoints.length);
  endpointKeys.forEach((key, index) => (classOf[index] = classIndex.get(key)!));
  const classesByNamespace = new Map<string, number[]>();
  for (const cls of classes) {
    const namespace = cls.representative.kind === 'external' ? undefined : cls.representative.namespace;
    if (namespace === undefined) continue;
    let list = classesByNamespace.get(namespace);
    if (!list) classesByNamespace.set(namespace, (list = []));
    list.push(cls.index);
  }
  const namespaceSignature = [...model.namespaces.values()]
    .map((namespace) => JSON.stringify([namespace.name, Object.entries(namespace.labels).sort()]))
    .sort()
    .join('\n');
  return { key: `${sortedKeys.join('\n')}\n#${namespaceSignature}\n#${rangeSignature}`, classes, classOf, classesByNamespace };
}

/**
 * Identity keys by the endpoint's label object, which an unchanged document keeps across rebuilds (its ports and
 * addresses come from the same reading), valid while the policies mention the same keys, names and CIDRs.
 */
const identityCache = new WeakMap<
  object,
  { readonly signature: string; readonly namespace: string | undefined; readonly kind: string; readonly key: string }
>();

function cachedIdentityKey(endpoint: Endpoint, signature: string, compute: () => string): string {
  if (endpoint.kind === 'external') return compute();
  const cached = identityCache.get(endpoint.labels);
  if (cached && cached.signature === signature && cached.namespace === endpoint.namespace && cached.kind === endpoint.kind) return cached.key;
  const key = compute();
  identityCache.set(endpoint.labels, { signature, namespace: endpoint.namespace, kind: endpoint.kind, key });
  return key;
}

function identityKey(endpoint: Endpoint, labelKeys: ReadonlySet<string>, portNames: ReadonlySet<string>, model: ClusterModel): string {
  const labels: [string, string][] = [];
  for (const key of Object.keys(endpoint.labels)) if (labelKeys.has(key)) labels.push([key, endpoint.labels[key]]);
  labels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ports: [string, string, number][] = [];
  for (const port of endpoint.ports) if (port.name !== undefined && portNames.has(port.name)) ports.push([port.name, port.protocol, port.containerPort]);
  ports.sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
  const ranges = endpoint.addresses.map((address) => `${address.family}:${model.ipRanges.nodeOf(address)}`).sort();
  return JSON.stringify([endpoint.kind === 'external' ? 'x' : 'c', endpoint.namespace ?? '', labels, ports, ranges]);
}
