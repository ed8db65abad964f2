import { NAMESPACE_NAME_LABEL, type ClusterModel, type ServiceModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import { isEmptySelector, matchesSelector, selectorKey, selectorProblem, type Labels, type LabelSelector } from '../cluster/labelSelector';
import { NETWORK_POLICY_API_VERSION, readNetworkPolicySpec, type PodsPeer, type PolicyRule, type PolicySpec } from '../cluster/networkPolicy';
import { isRecord, type Manifest } from '../model/manifest';
import { policySelects } from '../reachability/matching';
import { isQualifiedName, isValidLabelValue } from '../validation/k8sNames';
import { namespaceLabelsOf } from '../reachability/policyClasses';

/**
 * What the workspace lints read of the cluster model, indexed once per model (a model is rebuilt on every change
 * of the workspace, so a view never goes stale): workloads by namespace, Services by namespace, and which
 * namespaces the workspace describes completely.
 */
export class ClusterView {
  /** Pods and workloads (not external ranges). */
  readonly workloads: readonly Endpoint[];
  readonly namespaceLabels: (namespace: string) => Labels;
  /**
   * The label keys some `kind: Namespace` of the workspace has, plus `kubernetes.io/metadata.name` (which the API
   * server sets on every namespace); undefined when the workspace declares no Namespace.
   */
  readonly namespaceLabelKeys: ReadonlySet<string> | undefined;
  private readonly byNamespace = new Map<string, Endpoint[]>();
  private readonly servicesByNamespace = new Map<string, ServiceModel[]>();
  private readonly completeness = new Map<string, boolean>();
  private readonly nearness = new Map<string, boolean>();
  /** Results per interpreted rule or spec (stable while its document's text is) and folder scope. */
  private readonly destinationMemo = new WeakMap<object, Map<string, readonly Endpoint[] | undefined>>();

  constructor(readonly model: ClusterModel) {
    // An object with neither name nor generateName cannot be applied as written: it is a template that something
    // else completes at run time (an operator's assets), not a workload of this namespace.
    this.workloads = model.endpoints.filter((endpoint) => endpoint.kind !== 'external' && !endpoint.name.startsWith('(unnamed)#'));
    for (const endpoint of this.workloads) push(this.byNamespace, endpoint.namespace ?? '', endpoint);
    for (const service of model.services) push(this.servicesByNamespace, service.namespace, service);
    this.namespaceLabels = namespaceLabelsOf(model);
    const declared = [...model.namespaces.values()].filter((namespace) => namespace.declared);
    this.namespaceLabelKeys = declared.length === 0 ? undefined : new Set([NAMESPACE_NAME_LABEL, ...declared.flatMap((namespace) => Object.keys(namespace.labels))]);
  }

  get hasWorkloads(): boolean {
    return this.workloads.length > 0;
  }

  workloadsIn(namespace: string): readonly Endpoint[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  servicesIn(namespace: string): readonly ServiceModel[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /**
   * Whether the workspace describes every pod of a namespace, as far as it can tell: it has workloads there, and
   * each Service there with a selector selects one of them. A Service whose pods are not in the workspace means
   * pods made elsewhere (by an operator from a custom resource, a chart, another repository), which a selector
   * may be meant for.
   */
  isComplete(namespace: string): boolean {
    let complete = this.completeness.get(namespace);
    if (complete === undefined) {
      const workloads = this.workloadsIn(namespace);
      complete =
        workloads.length > 0 &&
        this.servicesIn(namespace).every((service) => service.selector === undefined || Object.keys(service.selector).length === 0 || workloads.some((workload) => serviceSelects(service, workload)));
      this.completeness.set(namespace, complete);
    }
    return complete;
  }

  /**
   * Whether the workspace describes the pods of a namespace for a policy in file `uri`: the namespace is complete,
   * and some of its workloads are defined near the policy (under the parent of the policy's folder, as in
   * `deploy/policies/` beside `deploy/apps/`). Workloads only far away in the tree belong to other projects of
   * the same repository that happen to share the namespace (often `default`).
   */
  isDescribed(namespace: string, uri: string): boolean {
    if (!this.isComplete(namespace)) return false;
    const scope = parentFolder(uri);
    const key = `${namespace}\n${scope}`;
    let near = this.nearness.get(key);
    if (near === undefined) {
      near = this.workloadsIn(namespace).some((endpoint) => endpoint.manifest === undefined || endpoint.manifest.uri.startsWith(scope));
      this.nearness.set(key, near);
    }
    return near;
  }

  /**
   * The workloads a pods peer matches, when the workspace describes every pod it can match (see `isDescribed`);
   * undefined when it cannot tell. That is so for a peer in the policy's own namespace (no namespaceSelector), or
   * one whose namespaceSelector names its namespaces by `kubernetes.io/metadata.name`. A namespaceSelector by
   * other labels can match namespaces the workspace does not know.
   */
  peerWorkloads(peer: PodsPeer, policyNamespace: string, uri: string): readonly Endpoint[] | undefined {
    return this.memo(peer, uri, () => {
      // pinnedNamespaces keeps the namespaces the namespaceSelector matches: what is left is the podSelector.
      const namespaces = peer.namespaceSelector === undefined ? [policyNamespace] : this.pinnedNamespaces(peer.namespaceSelector);
      if (!namespaces || !namespaces.every((namespace) => this.isDescribed(namespace, uri))) return undefined;
      const podSelector = peer.podSelector;
      return namespaces.flatMap((namespace) => (podSelector ? this.workloadsIn(namespace).filter((endpoint) => matchesSelector(podSelector, endpoint.labels)) : this.workloadsIn(namespace)));
    });
  }

  /**
   * The pods a rule's ports apply to, when the workspace describes them all: for ingress the pods the policy
   * selects, for egress the pods its peers match (ipBlock peers and peers that match nothing add none). Undefined
   * when that set is not known: an egress rule to every destination, a peer that can match pods elsewhere, or a
   * policy namespace the workspace does not describe.
   */
  ruleDestinations(spec: PolicySpec, rule: PolicyRule, uri: string): readonly Endpoint[] | undefined {
    if (rule.direction === 'ingress') return this.selectedBy(spec, uri);
    return this.memo(rule, uri, () => this.computeRuleDestinations(spec, rule, uri));
  }

  private computeRuleDestinations(spec: PolicySpec, rule: PolicyRule, uri: string): readonly Endpoint[] | undefined {
    if (rule.peers === undefined) return undefined;
    const out = new Set<Endpoint>();
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods') continue;
      const matched = this.peerWorkloads(peer, spec.namespace, uri);
      if (!matched) return undefined;
      for (const endpoint of matched) out.add(endpoint);
    }
    return [...out];
  }

  /** The workloads a policy (in file `uri`) selects, when the workspace describes its namespace; else undefined. */
  selectedBy(spec: PolicySpec, uri: string): readonly Endpoint[] | undefined {
    return this.memo(spec, uri, () => (this.isDescribed(spec.namespace, uri) ? this.workloadsIn(spec.namespace).filter((endpoint) => policySelects(spec, endpoint)) : undefined));
  }

  private memo(key: object, uri: string, compute: () => readonly Endpoint[] | undefined): readonly Endpoint[] | undefined {
    let byScope = this.destinationMemo.get(key);
    if (!byScope) this.destinationMemo.set(key, (byScope = new Map()));
    const scope = parentFolder(uri);
    if (byScope.has(scope)) return byScope.get(scope);
    const result = compute();
    byScope.set(scope, result);
    return result;
  }

  /**
   * The namespaces a namespaceSelector can match when it names them by `kubernetes.io/metadata.name` (in
   * `matchLabels` or an `In` expression); undefined when it selects by other labels too, unless every named
   * namespace is declared in the workspace (then its labels are known).
   */
  private pinnedNamespaces(selector: LabelSelector): string[] | undefined {
    let names: string[] | undefined;
    const narrow = (values: readonly string[]): void => {
      names = names === undefined ? [...new Set(values)] : names.filter((name) => values.includes(name));
    };
    if (Object.hasOwn(selector.matchLabels, NAMESPACE_NAME_LABEL)) narrow([selector.matchLabels[NAMESPACE_NAME_LABEL]]);
    for (const requirement of selector.matchExpressions) {
      if (requirement.key === NAMESPACE_NAME_LABEL && requirement.operator === 'In') narrow(requirement.values);
    }
    if (names === undefined) return undefined;
    const onlyNames =
      Object.keys(selector.matchLabels).every((key) => key === NAMESPACE_NAME_LABEL) && selector.matchExpressions.every((requirement) => requirement.key === NAMESPACE_NAME_LABEL);
    if (!onlyNames && !names.every((name) => this.model.namespaces.get(name)?.declared)) return undefined;
    return names.filter((name) => matchesSelector(selector, this.namespaceLabels(name)));
  }
}

const views = new WeakMap<ClusterModel, ClusterView>();

/** The view of a model, built on first use. */
export function clusterView(model: ClusterModel): ClusterView {
  let view = views.get(model);
  if (!view) views.set(model, (view = new ClusterView(model)));
  return view;
}

/**
 * The interpreted spec of a `networking.k8s.io/v1` NetworkPolicy, read from the object itself (not from the model,
 * which holds only the last definition of a name: a lint whose result depends on the policy alone must not depend
 * on its duplicates); undefined for other objects and for policies the API server could not decode.
 */
export function policySpecOf(manifest: Manifest, defaultNamespace: string): PolicySpec | undefined {
  if (manifest.kind !== 'NetworkPolicy' || manifest.apiVersion !== NETWORK_POLICY_API_VERSION) return undefined;
  // Without a name the API server rejects it (validation says so): an operator's template, completed at run time.
  const metadata = manifest.value.metadata;
  if (!isRecord(metadata) || (!metadata.name && !metadata.generateName)) return undefined;
  try {
    return readNetworkPolicySpec(manifest.value, defaultNamespace);
  } catch {
    return undefined;
  }
}

/**
 * A selector the API server accepts: a known operator with the values it takes (`selectorProblem`), and label
 * keys and values of the right form. The lints leave the others to validation (one report per mistake).
 */
export function isValidSelector(selector: LabelSelector): boolean {
  if (selectorProblem(selector)) return false;
  for (const [key, value] of Object.entries(selector.matchLabels)) if (isQualifiedName(key).length > 0 || isValidLabelValue(value).length > 0) return false;
  return selector.matchExpressions.every((requirement) => isQualifiedName(requirement.key).length === 0 && requirement.values.every((value) => isValidLabelValue(value).length === 0));
}

/** Service.spec.selector: every label it lists, with that value. */
export function serviceSelects(service: ServiceModel, endpoint: Pick<Endpoint, 'namespace' | 'labels'>): boolean {
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0 || endpoint.namespace !== service.namespace) return false;
  for (const [key, value] of Object.entries(selector)) if (!Object.hasOwn(endpoint.labels, key) || endpoint.labels[key] !== value) return false;
  return true;
}

/** Up to `limit` names joined with commas and "and" (or "or"), then "and N more". */
export function listNames(names: readonly string[], limit = 3, conjunction: 'and' | 'or' = 'and'): string {
  const shown = names.slice(0, limit);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} ${conjunction} ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

/** A selector as kubectl prints it (`app=web,tier in (a,b)`), or `{}` for the empty selector. */
export function selectorText(selector: LabelSelector): string {
  return isEmptySelector(selector) ? '{}' : selectorKey(selector);
}

/** The folder above the folder of a URI or path (`file:///a/b/c.yaml` -> `file:///a/`), or the root. */
export function parentFolder(uri: string): string {
  const folderEnd = uri.lastIndexOf('/');
  const parentEnd = folderEnd <= 0 ? -1 : uri.lastIndexOf('/', folderEnd - 1);
  return parentEnd < 0 ? '' : uri.slice(0, parentEnd + 1);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
