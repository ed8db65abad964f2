import { buildClusterModel } from './cluster/buildClusterModel';
import type { ClusterModel } from './cluster/clusterModel';
import type { Endpoint } from './cluster/endpoint';
import { readNetworkPolicySpec, type Direction, type PolicyRule, type PolicySpec } from './cluster/networkPolicy';
import type { CompletionFacts } from './features/completion';
import type { WorkspaceFacts } from './features/hover';
import type { Manifest } from './model/manifest';
import { namespaceLabelsOf } from './reachability/policyClasses';
import { peerMatches, policySelects } from './reachability/matching';
import type { ServiceSettings } from './settings';
import type { ManifestWorkspace } from './workspace';

/**
 * Cross-file knowledge of a workspace, rebuilt lazily: the cluster model is built once per workspace version and
 * default namespace, on the first question after a change, and answers hovers, completion, CodeLens and lints.
 */
export class WorkspaceAnalysis {
  private cached: { version: number; defaultNamespace: string; model: ClusterModel } | undefined;
  private cachedFacts: { model: ClusterModel; defaultNamespace: string; facts: ModelFacts } | undefined;

  constructor(private readonly workspace: ManifestWorkspace) {}

  clusterModel(settings: Pick<ServiceSettings, 'defaultNamespace'>): ClusterModel {
    const version = this.workspace.version;
    if (!this.cached || this.cached.version !== version || this.cached.defaultNamespace !== settings.defaultNamespace) {
      const model = buildClusterModel(this.workspace.manifests(), settings, this.workspace.allFiles());
      this.cached = { version, defaultNamespace: settings.defaultNamespace, model };
    }
    return this.cached.model;
  }

  /** The facts of the current model, built once per model (building them reads every endpoint). */
  facts(settings: Pick<ServiceSettings, 'defaultNamespace'>): ModelFacts {
    const model = this.clusterModel(settings);
    if (this.cachedFacts?.model !== model || this.cachedFacts.defaultNamespace !== settings.defaultNamespace) {
      this.cachedFacts = { model, defaultNamespace: settings.defaultNamespace, facts: new ModelFacts(model, settings.defaultNamespace) };
    }
    return this.cachedFacts.facts;
  }
}

/** Hover and completion facts answered from a cluster model. */
export class ModelFacts implements WorkspaceFacts, CompletionFacts {
  private readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
  private readonly workloads: readonly Endpoint[];

  constructor(
    private readonly model: ClusterModel,
    private readonly defaultNamespace: string,
  ) {
    this.namespaceLabels = namespaceLabelsOf(model);
    this.workloads = model.endpoints.filter((e) => e.kind !== 'external');
  }

  /** The workloads and pods a policy selects. */
  selectedEndpoints(policy: Manifest): readonly Endpoint[] | undefined {
    const spec = this.specOf(policy);
    return spec && this.workloads.filter((endpoint) => policySelects(spec, endpoint));
  }

  selectedBy(policy: Manifest): readonly string[] | undefined {
    return this.selectedEndpoints(policy)?.map((e) => e.key);
  }

  matchedByPeer(policy: Manifest, direction: Direction, ruleIndex: number, peerIndex: number): readonly string[] | undefined {
    const spec = this.specOf(policy);
    const peer = spec && this.ruleOf(spec, direction, ruleIndex)?.peers?.find((p) => p.index === peerIndex);
    if (!spec || !peer) return undefined;
    // Workloads and pods only: the external endpoints are ranges the model cuts out of every ipBlock in the
    // workspace (other files' included), an artefact of the reachability matrix that no user wrote.
    return this.workloads.filter((endpoint) => peerMatches(peer, spec.namespace, endpoint, this.namespaceLabels)).map((e) => e.key);
  }

  resolveNamedPort(policy: Manifest, direction: Direction, ruleIndex: number, portName: string, protocol: string): readonly { endpoint: string; ports: readonly number[] }[] | undefined {
    const destinations = this.destinations(policy, direction, ruleIndex);
    if (!destinations) return undefined;
    const out: { endpoint: string; ports: number[] }[] = [];
    for (const endpoint of destinations) {
      const ports = endpoint.ports.filter((p) => p.name === portName && p.protocol === protocol).map((p) => p.containerPort);
      if (ports.length > 0) out.push({ endpoint: endpoint.key, ports: [...new Set(ports)] });
    }
    return out;
  }

  labelKeys(of: 'pods' | 'namespaces'): readonly string[] {
    const keys = new Set<string>();
    for (const labels of this.labelSets(of)) for (const key of Object.keys(labels)) keys.add(key);
    return [...keys].sort();
  }

  labelValues(of: 'pods' | 'namespaces', key: string): readonly string[] {
    const values = new Set<string>();
    // Own keys only: a label key typed as `constructor` must not find Object.prototype's function.
    for (const labels of this.labelSets(of)) if (Object.hasOwn(labels, key)) values.add(labels[key]);
    return [...values].sort();
  }

  namespaceNames(): readonly string[] {
    return [...this.model.namespaces.keys()].sort();
  }

  namedPorts(policy: Manifest, direction: Direction, ruleIndex: number): readonly string[] {
    const names = new Set<string>();
    for (const endpoint of this.destinations(policy, direction, ruleIndex) ?? []) for (const port of endpoint.ports) if (port.name) names.add(port.name);
    return [...names].sort();
  }

  /**
   * The pods a rule's ports are looked up on: named ports resolve on the destination, so for ingress the pods the
   * policy selects, and for egress the pods the rule's peers match (every pod when it has none).
   */
  private destinations(policy: Manifest, direction: Direction, ruleIndex: number): readonly Endpoint[] | undefined {
    const spec = this.specOf(policy);
    if (!spec) return undefined;
    if (direction === 'ingress') return this.workloads.filter((endpoint) => policySelects(spec, endpoint));
    const rule = this.ruleOf(spec, direction, ruleIndex);
    if (!rule) return undefined;
    return this.workloads.filter((endpoint) => rule.peers === undefined || rule.peers.some((peer) => peerMatches(peer, spec.namespace, endpoint, this.namespaceLabels)));
  }

  private ruleOf(spec: PolicySpec, direction: Direction, ruleIndex: number): PolicyRule | undefined {
    return spec[direction].find((rule) => rule.index === ruleIndex);
  }

  private labelSets(of: 'pods' | 'namespaces'): Iterable<Readonly<Record<string, string>>> {
    return of === 'pods' ? this.workloads.map((e) => e.labels) : [...this.model.namespaces.values()].map((n) => n.labels);
  }

  private specOf(policy: Manifest): PolicySpec | undefined {
    try {
      return readNetworkPolicySpec(policy.value, this.defaultNamespace);
    } catch {
      return undefined; // wrong types: the API server could not decode it; nothing to say about the workspace
    }
  }
}
