import type { FieldPath } from '../fieldPath';
import type { ServicePort } from './clusterModel';
import { NAMESPACE_NAME_LABEL } from './clusterModel';
import { DecodeError, optionalInteger, optionalIntOrString, optionalList, optionalRecord, optionalString, stringMap, type PlainRecord } from './decode';
import { isServedKind, readPodAddresses, readPodParts, WORKLOAD_TEMPLATE_PATHS, type ContainerPort } from './endpoint';
import { netOf, parseIp, type IpAddress, type IpNet } from './ipAddress';
import type { Labels } from './labelSelector';
import { NETWORK_POLICY_API_VERSION, readNetworkPolicySpec, type PolicySpec } from './networkPolicy';
import { clusterPolicyApiVersion, isClusterPolicyKind, readClusterPolicySpec, type ClusterPolicySpec } from './clusterPolicy';
import { hasTooManyRules, MAX_POLICY_RULES, policyRuleCount } from '../model/policySize';

/**
 * Policy kinds of other APIs that change traffic but are not evaluated: the model notes them per namespace
 * (reachability may be narrower than shown). `scope` says whether one object can affect every namespace.
 */
const OTHER_POLICY_KINDS: readonly { readonly group: RegExp; readonly kind: string; readonly scope: 'namespace' | 'cluster'; readonly staged?: boolean }[] = [
  { group: /^cilium\.io\//, kind: 'CiliumNetworkPolicy', scope: 'namespace' },
  { group: /^cilium\.io\//, kind: 'CiliumClusterwideNetworkPolicy', scope: 'cluster' },
  { group: /^(crd\.)?projectcalico\.org\//, kind: 'NetworkPolicy', scope: 'namespace' },
  { group: /^(crd\.)?projectcalico\.org\//, kind: 'GlobalNetworkPolicy', scope: 'cluster' },
  { group: /^(crd\.)?projectcalico\.org\//, kind: 'StagedNetworkPolicy', scope: 'namespace', staged: true },
  { group: /^(crd\.)?projectcalico\.org\//, kind: 'StagedGlobalNetworkPolicy', scope: 'cluster', staged: true },
  { group: /^(crd\.)?projectcalico\.org\//, kind: 'StagedKubernetesNetworkPolicy', scope: 'namespace', staged: true },
  { group: /^security\.istio\.io\//, kind: 'AuthorizationPolicy', scope: 'namespace' },
];

/** What one Kubernetes object contributes to the cluster, before names are made unique and duplicates replaced. */
export type ReadObject =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'leftOut'; readonly reason: string; readonly path?: FieldPath }
  | { readonly kind: 'namespace'; readonly meta: ObjectMeta; readonly labels: Labels }
  | { readonly kind: 'endpoint'; readonly meta: ObjectMeta; readonly workloadKind?: string; readonly parts: EndpointParts }
  | { readonly kind: 'service'; readonly meta: ObjectMeta; readonly selector: Labels | undefined; readonly ports: readonly ServicePort[] }
  | { readonly kind: 'policy'; readonly meta: ObjectMeta; readonly spec: PolicySpec }
  | { readonly kind: 'clusterPolicy'; readonly meta: ObjectMeta; readonly spec: ClusterPolicySpec }
  /** A Node: what `nodes` peers of cluster policies match (its labels, its `status.addresses`). */
  | { readonly kind: 'node'; readonly meta: ObjectMeta; readonly addresses: readonly IpNet[] }
  /** A policy of another API (Cilium, Calico, Istio), not evaluated; `namespace` undefined for a cluster-wide one. */
  | { readonly kind: 'otherPolicy'; readonly policyKind: string; readonly namespace: string | undefined; readonly staged: boolean };

export interface ObjectMeta {
  readonly name: string | undefined;
  readonly generateName: string | undefined;
  readonly namespace: string;
  readonly labels: Labels;
  readonly owners: readonly { readonly kind: string; readonly name: string }[];
}

export interface EndpointParts {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly addresses: readonly IpAddress[];
  readonly hostNetwork: boolean;
}

/** A read, with the YAML 1.1 booleans that were read as the strings they would be in YAML 1.2. */
export interface ObjectReading {
  readonly read: ReadObject;
  readonly yamlNotes: readonly YamlNote[];
}

export interface YamlNote {
  readonly path: FieldPath;
  readonly message: string;
}

const cache = new WeakMap<object, Map<string, ObjectReading>>();

/** How many YAML 1.1 booleans one object may have read as strings before it is left out. */
const MAX_YAML11_FIXES = 64;

/**
 * Reads one object. Cached per object value (a document whose text does not change keeps its values), so that
 * rebuilding the cluster after an edit costs the edited documents, plus a pass over the others.
 *
 * YAML 1.1, which kubectl uses, reads unquoted `y`, `n`, `yes`, `no`, `on`, `off` as booleans, and the API server
 * then refuses the object (a string field holds a boolean). Manifests written for YAML 1.2 tools mean the string
 * (`namespace: y`), so where a string field holds such a boolean and `yaml12` (the object read as YAML 1.2) has a
 * string there, that string is used and a note says to quote it. `true`, `false` and numbers stay wrong types.
 */
export function readObject(
  kind: string | undefined,
  apiVersion: string | undefined,
  value: PlainRecord,
  defaultNamespace: string,
  yaml12?: () => unknown,
): ObjectReading {
  let byNamespace = cache.get(value);
  if (!byNamespace) cache.set(value, (byNamespace = new Map()));
  let reading = byNamespace.get(defaultNamespace);
  if (!reading) {
    reading = readWithYaml12Strings(kind, apiVersion, value, defaultNamespace, yaml12);
    byNamespace.set(defaultNamespace, reading);
  }
  return reading;
}

function readWithYaml12Strings(
  kind: string | undefined,
  apiVersion: string | undefined,
  value: PlainRecord,
  defaultNamespace: string,
  yaml12: (() => unknown) | undefined,
): ObjectReading {
  const yamlNotes: YamlNote[] = [];
  let current = value;
  for (let attempt = 0; ; attempt++) {
    try {
      return { read: decodeObject(kind, apiVersion, current, defaultNamespace), yamlNotes };
    } catch (error) {
      if (!(error instanceof DecodeError)) return { read: { kind: 'leftOut', reason: `cannot be read: ${(error as Error).message}` }, yamlNotes };
      const asString =
        attempt < MAX_YAML11_FIXES && typeof error.actual === 'boolean' && error.expected.includes('a string') && yaml12
          ? valueAtPath(yaml12(), error.path)
          : undefined;
      if (typeof asString !== 'string' || asString === String(error.actual)) {
        return { read: { kind: 'leftOut', reason: `cannot be decoded: ${error.message}`, path: error.path }, yamlNotes };
      }
      current = withValueAt(current, error.path, asString);
      yamlNotes.push({
        path: error.path,
        message: `${asString} is a boolean in YAML 1.1, which kubectl uses (the API server would refuse this object): read here as the string ${JSON.stringify(asString)}; quote it`,
      });
    }
  }
}

function valueAtPath(object: unknown, path: FieldPath): unknown {
  let value = object;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[typeof segment === 'object' ? segment.key : String(segment)];
  }
  return value;
}

/** A copy of `object` with `replacement` at `path` (copying only the containers along the path). */
function withValueAt(object: PlainRecord, path: FieldPath, replacement: unknown): PlainRecord {
  const set = (container: unknown, depth: number): unknown => {
    if (depth === path.length) return replacement;
    const segment = path[depth];
    const key = typeof segment === 'object' ? segment.key : segment;
    if (Array.isArray(container)) {
      const copy = [...container];
      copy[key as number] = set(container[key as number], depth + 1);
      return copy;
    }
    const record = (container ?? {}) as Record<string, unknown>;
    return { ...record, [key]: set(record[key as string], depth + 1) };
  };
  return set(object, 0) as PlainRecord;
}

function decodeObject(kind: string | undefined, apiVersion: string | undefined, value: PlainRecord, defaultNamespace: string): ReadObject {
  if (kind === undefined) return { kind: 'ignored' };
  if (kind.endsWith('List') && Array.isArray(value.items)) return { kind: 'ignored' };
  const other = apiVersion === undefined ? undefined : OTHER_POLICY_KINDS.find((entry) => entry.kind === kind && entry.group.test(apiVersion));
  if (other) {
    return {
      kind: 'otherPolicy',
      policyKind: other.kind,
      namespace: other.scope === 'cluster' ? undefined : readMeta(value, defaultNamespace).namespace,
      staged: other.staged === true,
    };
  }
  if (kind === 'NetworkPolicy') {
    if (apiVersion !== undefined && apiVersion !== NETWORK_POLICY_API_VERSION) {
      // Other groups (Calico, Antrea, ...) have NetworkPolicy kinds of their own: not ours to read.
      if (!apiVersion.startsWith('networking.k8s.io/') && !apiVersion.startsWith('extensions/')) return { kind: 'ignored' };
      return { kind: 'leftOut', reason: `apiVersion ${apiVersion} is not served for NetworkPolicy (use ${NETWORK_POLICY_API_VERSION})` };
    }
    if (hasTooManyRules(value))
      return { kind: 'leftOut', reason: `${policyRuleCount(value)} rules, more than the ${MAX_POLICY_RULES} this extension analyses (policy.too-many-rules)` };
    const meta = readMeta(value, defaultNamespace);
    return { kind: 'policy', meta, spec: readNetworkPolicySpec(value, defaultNamespace) };
  }
  if (isClusterPolicyKind(kind) && apiVersion?.startsWith('policy.networking.k8s.io/')) {
    const served = clusterPolicyApiVersion(kind);
    if (apiVersion !== served) return { kind: 'leftOut', reason: `${kind} is served as ${served}, not ${apiVersion}: not evaluated` };
    const meta = readMeta(value, defaultNamespace);
    return { kind: 'clusterPolicy', meta, spec: readClusterPolicySpec(kind, value) };
  }
  if (kind === 'Node' && (apiVersion === 'v1' || apiVersion === undefined)) return readNode(value, defaultNamespace);
  if (!isServedKind(kind, apiVersion)) return { kind: 'ignored' };
  if (kind === 'Namespace') {
    const meta = readMeta(value, defaultNamespace);
    if (!meta.name) return { kind: 'leftOut', reason: 'a Namespace needs metadata.name' };
    return { kind: 'namespace', meta, labels: { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name } };
  }
  if (kind === 'Pod') {
    const meta = readMeta(value, defaultNamespace);
    return { kind: 'endpoint', meta, parts: { ...readPodParts(value, []), addresses: readPodAddresses(value) } };
  }
  if (kind === 'Service') return readService(value, defaultNamespace);
  const templatePath = WORKLOAD_TEMPLATE_PATHS[kind];
  if (!templatePath) return { kind: 'ignored' };
  const meta = readMeta(value, defaultNamespace);
  let template: PlainRecord = value;
  for (let i = 0; i < templatePath.length; i++) template = optionalRecord(template[templatePath[i] as string], templatePath.slice(0, i + 1)) ?? {};
  return { kind: 'endpoint', meta, workloadKind: kind, parts: { ...readPodParts(template, templatePath), addresses: [] } };
}

function readNode(value: PlainRecord, defaultNamespace: string): ReadObject {
  const meta = readMeta(value, defaultNamespace);
  const status = optionalRecord(value.status, ['status']) ?? {};
  const addresses: IpNet[] = [];
  (optionalList(status.addresses, ['status', 'addresses']) ?? []).forEach((item, index) => {
    const record = optionalRecord(item, ['status', 'addresses', index]) ?? {};
    const type = optionalString(record.type, ['status', 'addresses', index, 'type']);
    const address = parseIp(optionalString(record.address, ['status', 'addresses', index, 'address']) ?? '');
    // Hostnames are no addresses; InternalIP and ExternalIP are.
    if (address && (type === 'InternalIP' || type === 'ExternalIP')) addresses.push(netOf(address.family, address.value, address.family === 4 ? 32 : 128));
  });
  return { kind: 'node', meta, addresses };
}

function readService(value: PlainRecord, defaultNamespace: string): ReadObject {
  const meta = readMeta(value, defaultNamespace);
  const spec = optionalRecord(value.spec, ['spec']) ?? {};
  const selector = spec.selector === undefined || spec.selector === null ? undefined : stringMap(spec.selector, ['spec', 'selector']);
  const ports: ServicePort[] = (optionalList(spec.ports, ['spec', 'ports']) ?? []).map((item, index) => {
    const path = ['spec', 'ports', index];
    const record = optionalRecord(item, path) ?? {};
    const name = optionalString(record.name, [...path, 'name']);
    const targetPort = optionalIntOrString(record.targetPort, [...path, 'targetPort']);
    return {
      ...(name ? { name } : {}),
      port: optionalInteger(record.port, [...path, 'port']) ?? 0,
      ...(targetPort !== undefined ? { targetPort } : {}),
      protocol: optionalString(record.protocol, [...path, 'protocol']) || 'TCP',
    };
  });
  return { kind: 'service', meta, selector, ports };
}

function readMeta(object: PlainRecord, defaultNamespace: string): ObjectMeta {
  const metadata = optionalRecord(object.metadata, ['metadata']) ?? {};
  const owners = (optionalList(metadata.ownerReferences, ['metadata', 'ownerReferences']) ?? []).map((item, index) => {
    const record = optionalRecord(item, ['metadata', 'ownerReferences', index]) ?? {};
    return {
      kind: optionalString(record.kind, ['metadata', 'ownerReferences', index, 'kind']) ?? '',
      name: optionalString(record.name, ['metadata', 'ownerReferences', index, 'name']) ?? '',
    };
  });
  return {
    name: optionalString(metadata.name, ['metadata', 'name']) || undefined,
    generateName: optionalString(metadata.generateName, ['metadata', 'generateName']) || undefined,
    namespace: optionalString(metadata.namespace, ['metadata', 'namespace']) || defaultNamespace,
    labels: stringMap(metadata.labels, ['metadata', 'labels']),
    owners,
  };
}
