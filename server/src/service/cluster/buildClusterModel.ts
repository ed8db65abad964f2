import type { Manifest } from '../model/manifest';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { NAMESPACE_NAME_LABEL, type ClusterModel, type LeftOutDocument, type ModelNote, type NamespaceModel, type ServiceModel, type ServicePort } from './clusterModel';
import { DecodeError, optionalInteger, optionalIntOrString, optionalList, optionalRecord, optionalString, stringMap, type PlainRecord } from './decode';
import { isServedKind, readPodAddresses, readPodParts, WORKLOAD_TEMPLATE_PATHS, type Endpoint } from './endpoint';
import type { IpNet } from './ipAddress';
import { buildIpRangeIndex, type IpRangeIndex } from './ipRangeIndex';
import { NETWORK_POLICY_API_VERSION, readNetworkPolicySpec, type PolicyModel } from './networkPolicy';
import { objectRefOf, sourceRefOf, type SourceRef } from './sourceRef';

/** Kinds we know change traffic but do not evaluate: their presence is reported, never silently ignored. */
const UNEVALUATED_POLICY_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

const RELEVANT_TEMPLATE = /^\s*kind:\s*["']?(NetworkPolicy|Pod|Namespace|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob)["']?\s*$/m;

interface Owned {
  readonly namespace: string;
  readonly owners: readonly { kind: string; name: string }[];
}

/**
 * Builds the cluster the manifests describe. Never throws: an object that cannot be decoded is left out and
 * reported, and with `files` given, so are documents with YAML errors (which yield no manifests).
 *
 * - A missing `metadata.namespace` means `settings.defaultNamespace`.
 * - A later object with the same kind, namespace and name replaces an earlier one (as applying them in order would).
 * - A workload whose Pods are in the workspace (through `ownerReferences`) is represented by those Pods.
 */
export function buildClusterModel(manifests: readonly Manifest[], settings: Pick<ServiceSettings, 'defaultNamespace'>, files?: Iterable<ParsedFile>): ClusterModel {
  const defaultNamespace = settings.defaultNamespace || 'default';
  const builder = new ModelBuilder(defaultNamespace);
  if (files) for (const file of files) builder.addUnreadableDocuments(file);
  for (const manifest of manifests) builder.add(manifest);
  return builder.build();
}

class ModelBuilder {
  private readonly declaredNamespaces = new Map<string, NamespaceModel>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly owned = new Map<string, Owned>();
  private readonly policies = new Map<string, PolicyModel>();
  private readonly services = new Map<string, ServiceModel>();
  private readonly leftOut: LeftOutDocument[] = [];
  private readonly notes: ModelNote[] = [];
  private unnamed = 0;

  constructor(private readonly defaultNamespace: string) {}

  addUnreadableDocuments(file: ParsedFile): void {
    for (const { offset, document } of file.documents) {
      if (document.isTemplate) {
        if (RELEVANT_TEMPLATE.test(document.text)) {
          this.leftOut.push({ uri: file.uri, reason: 'a template ({{ ... }}): not evaluated until it is rendered', ref: { uri: file.uri, start: offset, end: offset + firstLineLength(document.text), path: '' } });
        }
        continue;
      }
      const error = document.problems.find((problem) => problem.severity === 'error');
      if (error) {
        this.leftOut.push({ uri: file.uri, reason: `YAML error: ${error.message.split('\n')[0]}`, ref: { uri: file.uri, start: offset + error.start, end: offset + error.end, path: '' } });
      }
    }
  }

  add(manifest: Manifest): void {
    try {
      this.read(manifest);
    } catch (error) {
      const reason = error instanceof DecodeError ? `cannot be decoded: ${error.message}` : `cannot be read: ${(error as Error).message}`;
      const ref = error instanceof DecodeError ? sourceRefOf(manifest, error.path) : objectRefOf(manifest);
      this.leftOut.push({ uri: manifest.uri, kind: manifest.kind, namespace: manifest.namespace, name: manifest.name, reason, ref });
    }
  }

  private read(manifest: Manifest): void {
    const { kind, apiVersion, value } = manifest;
    if (kind === undefined) return;
    if (/List$/.test(kind) && Array.isArray(value.items)) return;
    if (kind === 'NetworkPolicy') return this.readPolicy(manifest);
    if (UNEVALUATED_POLICY_KINDS.has(kind) && apiVersion?.startsWith('policy.networking.k8s.io/')) {
      this.leave(manifest, `${kind} is not evaluated: only NetworkPolicy is, so results ignore it`);
      return;
    }
    if (!isServedKind(kind, apiVersion)) return;
    if (kind === 'Namespace') return this.readNamespace(manifest);
    if (kind === 'Pod') return this.readPod(manifest);
    if (kind === 'Service') return this.readService(manifest);
    if (WORKLOAD_TEMPLATE_PATHS[kind]) return this.readWorkload(manifest, kind);
  }

  private readPolicy(manifest: Manifest): void {
    const { apiVersion } = manifest;
    if (apiVersion !== undefined && apiVersion !== NETWORK_POLICY_API_VERSION) {
      if (apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/')) {
        this.leave(manifest, `apiVersion ${apiVersion} is not served for NetworkPolicy (use ${NETWORK_POLICY_API_VERSION})`);
      }
      // Other groups (Calico, Antrea, ...) have their own NetworkPolicy kinds: not ours to read.
      return;
    }
    const meta = readMeta(manifest.value, this.defaultNamespace);
    const spec = readNetworkPolicySpec(manifest.value, this.defaultNamespace);
    const name = meta.name ?? this.unnamedName(meta.generateName);
    const id = `${spec.namespace}/${name}`;
    this.keep(this.policies, `NetworkPolicy ${id}`, { id, namespace: spec.namespace, name, spec, manifest }, manifest);
    for (const note of spec.notes) this.notes.push({ message: note.message, ref: sourceRefOf(manifest, note.path) });
  }

  private readNamespace(manifest: Manifest): void {
    const meta = readMeta(manifest.value, this.defaultNamespace);
    if (!meta.name) {
      this.leave(manifest, 'a Namespace needs metadata.name');
      return;
    }
    this.keep(this.declaredNamespaces, `Namespace ${meta.name}`, { name: meta.name, labels: { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name }, declared: true, manifest }, manifest);
  }

  private readPod(manifest: Manifest): void {
    const meta = readMeta(manifest.value, this.defaultNamespace);
    const parts = readPodParts(manifest.value, []);
    const name = meta.name ?? this.unnamedName(meta.generateName);
    const key = `${meta.namespace}/${name}`;
    const endpoint: Endpoint = {
      key,
      kind: 'pod',
      namespace: meta.namespace,
      name,
      labels: parts.labels,
      ports: parts.ports,
      addresses: readPodAddresses(manifest.value),
      hostNetwork: parts.hostNetwork,
      manifest,
    };
    this.keep(this.endpoints, `Pod ${key}`, endpoint, manifest);
    this.owned.set(key, { namespace: meta.namespace, owners: meta.owners });
  }

  private readWorkload(manifest: Manifest, kind: string): void {
    const meta = readMeta(manifest.value, this.defaultNamespace);
    const templatePath = WORKLOAD_TEMPLATE_PATHS[kind];
    let template: PlainRecord = manifest.value;
    for (let i = 0; i < templatePath.length; i++) template = optionalRecord(template[templatePath[i] as string], templatePath.slice(0, i + 1)) ?? {};
    const parts = readPodParts(template, templatePath);
    const name = meta.name ?? this.unnamedName(meta.generateName);
    const key = `${meta.namespace}/${kind}/${name}`;
    const endpoint: Endpoint = {
      key,
      kind: 'workload',
      workloadKind: kind,
      namespace: meta.namespace,
      name,
      labels: parts.labels,
      ports: parts.ports,
      addresses: [],
      hostNetwork: parts.hostNetwork,
      manifest,
    };
    this.keep(this.endpoints, `${kind} ${meta.namespace}/${name}`, endpoint, manifest);
    this.owned.set(key, { namespace: meta.namespace, owners: meta.owners });
  }

  private readService(manifest: Manifest): void {
    const meta = readMeta(manifest.value, this.defaultNamespace);
    const spec = optionalRecord(manifest.value.spec, ['spec']) ?? {};
    const selectorValue = spec.selector;
    const selector = selectorValue === undefined || selectorValue === null ? undefined : stringMap(selectorValue, ['spec', 'selector']);
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
    const name = meta.name ?? this.unnamedName(meta.generateName);
    this.keep(this.services, `Service ${meta.namespace}/${name}`, { namespace: meta.namespace, name, selector, ports, manifest }, manifest);
  }

  /** Keeps the object; an earlier one with the same identity is replaced and reported. */
  private keep<T extends { readonly manifest?: Manifest }>(map: Map<string, T>, identity: string, object: T, manifest: Manifest): void {
    const key = identity.slice(identity.indexOf(' ') + 1);
    const previous = map.get(key);
    if (previous?.manifest) this.leave(previous.manifest, `replaced by a later definition of ${identity}`, objectRefOf(manifest));
    map.delete(key);
    map.set(key, object);
  }

  private leave(manifest: Manifest, reason: string, replacedBy?: SourceRef): void {
    this.leftOut.push({ uri: manifest.uri, kind: manifest.kind, namespace: manifest.namespace, name: manifest.name, reason, ref: objectRefOf(manifest), ...(replacedBy ? { replacedBy } : {}) });
  }

  private unnamedName(generateName: string | undefined): string {
    this.unnamed++;
    return `${generateName ?? '(unnamed)'}#${this.unnamed}`;
  }

  build(): ClusterModel {
    // Workloads whose Pods are here (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob) are those Pods.
    const represented = new Set<string>();
    const mark = (key: string): void => {
      const owned = this.owned.get(key);
      if (!owned) return;
      for (const owner of owned.owners) {
        const ownerKey = `${owned.namespace}/${owner.kind}/${owner.name}`;
        if (represented.has(ownerKey)) continue;
        represented.add(ownerKey);
        mark(ownerKey);
      }
    };
    for (const endpoint of this.endpoints.values()) if (endpoint.kind === 'pod') mark(endpoint.key);
    const inCluster = [...this.endpoints.values()].filter((endpoint) => !represented.has(endpoint.key)).sort((a, b) => compareStrings(a.key, b.key));

    const policies = [...this.policies.values()].sort((a, b) => compareStrings(a.id, b.id));
    const nets: IpNet[] = [];
    for (const policy of policies) {
      for (const rule of [...policy.spec.ingress, ...policy.spec.egress]) {
        for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') nets.push(peer.cidr, ...peer.except);
      }
    }
    const ipRanges = buildIpRangeIndex(nets);
    const externals = externalEndpoints(ipRanges);

    const namespaces = new Map<string, NamespaceModel>();
    const reference = (name: string | undefined): void => {
      if (name === undefined || namespaces.has(name)) return;
      namespaces.set(name, this.declaredNamespaces.get(name) ?? { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    };
    for (const name of [...this.declaredNamespaces.keys()].sort(compareStrings)) reference(name);
    for (const endpoint of inCluster) reference(endpoint.namespace);
    for (const policy of policies) reference(policy.namespace);
    for (const service of this.services.values()) reference(service.namespace);

    return {
      defaultNamespace: this.defaultNamespace,
      namespaces,
      endpoints: [...inCluster, ...externals],
      policies,
      services: [...this.services.values()],
      ipRanges,
      leftOut: this.leftOut,
      notes: this.notes,
    };
  }
}

function externalEndpoints(index: IpRangeIndex): Endpoint[] {
  const out: Endpoint[] = [];
  for (const node of index.nodes) {
    if (!node.representative) continue;
    const except = node.children.map((child) => index.nodes[child].net.text);
    const name = except.length === 0 ? node.net.text : `${node.net.text} except ${except.join(',')}`;
    out.push({
      key: `ipblock:${name}`,
      kind: 'external',
      namespace: undefined,
      name,
      labels: {},
      ports: [],
      addresses: [node.representative],
      hostNetwork: false,
      range: { cidr: node.net.text, except },
    });
  }
  return out;
}

interface Meta {
  readonly name: string | undefined;
  readonly generateName: string | undefined;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly owners: readonly { kind: string; name: string }[];
}

function readMeta(object: PlainRecord, defaultNamespace: string): Meta {
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

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLineLength(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}
