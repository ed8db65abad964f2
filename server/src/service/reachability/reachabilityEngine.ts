import type { ClusterModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import { formatIp } from '../cluster/ipAddress';
import type { PolicySpec } from '../cluster/networkPolicy';
import { objectRefOf, sourceRefOf } from '../cluster/sourceRef';
import { Bitset } from './bitset';
import { evaluateClusterPolicyOnClasses, TieredRows, tierRulesByClass, tieredRow, type ClusterPolicyClasses, type TierRules } from './clusterTiers';
import type { ClusterPolicySpec } from '../cluster/clusterPolicy';
import { partitionEndpoints, type EndpointClass, type EndpointPartition } from './endpointClasses';
import { matchesAnyGlob } from './endpointFilter';
import { createPartitionContext, evaluatePolicyOnClasses, ruleClassPorts, type PartitionContext, type PolicyClasses, type RuleClasses } from './policyClasses';
import { hasPort, type PortSet, type Protocol } from './portSet';
import { PortSetTable } from './portSetTable';
import type { EndpointSummary, PolicySummary, ReachabilityQuery, ReachabilityResult } from './result';

/** Counters of the work done, for benchmarks and for tests of incrementality. */
export interface EngineStats {
  /** Partitions built from scratch (every policy evaluated anew). */
  partitions: number;
  /** Policies evaluated on the classes (the others came from the cache). */
  policyEvaluations: number;
  /** Per-class rows of allowed sources (ingress) or destinations (egress) computed (the others were reused). */
  rowsComputed: number;
  rowsReused: number;
}

interface CachedRow<T> {
  readonly dependencies: readonly PolicyClasses[];
  readonly row: T;
}

/** Rows per query (`TCP/80`, `all`), the few most recently used queries only. */
class RowCaches<T> {
  private readonly byQuery = new Map<string, Map<number, CachedRow<T>>>();

  constructor(private readonly keep: number) {}

  forQuery(query: string): Map<number, CachedRow<T>> {
    let rows = this.byQuery.get(query);
    if (rows) this.byQuery.delete(query);
    else rows = new Map();
    this.byQuery.set(query, rows);
    if (this.byQuery.size > this.keep) this.byQuery.delete(this.byQuery.keys().next().value!);
    return rows;
  }
}

/** How many queries keep their rows (the all-ports picture and a few ports). */
const QUERIES_KEPT = 4;

/** Everything that stays valid while the endpoint classes (and namespace labels) stay the same. */
interface PartitionState {
  readonly partition: EndpointPartition;
  readonly context: PartitionContext;
  readonly policies: WeakMap<PolicySpec, PolicyClasses>;
  readonly clusterPolicies: WeakMap<ClusterPolicySpec, ClusterPolicyClasses>;
  readonly table: PortSetTable;
  /** Named-port resolution of a rule per destination class (port set ids). */
  readonly namedPorts: WeakMap<RuleClasses, Int32Array>;
  readonly ingressRows: RowCaches<Int32Array | Bitset>;
  readonly egressRows: RowCaches<Int32Array | Bitset>;
}

/**
 * Computes reachability by endpoint class, and keeps what it computed for the next model: a policy whose document
 * did not change keeps its evaluation, and a class row is recomputed only when the policies selecting that class
 * changed. Classes themselves are rebuilt when an endpoint's identity, a namespace's labels, the set of label
 * keys or port names the policies mention, or the CIDRs they name change.
 */
export class ReachabilityEngine {
  private state: PartitionState | undefined;
  readonly stats: EngineStats = { partitions: 0, policyEvaluations: 0, rowsComputed: 0, rowsReused: 0 };

  compute(model: ClusterModel, query: ReachabilityQuery = {}): ReachabilityResult {
    const partition = partitionEndpoints(model);
    const state = this.stateFor(model, partition);
    const classes = state.partition.classes;
    const size = classes.length;
    const protocol: Protocol = query.protocol ?? 'TCP';

    const ingressSelecting: PolicyClasses[][] = classes.map(() => []);
    const egressSelecting: PolicyClasses[][] = classes.map(() => []);
    for (const policy of model.policies) {
      let evaluated = state.policies.get(policy.spec);
      if (!evaluated) {
        evaluated = evaluatePolicyOnClasses(policy.spec, state.context);
        state.policies.set(policy.spec, evaluated);
        this.stats.policyEvaluations++;
      }
      // NetworkPolicySpec.policyTypes: a policy isolates the pods it selects in the directions it affects.
      for (const index of evaluated.selected) {
        if (policy.spec.affectsIngress) ingressSelecting[index].push(evaluated);
        if (policy.spec.affectsEgress) egressSelecting[index].push(evaluated);
      }
    }

    const endpoints = model.endpoints.map(toSummary);
    const sources: number[] = [];
    const destinations: number[] = [];
    endpoints.forEach((endpoint, index) => {
      if (matchesAnyGlob(endpoint.key, query.from)) sources.push(index);
      if (matchesAnyGlob(endpoint.key, query.to)) destinations.push(index);
    });
    const neededRows = new Set(sources.map((index) => partition.classOf[index]));
    const base = {
      endpoints,
      sources,
      destinations,
      classOf: Array.from(partition.classOf),
      classCount: size,
      protocol,
      policies: model.policies.map(toPolicySummary),
      leftOut: model.leftOut,
      notes: model.notes,
    };

    const tiers = this.clusterTiers(model, state);
    if (typeof query.port === 'number' && !tiers) {
      const portRows = this.portMatrix(state, ingressSelecting, egressSelecting, protocol, query.port, neededRows);
      return { ...base, port: query.port, portRows };
    }
    const picture = this.portPicture(state, ingressSelecting, egressSelecting, neededRows, tiers);
    // The tiers make intermediate sets (what a rule left undecided) that the table keeps for the next query: the
    // result lists only the sets its cells use, in order of first use, so that it does not depend on the history.
    const { portSets, cells } = tiers ? compactPicture(picture) : picture;
    if (typeof query.port === 'number') {
      // With cluster policies, one port is read off the all-ports picture.
      const port = query.port;
      const bit = portSets.map((set) => (hasPort(set, protocol, port) ? 49 : 48));
      const decoder = new TextDecoder('latin1');
      const portRows = cells.map((row) => (row.length === 0 ? '' : decoder.decode(Uint8Array.from(row, (id) => bit[id]))));
      return { ...base, port, portRows };
    }
    return query.port === undefined ? { ...base, portSets, cells } : { ...base, port: query.port, portSets, cells };
  }

  /** The Admin and Baseline rules per class and direction; undefined without cluster policies. */
  private clusterTiers(model: ClusterModel, state: PartitionState): { ingress: (TierRules | undefined)[]; egress: (TierRules | undefined)[] } | undefined {
    const policies = model.clusterPolicies ?? [];
    if (policies.length === 0) return undefined;
    const evaluated = policies.map((policy) => {
      let classes = state.clusterPolicies.get(policy.spec);
      if (!classes || classes.policy !== policy) {
        classes = evaluateClusterPolicyOnClasses(policy, state.context);
        state.clusterPolicies.set(policy.spec, classes);
        this.stats.policyEvaluations++;
      }
      return classes;
    });
    const size = state.partition.classes.length;
    return { ingress: tierRulesByClass(evaluated, size, 'ingress'), egress: tierRulesByClass(evaluated, size, 'egress') };
  }

  private stateFor(model: ClusterModel, partition: EndpointPartition): PartitionState {
    if (this.state && this.state.partition.key === partition.key) return this.state;
    this.stats.partitions++;
    this.state = {
      partition,
      context: createPartitionContext(model, partition),
      policies: new WeakMap(),
      clusterPolicies: new WeakMap(),
      table: new PortSetTable(),
      namedPorts: new WeakMap(),
      ingressRows: new RowCaches(QUERIES_KEPT),
      egressRows: new RowCaches(QUERIES_KEPT),
    };
    return this.state;
  }

  /** One port: bitsets of allowed peers per class, then one character per class pair. */
  private portMatrix(
    state: PartitionState,
    ingressSelecting: PolicyClasses[][],
    egressSelecting: PolicyClasses[][],
    protocol: Protocol,
    port: number,
    neededRows: ReadonlySet<number>,
  ): string[] {
    const classes = state.partition.classes;
    const size = classes.length;
    const queryKey = `${protocol}/${port}`;
    const full = Bitset.full(size);
    const namedMemo = new Map<string, Bitset>();
    const namedClasses = (name: string): Bitset => {
      let set = namedMemo.get(name);
      if (!set) {
        set = new Bitset(size);
        for (const cls of classes) {
          if (cls.representative.ports.some((p) => p.name === name && p.protocol === protocol && p.containerPort === port)) set.add(cls.index);
        }
        namedMemo.set(name, set);
      }
      return set;
    };
    /** The destination classes toward which the rule's ports include the queried port: all, some, or none. */
    const destinationsFor = (rule: RuleClasses): Bitset | 'all' | undefined => {
      if (hasPort(rule.fixedPorts, protocol, port)) return 'all';
      let set: Bitset | undefined;
      for (const entry of rule.namedEntries) {
        if (entry.protocol !== protocol) continue;
        set ??= new Bitset(size);
        set.or(namedClasses(entry.port as string));
      }
      return set;
    };
    const ruleDestinations = new Map<RuleClasses, Bitset | 'all' | undefined>();
    const destinationsOf = (rule: RuleClasses): Bitset | 'all' | undefined => {
      if (!ruleDestinations.has(rule)) ruleDestinations.set(rule, destinationsFor(rule));
      return ruleDestinations.get(rule);
    };

    // Ingress: for each isolated destination class, the source classes some rule admits on this port.
    const ingressRows = state.ingressRows.forQuery(queryKey);
    const egressRows = state.egressRows.forQuery(queryKey);
    const ingress: (Bitset | undefined)[] = classes.map(
      (cls) =>
        this.cachedRow(ingressRows, cls.index, ingressSelecting[cls.index], () => {
          const allowed = new Bitset(size);
          for (const policy of ingressSelecting[cls.index]) {
            for (const rule of policy.ingress) {
              const targets = destinationsOf(rule);
              if (targets === undefined || (targets !== 'all' && !targets.has(cls.index))) continue;
              allowed.or(rule.peers ?? full);
            }
          }
          return allowed;
        }) as Bitset | undefined,
    );
    // Egress: for each isolated source class, the destination classes some rule lets it reach on this port.
    const egress: (Bitset | undefined)[] = classes.map(
      (cls) =>
        this.cachedRow(egressRows, cls.index, egressSelecting[cls.index], () => {
          const allowed = new Bitset(size);
          for (const policy of egressSelecting[cls.index]) {
            for (const rule of policy.egress) {
              const targets = destinationsOf(rule);
              if (targets === undefined) continue;
              if (targets === 'all') allowed.or(rule.peers ?? full);
              else allowed.orAnd(rule.peers ?? full, targets);
            }
          }
          return allowed;
        }) as Bitset | undefined,
    );

    // A connection needs both sides: the source's egress and the destination's ingress. The ingress rows are
    // turned around first (for each needed source class, the destination classes that admit it), so that each
    // output row is its egress row and'ed with one bitset, read in order (column by column through the ingress
    // rows was most of an incremental update).
    const admitting: (Bitset | undefined)[] = classes.map((cls) => (neededRows.has(cls.index) ? new Bitset(size) : undefined));
    const open = new Bitset(size);
    for (let d = 0; d < size; d++) {
      const into = ingress[d];
      if (into === undefined) open.add(d);
      else into.forEach((s) => admitting[s]?.add(d));
    }
    const decoder = new TextDecoder('latin1');
    const bytes = new Uint8Array(size);
    return classes.map((source) => {
      const row = admitting[source.index];
      if (!row) return '';
      row.or(open);
      const out = egress[source.index];
      if (out) row.and(out);
      const words = row.words;
      for (let d = 0; d < size; d++) bytes[d] = 48 + ((words[d >>> 5] >>> (d & 31)) & 1);
      return decoder.decode(bytes);
    });
  }

  /** All ports: per class pair, the set of allowed ports. */
  private portPicture(
    state: PartitionState,
    ingressSelecting: PolicyClasses[][],
    egressSelecting: PolicyClasses[][],
    neededRows: ReadonlySet<number>,
    tiers?: { ingress: (TierRules | undefined)[]; egress: (TierRules | undefined)[] },
  ): { portSets: PortSet[]; cells: number[][] } {
    const { table } = state;
    const classes = state.partition.classes;
    const size = classes.length;
    const portsToward = (rule: RuleClasses, destination: number): number => {
      if (rule.namedEntries.length === 0) return table.id(rule.fixedPorts);
      let resolved = state.namedPorts.get(rule);
      if (!resolved) state.namedPorts.set(rule, (resolved = new Int32Array(size).fill(-1)));
      if (resolved[destination] === -1) resolved[destination] = table.id(ruleClassPorts(rule, classes[destination].representative));
      return resolved[destination];
    };

    const ingressRows = state.ingressRows.forQuery('all');
    const egressRows = state.egressRows.forQuery('all');
    const ingress = classes.map(
      (cls) =>
        this.cachedRow(ingressRows, cls.index, ingressSelecting[cls.index], () => {
          const row = new Int32Array(size);
          for (const policy of ingressSelecting[cls.index]) {
            for (const rule of policy.ingress) {
              const id = portsToward(rule, cls.index);
              if (id === PortSetTable.EMPTY) continue;
              if (rule.peers === null) for (let s = 0; s < size; s++) row[s] = table.union(row[s], id);
              else rule.peers.forEach((s) => (row[s] = table.union(row[s], id)));
            }
          }
          return row;
        }) as Int32Array | undefined,
    );
    const egress = classes.map(
      (cls) =>
        this.cachedRow(egressRows, cls.index, egressSelecting[cls.index], () => {
          const row = new Int32Array(size);
          for (const policy of egressSelecting[cls.index]) {
            for (const rule of policy.egress) {
              const add = (d: number): void => {
                row[d] = table.union(row[d], portsToward(rule, d));
              };
              if (rule.peers === null) for (let d = 0; d < size; d++) add(d);
              else rule.peers.forEach(add);
            }
          }
          return row;
        }) as Int32Array | undefined,
    );

    if (tiers) {
      // Admin tier, NetworkPolicies, Baseline tier, per side (the NetworkPolicy rows above are the middle layer).
      const shared = new TieredRows();
      for (const cls of classes) {
        const inTiers = tiers.ingress[cls.index];
        const np = ingress[cls.index];
        if (inTiers)
          ingress[cls.index] = shared.row(cls.index, 'ingress', inTiers, np, () => tieredRow(inTiers, np, size, () => cls.index, portsToward, table));
      }
      for (const cls of classes) {
        const outTiers = tiers.egress[cls.index];
        const np = egress[cls.index];
        if (outTiers && neededRows.has(cls.index))
          egress[cls.index] = shared.row(cls.index, 'egress', outTiers, np, () => tieredRow(outTiers, np, size, (peer) => peer, portsToward, table));
      }
    }
    const cells = classes.map((source: EndpointClass) => {
      if (!neededRows.has(source.index)) return [];
      const out = egress[source.index];
      const row = new Array<number>(size);
      for (let d = 0; d < size; d++) {
        const into = ingress[d];
        row[d] = table.intersect(out === undefined ? PortSetTable.ALL : out[d], into === undefined ? PortSetTable.ALL : into[source.index]);
      }
      return row;
    });
    return { portSets: table.sets.slice(), cells };
  }

  /** A class's row, reused while the same policies (by identity) select the class; undefined when none does. */
  private cachedRow<T>(cache: Map<number, CachedRow<T>>, index: number, dependencies: readonly PolicyClasses[], compute: () => T): T | undefined {
    if (dependencies.length === 0) {
      cache.delete(index);
      return undefined;
    }
    const cached = cache.get(index);
    if (cached && sameList(cached.dependencies, dependencies)) {
      this.stats.rowsReused++;
      return cached.row;
    }
    this.stats.rowsComputed++;
    const row = compute();
    cache.set(index, { dependencies, row });
    return row;
  }
}

function compactPicture(picture: { portSets: PortSet[]; cells: number[][] }): { portSets: PortSet[]; cells: number[][] } {
  const remap = new Map<number, number>([
    [PortSetTable.EMPTY, 0],
    [PortSetTable.ALL, 1],
  ]);
  const portSets: PortSet[] = [picture.portSets[PortSetTable.EMPTY], picture.portSets[PortSetTable.ALL]];
  const cells = picture.cells.map((row) =>
    row.map((id) => {
      let mapped = remap.get(id);
      if (mapped === undefined) {
        remap.set(id, (mapped = portSets.length));
        portSets.push(picture.portSets[id]);
      }
      return mapped;
    }),
  );
  return { portSets, cells };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Summaries by the manifest they describe: an unchanged file keeps its manifest objects (and what was read from
 * them), so an edit summarises only the endpoints of the file it touched.
 */
const summaries = new WeakMap<object, EndpointSummary>();

function toSummary(endpoint: Endpoint): EndpointSummary {
  if (!endpoint.manifest) return summarize(endpoint);
  const known = summaries.get(endpoint.manifest);
  if (known && known.key === endpoint.key && known.labels === endpoint.labels && known.ports === endpoint.ports) return known;
  const summary = summarize(endpoint);
  summaries.set(endpoint.manifest, summary);
  return summary;
}

function summarize(endpoint: Endpoint): EndpointSummary {
  return {
    key: endpoint.key,
    kind: endpoint.kind,
    ...(endpoint.workloadKind ? { workloadKind: endpoint.workloadKind } : {}),
    ...(endpoint.namespace !== undefined ? { namespace: endpoint.namespace } : {}),
    name: endpoint.name,
    labels: endpoint.labels,
    ports: endpoint.ports,
    ips: endpoint.kind === 'external' ? [] : endpoint.addresses.map(formatIp),
    ...(endpoint.hostNetwork ? { hostNetwork: true } : {}),
    ...(endpoint.range ? { range: endpoint.range } : {}),
    ...(endpoint.manifest ? { ref: objectRefOf(endpoint.manifest) } : {}),
  };
}

function toPolicySummary(policy: ClusterModel['policies'][number]): PolicySummary {
  return {
    id: policy.id,
    namespace: policy.namespace,
    name: policy.name,
    affectsIngress: policy.spec.affectsIngress,
    affectsEgress: policy.spec.affectsEgress,
    ref: sourceRefOf(policy.manifest, ['metadata', 'name']),
  };
}

/**
 * Reachability of a cluster model, computed once. Keep a {@link ReachabilityEngine} instead to recompute
 * incrementally as the workspace changes.
 */
export function computeReachability(model: ClusterModel, query: ReachabilityQuery = {}): ReachabilityResult {
  return new ReachabilityEngine().compute(model, query);
}
