import type { ClusterModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import type { PolicyModel } from '../cluster/networkPolicy';
import type { SourceRef } from '../cluster/sourceRef';
import { explainConnection, type ConnectionExplanation, type SideExplanation } from '../reachability/explain';
import {
  allPortsOf,
  intersectPortSets,
  isEmptyPortSet,
  MAX_PORT,
  MIN_PORT,
  NO_PORTS,
  portRange,
  PROTOCOLS,
  portSetKey,
  unionPortSets,
  type PortRanges,
  type PortSet,
  type Protocol,
} from '../reachability/portSet';
import { allowedPorts, type EndpointSummary, type ReachabilityResult } from '../reachability/result';

/** One side of a diff: a cluster model and its reachability for every port (computed without a numeric port). */
export interface ReachabilityState {
  readonly model: ClusterModel;
  readonly result: ReachabilityResult;
}

/** What to compare: every port and protocol (empty), one protocol, or one port (a number, or a name resolved on each destination). */
export interface DiffQuery {
  readonly port?: number | string;
  /** Defaults to TCP when `port` is given; without `port`, absent means every protocol. */
  readonly protocol?: Protocol;
}

export type ConnectionChangeKind = 'added' | 'removed' | 'ports-changed';

/**
 * A change of one pair of endpoints (by key) on one protocol. `added`: nothing was allowed before, some ports are
 * now; `removed`: the reverse; `ports-changed`: allowed before and after, on other ports. Port ranges are inclusive
 * `[low, high]` pairs, sorted.
 */
export interface ConnectionChange {
  readonly change: ConnectionChangeKind;
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  /** The ports whose verdict changed: opened (`added`), closed (`removed`), or both (`ports-changed`). */
  readonly ports: PortRanges;
  /** The ports allowed before and after; empty when none (or when the endpoint was not there). */
  readonly before: PortRanges;
  readonly after: PortRanges;
  readonly gained: PortRanges;
  readonly lost: PortRanges;
  readonly why: ChangeReasons;
}

/**
 * Why a connection changed, at one port (the first port that changed): the base side's verdict with the base's
 * source references, and the head side's with the head's. A side is absent when one of the endpoints was not there.
 */
export interface ChangeReasons {
  readonly port: number;
  readonly before?: StateReason;
  readonly after?: StateReason;
  /** One line, without file positions: `allowed by shop/db spec.egress[0] and spec.ingress[0]`. */
  readonly summary: string;
}

export interface StateReason {
  readonly allowed: boolean;
  readonly egress: SideReason;
  readonly ingress: SideReason;
}

/**
 * One direction's verdict: `outside` the cluster (no policy applies), `open` (not isolated), `allowed` or `denied` by
 * rules. Egress is the source's side, ingress the destination's.
 */
export interface SideReason {
  readonly direction: 'egress' | 'ingress';
  readonly verdict: 'outside' | 'open' | 'allowed' | 'denied';
  readonly isolatedBy: readonly { readonly policy: string; readonly ref: SourceRef }[];
  /** The rules that allow the port (verdict `allowed`). */
  readonly allowedBy: readonly RuleReason[];
}

export interface RuleReason {
  readonly policy: string;
  /** The rule (`spec.ingress[0]`). */
  readonly rule: SourceRef;
  /** The peer that matches the other side; null for a rule without peers (every peer). */
  readonly peer: SourceRef | null;
  /** The port entry that matches; null for a rule without ports (every port). */
  readonly port: SourceRef | null;
}

/** What changes between two reachability states. Endpoints are matched by key. */
export interface ReachabilityDiff {
  /** Sorted by source, destination and protocol. Pairs of two external ranges (no policy applies) are left out. */
  readonly connections: readonly ConnectionChange[];
  /** Endpoints only in the head / only in the base; their connections are among `connections`. */
  readonly appeared: readonly string[];
  readonly disappeared: readonly string[];
  readonly added: number;
  readonly removed: number;
  readonly portsChanged: number;
}

/**
 * The difference between two reachability states, per pair of endpoints and protocol. Compares class pairs, not
 * endpoint pairs: the endpoints both sides know are grouped by (base class, head class), and only the groups whose
 * verdicts differ are expanded to their endpoints. Each change is explained from the side it needs: an added
 * connection from the head (what allows it now) and the base (what denied it), a removed one the other way round.
 */
export function diffReachability(base: ReachabilityState, head: ReachabilityState, query: DiffQuery = {}): ReachabilityDiff {
  const B = base.result;
  const H = head.result;
  if (!B.cells || !B.portSets || !H.cells || !H.portSets) throw new Error('diffReachability needs results computed without a numeric port');
  const baseIndex = new Map(B.endpoints.map((endpoint, index) => [endpoint.key, index]));
  const headIndex = new Map(H.endpoints.map((endpoint, index) => [endpoint.key, index]));
  const appeared = H.endpoints.filter((endpoint) => !baseIndex.has(endpoint.key)).map((endpoint) => endpoint.key);
  const disappeared = B.endpoints.filter((endpoint) => !headIndex.has(endpoint.key)).map((endpoint) => endpoint.key);
  const mask = portMask(query);
  const explainer = new Explainer(base, head);
  const changes: ConnectionChange[] = [];

  const emit = (from: string, to: string, before: PortSet, after: PortSet, sides: Sides): void => {
    for (const protocol of PROTOCOLS) {
      const was = before[protocol];
      const now = after[protocol];
      if (sameRanges(was, now)) continue;
      const gained = subtractRanges(now, was);
      const lost = subtractRanges(was, now);
      const change: ConnectionChangeKind = was.length === 0 ? 'added' : now.length === 0 ? 'removed' : 'ports-changed';
      const ports =
        change === 'added' ? now : change === 'removed' ? was : unionPortSets({ ...NO_PORTS, [protocol]: gained }, { ...NO_PORTS, [protocol]: lost })[protocol];
      const why = explainer.explain(from, to, protocol, ports[0][0], sides, change, gained.length > 0 && hasIn(gained, ports[0][0]));
      changes.push({ change, from, to, protocol, ports, before: was, after: now, gained, lost, why });
    }
  };

  // 1. Endpoints on both sides, by class pair.
  const common: { key: string; base: number; head: number; pod: boolean; external: boolean }[] = [];
  for (const [key, b] of baseIndex) {
    const h = headIndex.get(key);
    if (h === undefined) continue;
    const kind = H.endpoints[h].kind;
    common.push({
      key,
      base: b,
      head: h,
      pod: kind === 'pod' && B.endpoints[b].kind === 'pod',
      external: kind === 'external' && B.endpoints[b].kind === 'external',
    });
  }
  const sourceGroups = groupBy(common, (entry) => `${B.classOf[entry.base]},${H.classOf[entry.head]}`);
  const destinationGroups = groupBy(
    common,
    (entry) => `${B.classOf[entry.base]},${H.classOf[entry.head]},${mask.keyOf(B.endpoints[entry.base])},${mask.keyOf(H.endpoints[entry.head])}`,
  );
  const canonical = new CanonicalSets();
  /** Per side and destination mask: the canonical id of each of the side's port sets (-1: not yet known). */
  const canonicalIds = (sets: readonly PortSet[]) => {
    const byMask = new Map<string, Int32Array>();
    return (destination: EndpointSummary): ((raw: number) => number) => {
      const maskKey = mask.keyOf(destination);
      let ids = byMask.get(maskKey);
      if (!ids) byMask.set(maskKey, (ids = new Int32Array(sets.length).fill(-1)));
      const known = ids;
      return (raw) => (known[raw] !== -1 ? known[raw] : (known[raw] = canonical.id(mask.apply(sets[raw], destination))));
    };
  };
  const baseIdsFor = canonicalIds(B.portSets);
  const headIdsFor = canonicalIds(H.portSets);
  const columns = destinationGroups.map((destinations) => {
    const d = destinations[0];
    return { destinations, base: B.classOf[d.base], head: H.classOf[d.head], baseId: baseIdsFor(B.endpoints[d.base]), headId: headIdsFor(H.endpoints[d.head]) };
  });
  for (const sources of sourceGroups) {
    const s = sources[0];
    const baseRow = B.cells[B.classOf[s.base]];
    const headRow = H.cells[H.classOf[s.head]];
    for (const column of columns) {
      const before = column.baseId(baseRow[column.base]);
      const after = column.headId(headRow[column.head]);
      if (before === after) continue;
      for (const from of sources) {
        for (const to of column.destinations) {
          // A pod may always reach itself; two external ranges are outside the cluster: no policy governs either.
          if ((from === to && from.pod) || (from.external && to.external)) continue;
          emit(from.key, to.key, canonical.sets[before], canonical.sets[after], { base: [from.base, to.base], head: [from.head, to.head] });
        }
      }
    }
  }

  // 2. Endpoints on one side only: every connection they have there is added (appeared) or removed (disappeared).
  const oneSided = (result: ReachabilityResult, keys: readonly string[], index: Map<string, number>, side: 'base' | 'head'): void => {
    const only = new Set(keys.map((key) => index.get(key)!));
    const portsOf = (from: number, to: number): PortSet => mask.apply(allowedPorts(result, from, to), result.endpoints[to]);
    for (const a of only) {
      const aExternal = result.endpoints[a].kind === 'external';
      for (let other = 0; other < result.endpoints.length; other++) {
        if (aExternal && result.endpoints[other].kind === 'external') continue;
        const pairs: [number, number][] = [[a, other]];
        // A pair of two one-sided endpoints is seen once, from its source.
        if (other !== a && !only.has(other)) pairs.push([other, a]);
        for (const [from, to] of pairs) {
          if (from === to && result.endpoints[from].kind === 'pod') continue;
          const ports = portsOf(from, to);
          if (isEmptyPortSet(ports)) continue;
          const [fromKey, toKey] = [result.endpoints[from].key, result.endpoints[to].key];
          const oneSidedKey = result.endpoints[a].key;
          if (side === 'head') emit(fromKey, toKey, NO_PORTS, ports, { head: [from, to], oneSided: oneSidedKey });
          else emit(fromKey, toKey, ports, NO_PORTS, { base: [from, to], oneSided: oneSidedKey });
        }
      }
    }
  };
  oneSided(H, appeared, headIndex, 'head');
  oneSided(B, disappeared, baseIndex, 'base');

  changes.sort((x, y) => compare(x.from, y.from) || compare(x.to, y.to) || PROTOCOLS.indexOf(x.protocol) - PROTOCOLS.indexOf(y.protocol));
  const count = (kind: ConnectionChangeKind) => changes.filter((change) => change.change === kind).length;
  return { connections: changes, appeared, disappeared, added: count('added'), removed: count('removed'), portsChanged: count('ports-changed') };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** Port sets interned by content, so that the two sides' sets compare as numbers. */
class CanonicalSets {
  readonly sets: PortSet[] = [];
  private readonly ids = new Map<string, number>();

  id(set: PortSet): number {
    const key = portSetKey(set);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** The ports a query looks at, per destination (a named port resolves on each destination's container ports). */
interface PortMask {
  apply(set: PortSet, destination: EndpointSummary): PortSet;
  /** Equal keys: equal masks. */
  keyOf(destination: EndpointSummary): string;
}

function portMask(query: DiffQuery): PortMask {
  const { port } = query;
  if (port === undefined) {
    if (query.protocol === undefined) return { apply: (set) => set, keyOf: () => '' };
    const only = allPortsOf(query.protocol);
    return { apply: (set) => intersectPortSets(set, only), keyOf: () => '' };
  }
  const protocol = query.protocol ?? 'TCP';
  if (typeof port === 'number') {
    const only = portRange(protocol, port, port);
    return { apply: (set) => intersectPortSets(set, only), keyOf: () => '' };
  }
  const resolved = (destination: EndpointSummary): number[] =>
    [...new Set(destination.ports.filter((p) => p.name === port && p.protocol === protocol).map((p) => p.containerPort))].sort((a, b) => a - b);
  return {
    apply: (set, destination) =>
      intersectPortSets(
        set,
        resolved(destination).reduce<PortSet>((all, p) => unionPortSets(all, portRange(protocol, p, p)), NO_PORTS),
      ),
    keyOf: (destination) => resolved(destination).join(' '),
  };
}

function sameRanges(a: PortRanges, b: PortRanges): boolean {
  return a.length === b.length && a.every(([low, high], i) => b[i][0] === low && b[i][1] === high);
}

function hasIn(ranges: PortRanges, port: number): boolean {
  return ranges.some(([low, high]) => low <= port && port <= high);
}

/** `a` without `b`. */
export function subtractRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (b.length === 0 || a.length === 0) return a;
  const complement: [number, number][] = [];
  let next = MIN_PORT;
  for (const [low, high] of b) {
    if (low > next) complement.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_PORT) complement.push([next, MAX_PORT]);
  return intersectPortSets({ ...NO_PORTS, TCP: a }, { ...NO_PORTS, TCP: complement }).TCP;
}

interface ModelIndex {
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly policies: ReadonlyMap<string, PolicyModel[]>;
}

/** Where the pair is on each side (indices into the side's endpoints); `oneSided`: the key of the endpoint only one side has. */
interface Sides {
  readonly base?: [number, number];
  readonly head?: [number, number];
  readonly oneSided?: string;
}

/**
 * Explanations of changes, from each side's model, kept per (class of the source, class of the destination,
 * protocol, port) on that side: endpoints of one class are told apart by no policy, so they share the verdict and
 * the rules behind it.
 */
class Explainer {
  private readonly cache = new Map<string, StateReason>();
  private baseIndex: ModelIndex | undefined;
  private headIndex: ModelIndex | undefined;

  constructor(
    private readonly base: ReachabilityState,
    private readonly head: ReachabilityState,
  ) {}

  explain(from: string, to: string, protocol: Protocol, port: number, sides: Sides, change: ConnectionChangeKind, portGained: boolean): ChangeReasons {
    const before = sides.base && this.state('base', this.base, sides.base, from, to, protocol, port);
    const after = sides.head && this.state('head', this.head, sides.head, from, to, protocol, port);
    const opened = change === 'added' || (change === 'ports-changed' && portGained);
    return {
      port,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      summary: opened ? openedSummary(before, after, from, to, sides.oneSided) : closedSummary(before, after, from, to, sides.oneSided),
    };
  }

  private state(
    side: 'base' | 'head',
    state: ReachabilityState,
    [from, to]: [number, number],
    fromKey: string,
    toKey: string,
    protocol: Protocol,
    port: number,
  ): StateReason | undefined {
    const { classOf } = state.result;
    const key = `${side},${classOf[from]},${classOf[to]},${protocol},${port}`;
    let reason = this.cache.get(key);
    if (!reason) {
      const explanation = explainConnection(this.narrowed(side, state.model, fromKey, toKey), fromKey, toKey, { protocol, port });
      if (!explanation) return undefined;
      reason = toStateReason(explanation);
      this.cache.set(key, reason);
    }
    return reason;
  }

  /**
   * The model cut down to what explains one pair: the two endpoints, and the policies of their namespaces (a policy
   * selects only pods of its own namespace, so no other can isolate either side). Same answer, a fraction of the work.
   */
  private narrowed(side: 'base' | 'head', model: ClusterModel, fromKey: string, toKey: string): ClusterModel {
    let index = side === 'base' ? this.baseIndex : this.headIndex;
    if (!index) {
      const policies = new Map<string, PolicyModel[]>();
      for (const policy of model.policies) {
        const list = policies.get(policy.namespace);
        if (list) list.push(policy);
        else policies.set(policy.namespace, [policy]);
      }
      index = { endpoints: new Map(model.endpoints.map((endpoint) => [endpoint.key, endpoint])), policies };
      if (side === 'base') this.baseIndex = index;
      else this.headIndex = index;
    }
    const from = index.endpoints.get(fromKey);
    const to = index.endpoints.get(toKey);
    if (!from || !to) return model;
    const namespaces = new Set([from.namespace, to.namespace].filter((namespace) => namespace !== undefined));
    const policies = [...namespaces].flatMap((namespace) => index.policies.get(namespace) ?? []);
    return { ...model, endpoints: from === to ? [from] : [from, to], policies };
  }
}

function toStateReason(explanation: ConnectionExplanation): StateReason {
  return { allowed: explanation.allowed, egress: toSideReason(explanation.egress), ingress: toSideReason(explanation.ingress) };
}

function toSideReason(side: SideExplanation): SideReason {
  const verdict = !side.inCluster ? 'outside' : !side.isolated ? 'open' : side.allowed ? 'allowed' : 'denied';
  return {
    direction: side.direction,
    verdict,
    isolatedBy: side.isolatingPolicies.map((policy) => ({ policy: policy.id, ref: policy.ref })),
    allowedBy: side.rules
      .filter((rule) => rule.allows)
      .map((rule) => ({
        policy: rule.policy,
        rule: rule.ref,
        peer: rule.peer === 'all' || rule.peer === null ? null : rule.peer.ref,
        port: rule.port === 'all' || rule.port === null ? null : rule.port.ref,
      })),
  };
}

/** `shop/a spec.egress[0] and spec.ingress[0] and shop/b spec.ingress[1]`: the allowing rules, grouped by policy. */
export function allowingRulesText(state: StateReason): string {
  const rules = [...state.egress.allowedBy, ...state.ingress.allowedBy];
  const parts: string[] = [];
  let last: string | undefined;
  for (const rule of rules) {
    parts.push(rule.policy === last ? rule.rule.path : `${rule.policy} ${rule.rule.path}`);
    last = rule.policy;
  }
  return parts.join(' and ');
}

function sideNotes(state: StateReason): SideReason[] {
  return [state.egress, state.ingress];
}

/** The endpoint whose side it is: the source for egress, the destination for ingress. */
export function sideEndpoint(side: SideReason, from: string, to: string): string {
  return side.direction === 'egress' ? from : to;
}

function deniedText(side: SideReason, from: string, to: string): string {
  return `${side.direction} of ${sideEndpoint(side, from, to)} isolated by ${side.isolatedBy.map((policy) => policy.policy).join(', ')} with no rule allowing it`;
}

function openedSummary(before: StateReason | undefined, after: StateReason | undefined, from: string, to: string, appeared: string | undefined): string {
  if (!after) return 'allowed';
  const parts: string[] = [];
  const rules = allowingRulesText(after);
  if (rules) parts.push(`allowed by ${rules}`);
  for (const side of sideNotes(after)) {
    if (side.verdict !== 'open') continue;
    const was = before && (side.direction === 'egress' ? before.egress : before.ingress);
    if (was && was.verdict !== 'open')
      parts.push(
        `${side.direction} of ${sideEndpoint(side, from, to)} no longer isolated (was by ${was.isolatedBy.map((policy) => policy.policy).join(', ')})`,
      );
  }
  if (parts.length === 0) parts.push(`neither ${from} (egress) nor ${to} (ingress) is isolated`);
  if (appeared !== undefined) parts.unshift(`new endpoint ${appeared}`);
  return parts.join('; ');
}

function closedSummary(before: StateReason | undefined, after: StateReason | undefined, from: string, to: string, disappeared: string | undefined): string {
  const parts: string[] = [];
  if (before) {
    const rules = allowingRulesText(before);
    parts.push(rules ? `was allowed by ${rules}` : 'was allowed: neither side isolated');
  }
  if (!after) parts.push(`endpoint ${disappeared ?? 'gone'} removed`);
  else {
    const denied = sideNotes(after).filter((side) => side.verdict === 'denied');
    parts.push(denied.length > 0 ? `now ${denied.map((side) => deniedText(side, from, to)).join(' and ')}` : `now denied from ${from} to ${to}`);
  }
  return parts.join('; ');
}
