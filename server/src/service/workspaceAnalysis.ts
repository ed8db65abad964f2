import { buildClusterModel } from './cluster/buildClusterModel';
import { clusterQueries, type ClusterQueries } from './cluster/clusterQueries';
import type { ClusterModel } from './cluster/clusterModel';
import type { Endpoint } from './cluster/endpoint';
import { readNetworkPolicySpec, type Direction, type PolicyRule, type PolicySpec } from './cluster/networkPolicy';
import type { CompletionFacts } from './features/completion';
import type { WorkspaceFacts } from './features/hover';
import type { Manifest } from './model/manifest';
import type { ServiceSettings } from './settings';
import type { ManifestWorkspace } from './workspace';

/**
 * Cross-file knowledge of a workspace, rebuilt lazily: the cluster model is built once per workspace version and
 * default namespace, on the first question after a change, and answers hovers, completion, CodeLens and lints
 * (all through its `ClusterQueries`).
 */
export class WorkspaceAnalysis {
  private cached: { version: number; defaultNamespace: string; model: ClusterModel } | undefined;
  private cachedFacts: { model: ClusterModel; defaultNamespace: string; facts: ModelFacts } | undefined;
  /** How long the last model took to build, in milliseconds. */
  private lastBuildMs = 0;

  constructor(private readonly workspace: ManifestWorkspace) {}

  clusterModel(settings: Pick<ServiceSettings, 'defaultNamespace'>): ClusterModel {
    const version = this.workspace.version;
    if (!this.isCurrent(settings)) {
      const started = performance.now();
      const model = buildClusterModel(this.workspace.manifests(), settings, this.workspace.allFiles());
      this.lastBuildMs = performance.now() - started;
      this.cached = { version, defaultNamespace: settings.defaultNamespace, model };
    }
    return this.cached!.model;
  }

  /**
   * The facts for an interactive request (a hover, a completion, a CodeLens): the current ones when the model is
   * up to date or cheap to rebuild; otherwise those of the last model, so that the request never waits for the
   * whole workspace (measured: a hover on a small file waited 3.3 s for a 5 MB file of 100,000 policies that had
   * just changed). The workspace pass that follows every change brings the model up to date. The policy under the
   * cursor is always read from the current text; only what other files hold may be a pass behind.
   */
  interactiveFacts(settings: Pick<ServiceSettings, 'defaultNamespace'>, budgetMs = INTERACTIVE_BUDGET_MS): ModelFacts {
    const previous = this.cachedFacts;
    if (!this.isCurrent(settings) && this.lastBuildMs > budgetMs && previous && previous.defaultNamespace === settings.defaultNamespace) return previous.facts;
    return this.facts(settings);
  }

  private isCurrent(settings: Pick<ServiceSettings, 'defaultNamespace'>): boolean {
    return this.cached !== undefined && this.cached.version === this.workspace.version && this.cached.defaultNamespace === settings.defaultNamespace;
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

/** An interactive request rebuilds the model itself only when the last build took at most this long. */
const INTERACTIVE_BUDGET_MS = 50;

/**
 * Hover, completion and CodeLens facts: the questions of those features, about a policy manifest and its rules and
 * peers by index, answered by the model's `ClusterQueries` (which the workspace lints ask too, so they agree).
 */
export class ModelFacts implements WorkspaceFacts, CompletionFacts {
  private readonly queries: ClusterQueries;

  constructor(
    model: ClusterModel,
    private readonly defaultNamespace: string,
  ) {
    this.queries = clusterQueries(model);
  }

  /** The workloads and pods a policy selects (a shared list: never change it). */
  selectedEndpoints(policy: Manifest): readonly Endpoint[] | undefined {
    const spec = this.specOf(policy);
    return spec && this.queries.selection(spec);
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
    return this.queries.peerWorkloads(peer, spec.namespace).map((e) => e.key);
  }

  resolveNamedPort(
    policy: Manifest,
    direction: Direction,
    ruleIndex: number,
    portName: string,
    protocol: string,
  ): readonly { endpoint: string; ports: readonly number[] }[] | undefined {
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
    return this.queries.labelKeys(of);
  }

  labelValues(of: 'pods' | 'namespaces', key: string): readonly string[] {
    return this.queries.labelValues(of, key);
  }

  namespaceNames(): readonly string[] {
    return this.queries.namespaceNames();
  }

  namedPorts(policy: Manifest, direction: Direction, ruleIndex: number): readonly string[] {
    const names = new Set<string>();
    for (const endpoint of this.destinations(policy, direction, ruleIndex) ?? []) for (const port of endpoint.ports) if (port.name) names.add(port.name);
    return [...names].sort();
  }

  /** The pods a rule's ports are looked up on (see `ClusterQueries.ruleDestinations`). */
  private destinations(policy: Manifest, direction: Direction, ruleIndex: number): readonly Endpoint[] | undefined {
    const spec = this.specOf(policy);
    if (!spec) return undefined;
    if (direction === 'ingress') return this.queries.selection(spec);
    const rule = this.ruleOf(spec, direction, ruleIndex);
    return rule && this.queries.ruleDestinations(spec, rule);
  }

  private ruleOf(spec: PolicySpec, direction: Direction, ruleIndex: number): PolicyRule | undefined {
    return spec[direction].find((rule) => rule.index === ruleIndex);
  }

  private specOf(policy: Manifest): PolicySpec | undefined {
    try {
      return readNetworkPolicySpec(policy.value, this.defaultNamespace);
    } catch {
      return undefined; // wrong types: the API server could not decode it; nothing to say about the workspace
    }
  }
}
