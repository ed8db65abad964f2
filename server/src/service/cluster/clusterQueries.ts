import { NAMESPACE_NAME_LABEL, type ClusterModel, type ServiceModel } from './clusterModel';
import type { Endpoint } from './endpoint';
import { netContains } from './ipAddress';
import { matchesSelector, type Labels, type LabelSelector } from './labelSelector';
import type { PodsPeer, PolicyPeer, PolicyRule, PolicySpec } from './networkPolicy';

/**
 * The one place that answers questions about the workloads of a cluster model: which workloads a policy's
 * podSelector selects, which a peer matches, which pods a rule's ports are looked up on, the labels and namespaces
 * there are, which Services select a workload, and which namespaces the workspace describes completely. The
 * workspace lints, and hover, completion and CodeLens (through `ModelFacts`), all ask it, so they agree.
 *
 * Workloads are the model's pods and workloads (not its external ranges), every one of them: a workload without
 * `metadata.name` too (the model calls it `(unnamed)#N`). The API server refuses such an object as written, but
 * the mistake is the missing name, not the pods it describes: a policy written for its labels is meant for them,
 * and the reachability matrix shows them.
 *
 * Two kinds of answers:
 * - the plain ones (`selection`, `peerWorkloads`, `ruleDestinations`) are what the workspace shows: the workloads
 *   it defines that match, possibly none;
 * - the `described...` ones are the same sets only when the workspace describes every pod they could hold (see
 *   `isDescribed`), else undefined: what a lint may call "nothing" without guessing.
 *
 * Indexed once per model, lazily (a model is rebuilt on every change of the workspace, so answers never go stale).
 * Returned lists are shared between callers: never change them.
 */
export class ClusterQueries {
  /** Pods and workloads (not external ranges), in model order (by key). */
  readonly workloads: readonly Endpoint[];
  /**
   * The labels of a namespace: those of its `kind: Namespace`, or only `kubernetes.io/metadata.name: <name>` (which
   * the API server sets on every namespace) for one the workspace only refers to.
   */
  readonly namespaceLabels: (namespace: string) => Labels;
  /**
   * The label keys some `kind: Namespace` of the workspace has, plus `kubernetes.io/metadata.name`; undefined when
   * the workspace declares no Namespace (then a namespace's other labels are unknown, not absent).
   */
  readonly declaredNamespaceLabelKeys: ReadonlySet<string> | undefined;
  private readonly byNamespace = new Map<string, Endpoint[]>();
  private readonly servicesByNamespace = new Map<string, ServiceModel[]>();
  private readonly completeness = new Map<string, boolean>();
  private readonly nearness = new Map<string, boolean>();
  private readonly folderMemo = new Map<string, ReadonlySet<string> | 'everywhere'>();
  private readonly positionMemo = new Map<string, ReadonlyMap<Endpoint, number>>();
  private globalPositions: ReadonlyMap<Endpoint, number> | undefined;
  /** Described results per interpreted rule or peer (stable while its document's text is) and folder scope. */
  private readonly destinationMemo = new WeakMap<object, Map<string, readonly Endpoint[] | undefined>>();
  /** Plain results per interpreted rule or peer, and the namespace of its policy. */
  private readonly matchMemo = new WeakMap<object, Map<string, readonly Endpoint[]>>();
  /** The workloads of a namespace with a label, by namespace, then `key` NUL `value`; built on first use. */
  private readonly byLabel = new Map<string, Map<string, Endpoint[]>>();
  /** The workloads of a namespace that a selector matches, by namespace and selector (see `selectorIdentity`). */
  private readonly selections = new Map<string, readonly Endpoint[]>();
  /** The Services of a namespace with a selector, by one `key` NUL `value` pair of it, with their position. */
  private readonly servicesByLabel = new Map<string, Map<string, { service: ServiceModel; position: number }[]>>();
  private readonly servicesOfEndpoint = new WeakMap<Endpoint, readonly ServiceModel[]>();
  /** The values each label key has among a namespace's workloads, sorted, by namespace NUL key. */
  private readonly labelValueMemo = new Map<string, readonly string[]>();
  /** The values each label key has among all workloads or all namespaces, sorted, by `pods` or `namespaces` NUL key. */
  private readonly workspaceLabelValueMemo = new Map<string, readonly string[]>();
  private readonly labelKeyMemo = new Map<'pods' | 'namespaces', readonly string[]>();

  constructor(readonly model: ClusterModel) {
    this.workloads = model.endpoints.filter((endpoint) => endpoint.kind !== 'external');
    for (const endpoint of this.workloads) push(this.byNamespace, endpoint.namespace ?? '', endpoint);
    for (const service of model.services) push(this.servicesByNamespace, service.namespace, service);
    this.namespaceLabels = (namespace) => model.namespaces.get(namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: namespace };
    const declared = [...model.namespaces.values()].filter((namespace) => namespace.declared);
    this.declaredNamespaceLabelKeys =
      declared.length === 0 ? undefined : new Set([NAMESPACE_NAME_LABEL, ...declared.flatMap((namespace) => Object.keys(namespace.labels))]);
  }

  get hasWorkloads(): boolean {
    return this.workloads.length > 0;
  }

  /** The workloads of a namespace, in model order. */
  workloadsIn(namespace: string): readonly Endpoint[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  servicesIn(namespace: string): readonly ServiceModel[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /** The names of every namespace the workspace declares or refers to, sorted. */
  namespaceNames(): readonly string[] {
    return [...this.model.namespaces.keys()].sort(compare);
  }

  /**
   * The label keys the workloads' pods have (`pods`) or the namespaces have (`namespaces`, every one with
   * `kubernetes.io/metadata.name`), sorted.
   */
  labelKeys(of: 'pods' | 'namespaces'): readonly string[] {
    let keys = this.labelKeyMemo.get(of);
    if (!keys) {
      const found = new Set<string>();
      for (const labels of this.labelSets(of)) for (const key of Object.keys(labels)) found.add(key);
      keys = [...found].sort(compare);
      this.labelKeyMemo.set(of, keys);
    }
    return keys;
  }

  /** The values a label key has on the workloads' pods or on the namespaces, sorted. */
  labelValues(of: 'pods' | 'namespaces', key: string): readonly string[] {
    const memoKey = `${of}\0${key}`;
    let values = this.workspaceLabelValueMemo.get(memoKey);
    if (!values) {
      values = valuesOf(this.labelSets(of), key);
      this.workspaceLabelValueMemo.set(memoKey, values);
    }
    return values;
  }

  /** The values a label key has on the workloads of one namespace, sorted. */
  workloadLabelValues(namespace: string, key: string): readonly string[] {
    const memoKey = `${namespace}\0${key}`;
    let values = this.labelValueMemo.get(memoKey);
    if (!values) {
      values = valuesOf(
        this.workloadsIn(namespace).map((workload) => workload.labels),
        key,
      );
      this.labelValueMemo.set(memoKey, values);
    }
    return values;
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
   * The workloads a policy selects. NetworkPolicySpec.podSelector "selects the pods to which this NetworkPolicy
   * object applies ... An empty selector matches all pods in the policy's namespace": never pods of another
   * namespace. Policies with equal podSelectors in one namespace share the list.
   */
  selection(spec: PolicySpec): readonly Endpoint[] {
    return this.workloadsMatching(spec.namespace, spec.podSelector);
  }

  /**
   * The workloads a peer matches, in model order (NetworkPolicyPeer): podSelector alone, the matching pods of the
   * policy's own namespace; namespaceSelector alone, every pod of the matching namespaces; both, the matching pods
   * of the matching namespaces; an ipBlock, the pods with a known IP (`status.podIP`) in it and in no `except`.
   */
  peerWorkloads(peer: PolicyPeer, policyNamespace: string): readonly Endpoint[] {
    switch (peer.kind) {
      case 'nothing':
        return [];
      case 'ipBlock':
        return this.remember(peer, policyNamespace, () =>
          this.workloads.filter((endpoint) =>
            endpoint.addresses.some((address) => netContains(peer.cidr, address) && !peer.except.some((except) => netContains(except, address))),
          ),
        );
      case 'pods': {
        if (peer.namespaceSelector === undefined) return this.podsIn(policyNamespace, peer.podSelector);
        const namespaceSelector = peer.namespaceSelector;
        return this.remember(peer, policyNamespace, () => {
          const namespaces = [...this.byNamespace.keys()].filter((namespace) => matchesSelector(namespaceSelector, this.namespaceLabels(namespace)));
          return this.inModelOrder(namespaces.map((namespace) => this.podsIn(namespace, peer.podSelector)));
        });
      }
    }
  }

  /**
   * The workloads a rule's ports are looked up on. A named port resolves on the destination pod, for ingress and
   * egress alike: for ingress the pods the policy selects, for egress the pods the rule's peers match (every
   * workload when it has no peers, as a rule without `to` allows every destination).
   */
  ruleDestinations(spec: PolicySpec, rule: PolicyRule): readonly Endpoint[] {
    if (rule.direction === 'ingress') return this.selection(spec);
    const peers = rule.peers;
    if (peers === undefined) return this.workloads;
    return this.remember(rule, spec.namespace, () => this.inModelOrder(peers.map((peer) => this.peerWorkloads(peer, spec.namespace))));
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
          (service) =>
            service.selector === undefined ||
            Object.keys(service.selector).length === 0 ||
            this.withLabels(namespace, service.selector).some((workload) => serviceSelects(service, workload)),
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
   * The workloads a policy (in file `uri`) selects (`selection`), when the workspace describes its namespace; else
   * undefined.
   */
  describedSelection(spec: PolicySpec, uri: string): readonly Endpoint[] | undefined {
    return this.isDescribed(spec.namespace, uri) ? this.selection(spec) : undefined;
  }

  /**
   * The workloads a pods peer matches, when the workspace describes every pod it can match (see `isDescribed`);
   * undefined when it cannot tell. That is so for a peer in the policy's own namespace (no namespaceSelector), or
   * one whose namespaceSelector names its namespaces by `kubernetes.io/metadata.name`. A namespaceSelector by
   * other labels can match namespaces the workspace does not know.
   */
  describedPeerWorkloads(peer: PodsPeer, policyNamespace: string, uri: string): readonly Endpoint[] | undefined {
    return this.describedMemo(peer, uri, () => {
      // pinnedNamespaces keeps the namespaces the namespaceSelector matches: what is left is the podSelector.
      const namespaces = peer.namespaceSelector === undefined ? [policyNamespace] : this.pinnedNamespaces(peer.namespaceSelector);
      if (!namespaces || !namespaces.every((namespace) => this.isDescribed(namespace, uri))) return undefined;
      // One namespace (the usual case): the shared list itself, not a copy per peer.
      return namespaces.length === 1
        ? this.podsIn(namespaces[0], peer.podSelector)
        : namespaces.flatMap((namespace) => this.podsIn(namespace, peer.podSelector));
    });
  }

  /**
   * The pods a rule's ports apply to (`ruleDestinations`), when the workspace describes them all; ipBlock peers and
   * peers that match nothing add none (a lint cannot tell which pods have which IP). Undefined when that set is
   * not known: an egress rule to every destination, a peer that can match pods elsewhere, or a policy namespace
   * the workspace does not describe.
   */
  describedRuleDestinations(spec: PolicySpec, rule: PolicyRule, uri: string): readonly Endpoint[] | undefined {
    if (rule.direction === 'ingress') return this.describedSelection(spec, uri);
    return this.describedMemo(rule, uri, () => this.computeDescribedRuleDestinations(spec, rule, uri));
  }

  private computeDescribedRuleDestinations(spec: PolicySpec, rule: PolicyRule, uri: string): readonly Endpoint[] | undefined {
    if (rule.peers === undefined) return undefined;
    const matches: (readonly Endpoint[])[] = [];
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods') continue;
      const matched = this.describedPeerWorkloads(peer, spec.namespace, uri);
      if (!matched) return undefined;
      matches.push(matched);
    }
    if (matches.length === 1) return matches[0];
    const out = new Set<Endpoint>();
    for (const matched of matches) for (const endpoint of matched) out.add(endpoint);
    return [...out];
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
      const candidates =
        Object.keys(selector.matchLabels).length === 0 && oneOf
          ? this.withOneOf(namespace, oneOf.key, oneOf.values)
          : this.withLabels(namespace, selector.matchLabels);
      found = candidates.filter((endpoint) => matchesSelector(selector, endpoint.labels));
      this.selections.set(key, found);
    }
    return found;
  }

  /** The workloads of a namespace a podSelector matches; every one of them without a podSelector. */
  private podsIn(namespace: string, podSelector: LabelSelector | undefined): readonly Endpoint[] {
    return podSelector ? this.workloadsMatching(namespace, podSelector) : this.workloadsIn(namespace);
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

  /** The union of lists of workloads, in model order; a single list as it is. */
  private inModelOrder(lists: readonly (readonly Endpoint[])[]): readonly Endpoint[] {
    const nonEmpty = lists.filter((list) => list.length > 0);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
    if (!this.globalPositions) this.globalPositions = new Map(this.workloads.map((endpoint, position) => [endpoint, position]));
    const position = this.globalPositions;
    return [...new Set(nonEmpty.flat())].sort((a, b) => position.get(a)! - position.get(b)!);
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

  private labelSets(of: 'pods' | 'namespaces'): readonly Labels[] {
    return of === 'pods' ? this.workloads.map((endpoint) => endpoint.labels) : [...this.model.namespaces.values()].map((namespace) => namespace.labels);
  }

  private describedMemo(key: object, uri: string, compute: () => readonly Endpoint[] | undefined): readonly Endpoint[] | undefined {
    let byScope = this.destinationMemo.get(key);
    if (!byScope) this.destinationMemo.set(key, (byScope = new Map()));
    const scope = parentFolder(uri);
    if (byScope.has(scope)) return byScope.get(scope);
    const result = compute();
    byScope.set(scope, result);
    return result;
  }

  private remember(key: object, policyNamespace: string, compute: () => readonly Endpoint[]): readonly Endpoint[] {
    let byNamespace = this.matchMemo.get(key);
    if (!byNamespace) this.matchMemo.set(key, (byNamespace = new Map()));
    let result = byNamespace.get(policyNamespace);
    if (!result) byNamespace.set(policyNamespace, (result = compute()));
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
      Object.keys(selector.matchLabels).every((key) => key === NAMESPACE_NAME_LABEL) &&
      selector.matchExpressions.every((requirement) => requirement.key === NAMESPACE_NAME_LABEL);
    if (!onlyNames && !names.every((name) => this.model.namespaces.get(name)?.declared)) return undefined;
    return names.filter((name) => matchesSelector(selector, this.namespaceLabels(name)));
  }
}

const queries = new WeakMap<ClusterModel, ClusterQueries>();

/** The queries of a model, built on first use and kept as long as the model is. */
export function clusterQueries(model: ClusterModel): ClusterQueries {
  let found = queries.get(model);
  if (!found) queries.set(model, (found = new ClusterQueries(model)));
  return found;
}

/**
 * Service.spec.selector: "Route service traffic to pods with label keys and values matching this selector": every
 * label it lists, with that value, on a pod of the Service's namespace. An empty or absent selector selects no pod
 * (the Service's endpoints are managed elsewhere).
 */
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
  const expressions = selector.matchExpressions
    .map((requirement) => JSON.stringify([requirement.key, requirement.operator, [...new Set(requirement.values)].sort(compare)]))
    .sort(compare);
  return JSON.stringify([labels, expressions]);
}

/** The folder above the folder of a URI or path (`file:///a/b/c.yaml` -> `file:///a/`), or the root. */
export function parentFolder(uri: string): string {
  const folderEnd = uri.lastIndexOf('/');
  const parentEnd = folderEnd <= 0 ? -1 : uri.lastIndexOf('/', folderEnd - 1);
  return parentEnd < 0 ? '' : uri.slice(0, parentEnd + 1);
}

/** The distinct values of a label key among label sets, sorted. Own keys only: `constructor` is not a label. */
function valuesOf(labelSets: readonly Labels[], key: string): readonly string[] {
  const values = new Set<string>();
  for (const labels of labelSets) if (Object.hasOwn(labels, key)) values.add(labels[key]);
  return [...values].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
