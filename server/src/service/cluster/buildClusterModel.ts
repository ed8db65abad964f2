import type { Manifest } from '../model/manifest';
import { parseDocument } from 'yaml';
import { MAX_ALIAS_COUNT, type ParsedDocument } from '../parse/parsedDocument';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { NAMESPACE_NAME_LABEL, type ClusterModel, type LeftOutDocument, type ModelNote, type NamespaceModel, type ServiceModel } from './clusterModel';
import type { Endpoint } from './endpoint';
import type { IpNet } from './ipAddress';
import { buildIpRangeIndex, type IpRangeIndex } from './ipRangeIndex';
import { compareClusterPolicies, resolveNodePeers, type ClusterPolicyModel, type NodeModel } from './clusterPolicy';
import { matchesSelector } from './labelSelector';
import type { PolicyModel } from './networkPolicy';
import { readObject, type ObjectMeta } from './readObject';
import { objectRefOf, sourceRefOf, type SourceRef } from './sourceRef';

// `[ \t]*`, not `\s*`: `\s` crosses lines, which made a search that fails quadratic in the blank lines.
const RELEVANT_TEMPLATE =
  /^[ \t]*kind:[ \t]*["']?(NetworkPolicy|Pod|Namespace|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob)["']?[ \t]*$/m;

/**
 * Builds the cluster the manifests describe. Never throws: an object that cannot be decoded is left out and
 * reported, and with `files` given, so are documents with YAML errors (which yield no manifests).
 *
 * - A missing `metadata.namespace` means `settings.defaultNamespace`.
 * - A later object with the same kind, namespace and name replaces an earlier one (as applying them in order would).
 * - A workload whose Pods are in the workspace (through `ownerReferences`) is represented by those Pods.
 *
 * Each object's reading is cached by its value, so a rebuild after an edit re-reads only the edited documents.
 */
/**
 * The endpoint made of each reading (itself cached per object value): an edit that leaves a file's other
 * objects alone leaves their endpoints the same objects, and everything keyed by them (summaries, classes) too.
 */
const endpoints = new WeakMap<object, Endpoint>();

/** Cluster policies whose `nodes` peers were resolved on Node manifests, by resolved spec. */
const resolvedModels = new WeakMap<object, ClusterPolicyModel>();

export function buildClusterModel(
  manifests: readonly Manifest[],
  settings: Pick<ServiceSettings, 'defaultNamespace'>,
  files?: Iterable<ParsedFile>,
): ClusterModel {
  const defaultNamespace = settings.defaultNamespace || 'default';
  const builder = new ModelBuilder(defaultNamespace);
  if (files) for (const file of files) builder.addUnreadableDocuments(file);
  for (const manifest of manifests) builder.add(manifest);
  return builder.build();
}

class ModelBuilder {
  private readonly declaredNamespaces = new Map<string, NamespaceModel>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly owners = new Map<string, { namespace: string; owners: ObjectMeta['owners'] }>();
  private readonly policies = new Map<string, PolicyModel>();
  private readonly clusterPolicies = new Map<string, ClusterPolicyModel>();
  private readonly nodes = new Map<string, NodeModel>();
  private readonly otherPolicies = new Map<string, { kind: string; namespace: string | undefined; staged: boolean; count: number; manifest: Manifest }>();
  private readonly services = new Map<string, ServiceModel>();
  private readonly leftOut: LeftOutDocument[] = [];
  private readonly notes: ModelNote[] = [];
  private unnamed = 0;

  constructor(private readonly defaultNamespace: string) {}

  addUnreadableDocuments(file: ParsedFile): void {
    for (const { offset, document } of file.documents) {
      if (document.isTemplate) {
        if (RELEVANT_TEMPLATE.test(document.text)) {
          this.leftOut.push({
            uri: file.uri,
            reason: 'a template ({{ ... }}): not evaluated until it is rendered',
            ref: { uri: file.uri, start: offset, end: offset + firstLineLength(document.text), path: '' },
          });
        }
        continue;
      }
      const error = document.problems.find((problem) => problem.severity === 'error');
      if (error) {
        this.leftOut.push({
          uri: file.uri,
          reason: `YAML error: ${error.message.split('\n')[0]}`,
          ref: { uri: file.uri, start: offset + error.start, end: offset + error.end, path: '' },
        });
      }
    }
  }

  add(manifest: Manifest): void {
    const { read, yamlNotes } = readObject(manifest.kind, manifest.apiVersion, manifest.value, this.defaultNamespace, () => yaml12ValueOf(manifest));
    if (read.kind !== 'leftOut') for (const note of yamlNotes) this.notes.push({ message: note.message, ref: sourceRefOf(manifest, note.path) });
    switch (read.kind) {
      case 'ignored':
        return;
      case 'leftOut':
        this.leave(manifest, read.reason, undefined, read.path ? sourceRefOf(manifest, read.path) : undefined);
        return;
      case 'namespace':
        this.keep(this.declaredNamespaces, 'Namespace', read.meta.name!, { name: read.meta.name!, labels: read.labels, declared: true, manifest }, manifest);
        return;
      case 'policy': {
        const name = this.nameOf(read.meta);
        const id = `${read.spec.namespace}/${name}`;
        this.keep(this.policies, 'NetworkPolicy', id, { id, namespace: read.spec.namespace, name, spec: read.spec, manifest }, manifest);
        for (const note of read.spec.notes) this.notes.push({ message: note.message, ref: sourceRefOf(manifest, note.path) });
        return;
      }
      case 'clusterPolicy': {
        const kind = manifest.kind as ClusterPolicyModel['kind'];
        const name = this.nameOf(read.meta);
        const id = `${kind}/${name}`;
        this.keep(this.clusterPolicies, kind, id, { id, kind, name, spec: read.spec, manifest }, manifest);
        for (const note of read.spec.notes) this.notes.push({ message: note.message, ref: sourceRefOf(manifest, note.path) });
        return;
      }
      case 'node': {
        const name = this.nameOf(read.meta);
        this.nodes.set(name, { name, labels: read.meta.labels, addresses: read.addresses });
        return;
      }
      case 'otherPolicy': {
        const key = `${read.policyKind}|${read.namespace ?? ''}|${read.staged}`;
        const group = this.otherPolicies.get(key);
        if (group) group.count++;
        else this.otherPolicies.set(key, { kind: read.policyKind, namespace: read.namespace, staged: read.staged, count: 1, manifest });
        return;
      }
      case 'service': {
        const name = this.nameOf(read.meta);
        this.keep(
          this.services,
          'Service',
          `${read.meta.namespace}/${name}`,
          { namespace: read.meta.namespace, name, selector: read.selector, ports: read.ports, manifest },
          manifest,
        );
        return;
      }
      case 'endpoint': {
        const { meta, parts, workloadKind } = read;
        const name = this.nameOf(meta);
        const key = workloadKind ? `${meta.namespace}/${workloadKind}/${name}` : `${meta.namespace}/${name}`;
        let endpoint = endpoints.get(read);
        if (endpoint?.key !== key || endpoint.manifest !== manifest) {
          endpoint = {
            key,
            kind: workloadKind ? 'workload' : 'pod',
            ...(workloadKind ? { workloadKind } : {}),
            namespace: meta.namespace,
            name,
            labels: parts.labels,
            ports: parts.ports,
            addresses: parts.addresses,
            hostNetwork: parts.hostNetwork,
            manifest,
          };
          endpoints.set(read, endpoint);
        }
        this.keep(this.endpoints, workloadKind ?? 'Pod', key, endpoint, manifest);
        this.owners.set(key, { namespace: meta.namespace, owners: meta.owners });
      }
    }
  }

  /** Keeps the object; an earlier one with the same identity is replaced and reported. */
  private keep<T extends { readonly manifest?: Manifest }>(map: Map<string, T>, kind: string, key: string, object: T, manifest: Manifest): void {
    const previous = map.get(key);
    if (previous?.manifest) {
      const identity = kind === 'Pod' || !key.includes(`/${kind}/`) ? `${kind} ${key}` : `${kind} ${key.replace(`/${kind}/`, '/')}`;
      this.leave(previous.manifest, `replaced by a later definition of ${identity}`, objectRefOf(manifest));
      map.delete(key);
    }
    map.set(key, object);
  }

  private leave(manifest: Manifest, reason: string, replacedBy?: SourceRef, ref?: SourceRef): void {
    this.leftOut.push({
      uri: manifest.uri,
      kind: manifest.kind,
      namespace: manifest.namespace,
      name: manifest.name,
      reason,
      ref: ref ?? objectRefOf(manifest),
      ...(replacedBy ? { replacedBy } : {}),
    });
  }

  private nameOf(meta: ObjectMeta): string {
    if (meta.name) return meta.name;
    this.unnamed++;
    return `${meta.generateName ?? '(unnamed)'}#${this.unnamed}`;
  }

  build(): ClusterModel {
    // Workloads whose Pods are here (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob) are those Pods.
    const represented = new Set<string>();
    const mark = (key: string): void => {
      const owned = this.owners.get(key);
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
    // `nodes` peers: resolved to the addresses of the Node manifests, or noted as depending on node labels.
    const nodes = [...this.nodes.values()].sort((a, b) => compareStrings(a.name, b.name));
    const nodesKey = JSON.stringify(nodes.map((node) => [node.name, Object.entries(node.labels).sort(), node.addresses.map((net) => net.text)]));
    const clusterPolicies = [...this.clusterPolicies.values()].sort(compareClusterPolicies).map((policy) => {
      for (const rule of policy.spec.egress) {
        for (const index of rule.nodePeers) {
          this.notes.push({
            message:
              nodes.length === 0
                ? 'depends on node labels: no Node manifests in the workspace, so this nodes peer matches no endpoint here (add Node manifests, e.g. from `kubectl get nodes -o yaml`, to evaluate it)'
                : `nodes peer: matches the addresses of the Node manifests its selector matches (${nodes.filter((node) => rule.nodeSelectors?.some((entry) => entry.index === index && matchesSelector(entry.selector, node.labels))).length} of ${nodes.length})`,
            ref: sourceRefOf(policy.manifest, ['spec', 'egress', rule.index, 'to', index, 'nodes']),
          });
        }
      }
      const spec = resolveNodePeers(policy.spec, nodes, nodesKey);
      if (spec === policy.spec) return policy;
      // The same model object while the resolved spec is the same: the engine keys its caches on both.
      let resolvedModel = resolvedModels.get(spec);
      if (resolvedModel?.manifest !== policy.manifest || resolvedModel.id !== policy.id) resolvedModels.set(spec, (resolvedModel = { ...policy, spec }));
      return resolvedModel;
    });
    for (const policy of clusterPolicies) {
      for (const rule of [...policy.spec.ingress, ...policy.spec.egress]) {
        for (const peer of rule.peers) if (peer.kind === 'ipBlock') nets.push(peer.cidr, ...peer.except);
      }
    }
    const ipRanges = buildIpRangeIndex(nets);
    const otherNotes = [...this.otherPolicies.values()]
      // Cluster-wide kinds first, then by namespace and kind.
      .sort((a, b) =>
        compareStrings(`${a.namespace === undefined ? '0' : `1${a.namespace}`}|${a.kind}`, `${b.namespace === undefined ? '0' : `1${b.namespace}`}|${b.kind}`),
      )
      .map((group): ModelNote => {
        const plural = group.count === 1 ? group.kind : group.kind.endsWith('y') ? `${group.kind.slice(0, -1)}ies` : `${group.kind}s`;
        const where = group.namespace === undefined ? 'cluster-wide: any namespace' : `namespace ${group.namespace}`;
        const message = group.staged
          ? `${group.count} ${plural} (${where}) not evaluated: staged, so not enforced until promoted`
          : `reachability may be narrower: ${group.count} ${plural} (${where}) not evaluated`;
        return { message, ref: objectRefOf(group.manifest) };
      });

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
      endpoints: [...inCluster, ...externalEndpoints(ipRanges)],
      policies,
      clusterPolicies,
      services: [...this.services.values()],
      ipRanges,
      leftOut: this.leftOut,
      notes: [...otherNotes, ...this.notes],
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

const yaml12Values = new WeakMap<ParsedDocument, unknown>();

/** The manifest read as YAML 1.2 (only asked for when a string field holds a YAML 1.1 boolean). */
function yaml12ValueOf(manifest: Manifest): unknown {
  let value = yaml12Values.get(manifest.document);
  if (value === undefined && !yaml12Values.has(manifest.document)) {
    try {
      value = parseDocument(manifest.document.text, { version: '1.2', uniqueKeys: false }).toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      value = undefined;
    }
    yaml12Values.set(manifest.document, value);
  }
  let at = value;
  for (const segment of manifest.basePath)
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[String(typeof segment === 'object' ? segment.key : segment)] : undefined;
  return at;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLineLength(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}
