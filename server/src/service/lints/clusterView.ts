import { NAMESPACE_NAME_LABEL, type ClusterModel, type ServiceModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import { isEmptySelector, matchesSelector, selectorKey, selectorProblem, type Labels, type LabelSelector } from '../cluster/labelSelector';
import { NETWORK_POLICY_API_VERSION, readNetworkPolicySpec, type PodsPeer, type PolicyRule, type PolicySpec } from '../cluster/networkPolicy';
import { isRecord, type Manifest } from '../model/manifest';
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
  private readonly folderMemo = new Map<string, ReadonlySet<string> | 'everywhere'>();
  private readonly positionMemo = new Map<string, ReadonlyMap<Endpoint, number>>();
  /** Results per interpreted rule or peer (stable while its document's text is) and folder scope. */
  private readonly destinationMemo = new WeakMap<object, Map<string, readonly Endpoint[] | undefined>>();
  /** The workloads of a namespace with a label, by namespace, then `key` NUL `value`; built on first use. */
  private readonly byLabel = new Map<string, Map<string, Endpoint[]>>();
  /** The workloads of a namespace that a selector matches, by namespace and selector (see `selectorIdentity`). */
  private readonly selections = new Map<string, readonly Endpoint[]>();
  /** The Services of a namespace with a selector, by one `key` NUL `value` pair of it, with their position. */
  private readonly servicesByLabel = new Map<string, Map<string, { service: ServiceModel; position: number }[]>>();
  private readonly servicesOfEndpoint = new WeakMap<Endpoint, readonly ServiceModel[]>();
  /** The values each label key has among a namespace's workloads, sorted, by namespace NUL key. */
  private readonly labelValueMemo = new Map<string, readonly string[]>();

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

  /** The Services whose selector selects a workload, in the order of `servicesIn`. */
  servicesSelecting(endpoint: Endpoint): readonly ServiceModel[] {
    let found = this.servicesOfEndpoint.get(endpoint);
    if (!found) {
      const namespace = endpoint.namespace ?? '';
      let index = this.servicesByLabel.get(namespace);
      if (!index) {
        index = new Map();
        this.servicesIn(namespace).forEach((service, position) => {
          const first = Object.entries(service.selector ?? {})[0];
          if (first) push(index!, `${first[0]}\0${first[1]}`, { service, position });
        });
        this.servicesByLabel.set(namespace, index);
      }
      const candidates = Object.entries(endpoint.labels).flatMap(([key, value]) => index!.get(`${key}\0${value}`) ?? []);
      found = candidates
        .sort((a, b) => a.position - b.position)
        .map(({ service }) => service)
        .filter((service) => serviceSelects(service, endpoint));
      this.servicesOfEndpoint.set(endpoint, found);
    }
    return found;
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
        this.servicesIn(namespace).every(
          (service) => service.selector === undefined || Object.keys(service.selector).length === 0 || this.withLabels(namespace, service.selector).some((workload) => serviceSelects(service, workload)),
        );
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
      const folders = this.workloadFolders(namespace);
      // `scope` is '' or ends with '/': a URI starts with it when it is one of the URI's folders.
      near = scope === '' || folders === 'everywhere' || folders.has(scope);
      this.nearness.set(key, near);
    }
    return near;
  }

  /**
   * Every folder (each prefix up to a `/`) that holds a workload of the namespace, at any depth; `everywhere`
   * when a workload has no manifest. Read once per namespace, not once per policy folder.
   */
  private workloadFolders(namespace: string): ReadonlySet<string> | 'everywhere' {
    let folders = this.folderMemo.get(namespace);
    if (!folders) {
      const found = new Set<string>();
      folders = found;
      for (const endpoint of this.workloadsIn(namespace)) {
        if (endpoint.manifest === undefined) {
          folders = 'everywhere';
          break;
        }
        const uri = endpoint.manifest.uri;
        for (let slash = uri.indexOf('/'); slash >= 0; slash = uri.indexOf('/', slash + 1)) found.add(uri.slice(0, slash + 1));
      }
      this.folderMemo.set(namespace, folders);
    }
    return folders;
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
      const matching = (namespace: string): readonly Endpoint[] => (podSelector ? this.workloadsMatching(namespace, podSelector) : this.workloadsIn(namespace));
      // One namespace (the usual case): the shared list itself, not a copy per peer.
      return namespaces.length === 1 ? matching(namespaces[0]) : namespaces.flatMap(matching);
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
    const matches: (readonly Endpoint[])[] = [];
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods') continue;
      const matched = this.peerWorkloads(peer, spec.namespace, uri);
      if (!matched) return undefined;
      matches.push(matched);
    }
    if (matches.length === 1) return matches[0];
    const out = new Set<Endpoint>();
    for (const matched of matches) for (const endpoint of matched) out.add(endpoint);
    return [...out];
  }

  /**
   * The workloads a policy (in file `uri`) selects, when the workspace describes its namespace; else undefined.
   * Policies with equal podSelectors in one namespace share the list.
   */
  selectedBy(spec: PolicySpec, uri: string): readonly Endpoint[] | undefined {
    return this.isDescribed(spec.namespace, uri) ? this.workloadsMatching(spec.namespace, spec.podSelector) : undefined;
  }

  /**
   * The workloads of a namespace that a label selector matches, in the order of `workloadsIn`. Computed once per
   * namespace and selector, and only over the workloads that carry one of the selector's `matchLabels` (the
   * rarest), or else one of the values of an `In` expression, so that a namespace of many workloads and many
   * policies does not cost their product.
   */
  workloadsMatching(namespace: string, selector: LabelSelector): readonly Endpoint[] {
    const key = `${namespace}\0${selectorIdentity(selector)}`;
    let found = this.selections.get(key);
    if (!found) {
      const oneOf = selector.matchExpressions.find((requirement) => requirement.operator === 'In');
      const candidates = Object.keys(selector.matchLabels).length === 0 && oneOf ? this.withOneOf(namespace, oneOf.key, oneOf.values) : this.withLabels(namespace, selector.matchLabels);
      found = candidates.filter((endpoint) => matchesSelector(selector, endpoint.labels));
      this.selections.set(key, found);
    }
    return found;
  }

  /** The sorted values of a label key among the workloads of a namespace. */
  labelValues(namespace: string, key: string): readonly string[] {
    const memoKey = `${namespace}\0${key}`;
    let values = this.labelValueMemo.get(memoKey);
    if (!values) {
      values = [...new Set(this.workloadsIn(namespace).filter((w) => Object.hasOwn(w.labels, key)).map((w) => w.labels[key]))].sort();
      this.labelValueMemo.set(memoKey, values);
    }
    return values;
  }

  /**
   * The workloads of a namespace that may have every label of `required`: those with the one of them that the
   * fewest workloads have (every workload when `required` is empty). A superset: callers still match.
   */
  private withLabels(namespace: string, required: Readonly<Record<string, string>>): readonly Endpoint[] {
    let best: readonly Endpoint[] = this.workloadsIn(namespace);
    const entries = Object.entries(required);
    if (entries.length === 0) return best;
    const index = this.labelIndex(namespace);
    for (const [key, value] of entries) {
      const list = index.get(`${key}\0${value}`) ?? [];
      if (list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best;
  }

  /** The workloads of a namespace whose label `key` has one of `values`, in the order of `workloadsIn`. */
  private withOneOf(namespace: string, key: string, values: readonly string[]): readonly Endpoint[] {
    const index = this.labelIndex(namespace);
    const lists = [...new Set(values)].map((value) => index.get(`${key}\0${value}`) ?? []);
    if (lists.length === 1) return lists[0];
    // A workload has one value per key, so the lists hardly overlap; back in namespace order.
    const position = this.positions(namespace);
    return [...new Set(lists.flat())].sort((a, b) => position.get(a)! - position.get(b)!);
  }

  private positions(namespace: string): ReadonlyMap<Endpoint, number> {
    let found = this.positionMemo.get(namespace);
    if (!found) {
      found = new Map(this.workloadsIn(namespace).map((endpoint, position) => [endpoint, position]));
      this.positionMemo.set(namespace, found);
    }
    return found;
  }

  private labelIndex(namespace: string): Map<string, Endpoint[]> {
    let index = this.byLabel.get(namespace);
    if (!index) {
      index = new Map();
      for (const endpoint of this.workloadsIn(namespace)) {
        for (const [key, value] of Object.entries(endpoint.labels)) push(index, `${key}\0${value}`, endpoint);
      }
      this.byLabel.set(namespace, index);
    }
    return index;
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

/**
 * A key that two selectors share exactly when they match the same labels: matchLabels in key order, expressions in
 * order of their JSON, values sorted and without repeats (the order of expressions and of values does not change
 * what a selector matches). Unlike `selectorKey`, it cannot confuse a key or value that contains `,` or `=`.
 */
export function selectorIdentity(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels).sort(([a], [b]) => compare(a, b));
  const expressions = selector.matchExpressions.map((requirement) => JSON.stringify([requirement.key, requirement.operator, [...new Set(requirement.values)].sort(compare)])).sort(compare);
  return JSON.stringify([labels, expressions]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Up to `limit` names joined with commas and "and" (or "or"), then "and N more". `total` is how many names there
 * are when `names` holds only the first ones (a caller with thousands need not spell them all).
 */
export function listNames(names: readonly string[], limit = 3, conjunction: 'and' | 'or' = 'and', total = names.length): string {
  const shown = names.slice(0, limit);
  const rest = total - shown.length;
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
