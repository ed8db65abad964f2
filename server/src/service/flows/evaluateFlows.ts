import type { ClusterModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import type { PolicyModel } from '../cluster/networkPolicy';
import { sourceRefOf, type SourceRef } from '../cluster/sourceRef';
import { globToRegExp } from '../reachability/endpointFilter';
import { explainConnection, type SideExplanation } from '../reachability/explain';
import { policySelects, rulePorts } from '../reachability/matching';
import {
  ALL_PORTS,
  allPortsOf,
  intersectPortSets,
  isEmptyPortSet,
  NO_PORTS,
  portRange,
  PROTOCOLS,
  unionPortSets,
  type PortRanges,
  type PortSet,
  type Protocol,
} from '../reachability/portSet';
import { allowedPorts, type ReachabilityResult } from '../reachability/result';
import type { EndpointField, EndpointPattern, FlowEntry, ParsedFlows, TextSpan } from './flowsFile';
import { knownNamespacesOf, ruleMatchesUnknown, rulePortsToUnknown, type Reading } from './unknownNamespace';

/** A connection that breaks a flow: allowed when the flow expects `deny`, denied when it expects `allow`. */
export interface FlowCounterexample {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  /** The first port that breaks the flow; undefined when a named port is missing on the destination. */
  readonly port?: number;
  /** In words, without the pair: `is allowed by shop/allow-web spec.ingress[0]`. */
  readonly why: string;
  /** The rules (or policies) the verdict rests on. */
  readonly refs: readonly SourceRef[];
}

/** A `from`, `to` or `except` that names no endpoint of the workspace. */
export interface UnmatchedField {
  readonly field: 'from' | 'to' | 'except';
  readonly text: string;
  readonly span: TextSpan;
}

export interface FlowResult {
  readonly entry: FlowEntry;
  /** The flow holds for every pair, and its `from` and `to` name something. */
  readonly holds: boolean;
  /** (source, destination) pairs the flow covers. */
  readonly pairs: number;
  /** Pairs with at least one counterexample. */
  readonly failingPairs: number;
  /** One per failing pair, at most {@link MAX_COUNTEREXAMPLES}. */
  readonly counterexamples: readonly FlowCounterexample[];
  readonly unmatched: readonly UnmatchedField[];
  /** What the answer could not take into account. */
  readonly notes: readonly string[];
}

export interface FlowsReport {
  readonly flows: ParsedFlows;
  readonly results: readonly FlowResult[];
}

export const MAX_COUNTEREXAMPLES = 10;

/** One side of a flow: endpoints of the model (or the synthetic outside), or a pod of a namespace nobody mentions. */
type Side = { readonly kind: 'endpoints'; readonly endpoints: readonly Endpoint[] } | { readonly kind: 'unknown' };

const UNKNOWN_KEY = 'any-namespace';

/** What breaks a flow for one pair: the first port (and protocol), or a named port the destination lacks. */
type Breach =
  | { readonly protocol: Protocol; readonly port: number; readonly missingName?: undefined }
  | { readonly protocol: Protocol; readonly port?: undefined; readonly missingName: string };

/**
 * Evaluates the flows of a file against the cluster model and its all-ports reachability (`result`, computed
 * without a port: {@link allowedPorts} is read per pair). Explanations are computed for counterexamples only.
 */
export function evaluateFlows(flows: ParsedFlows, model: ClusterModel, result: ReachabilityResult): FlowsReport {
  const context = new FlowContext(model, result);
  return { flows, results: flows.entries.map((entry) => context.evaluate(entry)) };
}

/** What may open connections to one endpoint of the cluster from beyond the workspace's namespaces. */
export interface EndpointExposure {
  readonly key: string;
  /** Whether some policy selects the endpoint for ingress (when not, everything may connect). */
  readonly isolated: boolean;
  /** The ports some address outside the cluster may connect to (`outside` of a flow). */
  readonly outsidePorts: PortSet;
  /** Per outside range with some port allowed (ranges named by ipBlocks, and the rest of each family). */
  readonly outsideRanges: readonly { readonly from: string; readonly ports: PortSet }[];
  /** The ports some pod of a namespace the workspace does not mention may connect to (`any-namespace`, `deny` reading). */
  readonly anyNamespacePorts: PortSet;
  /** The rules (and peers) that admit such a pod: `shop/web-public spec.ingress[0].from[0]`. */
  readonly anyNamespaceRules: readonly { readonly label: string; readonly ref: SourceRef }[];
}

/**
 * The exposure of every Pod and workload: what addresses outside the cluster, and pods of namespaces the workspace
 * does not mention, may open connections to. The same readings as the flows' `outside` and `any-namespace` (see
 * docs/flows.md), for `reach --exposure`.
 */
export function computeExposure(model: ClusterModel, result: ReachabilityResult): EndpointExposure[] {
  const context = new FlowContext(model, result);
  return model.endpoints.filter((endpoint) => endpoint.kind !== 'external').map((endpoint) => context.exposureOf(endpoint));
}

class FlowContext {
  private readonly indexOf = new Map<Endpoint, number>();
  private readonly outside: readonly Endpoint[];
  /** The addresses outside every named CIDR, one endpoint per family (none when 0.0.0.0/0 and ::/0 are named). */
  private readonly rest: Endpoint[];
  private augmented: ClusterModel | undefined;
  private readonly knownNamespaces: ReadonlySet<string>;

  constructor(
    private readonly model: ClusterModel,
    private readonly result: ReachabilityResult,
  ) {
    model.endpoints.forEach((endpoint, index) => this.indexOf.set(endpoint, index));
    this.knownNamespaces = knownNamespacesOf(model);
    // Addresses that no ipBlock names, per family: matched only by rules without peers. Named like the ranges
    // the engine makes (`ipblock:0.0.0.0/0 except 10.0.0.0/8`, `ipblock:::/0`): the rest of each family.
    this.rest = [];
    for (const [family, all] of [
      [4, '0.0.0.0/0'],
      [6, '::/0'],
    ] as const) {
      const roots = model.ipRanges.nodes.filter((node) => node.parent === -1 && node.net.family === family);
      if (roots.some((node) => node.net.prefix === 0)) continue;
      const name = roots.length === 0 ? all : `${all} except ${roots.map((node) => node.net.text).join(',')}`;
      this.rest.push({
        key: `ipblock:${name}`,
        kind: 'external',
        namespace: undefined,
        name,
        labels: {},
        ports: [],
        addresses: [],
        hostNetwork: false,
        range: { cidr: all, except: roots.map((node) => node.net.text) },
      });
    }
    const external = model.endpoints.filter((endpoint) => endpoint.kind === 'external');
    this.outside = [...external, ...this.rest];
  }

  exposureOf(endpoint: Endpoint): EndpointExposure {
    const outsideRanges: { from: string; ports: PortSet }[] = [];
    let outsidePorts = NO_PORTS;
    for (const range of this.outside) {
      const ports = this.allowedBetween(range, endpoint, 'some');
      if (isEmptyPortSet(ports)) continue;
      outsideRanges.push({ from: range.key, ports });
      outsidePorts = unionPortSets(outsidePorts, ports);
    }
    const unknown = this.unknownSide('ingress', endpoint, 'some');
    return {
      key: endpoint.key,
      isolated: unknown.isolating.length > 0,
      outsidePorts,
      outsideRanges,
      anyNamespacePorts: unknown.ports,
      anyNamespaceRules: unknown.rules,
    };
  }

  evaluate(entry: FlowEntry): FlowResult {
    const unmatched: UnmatchedField[] = [];
    const excluded = new Set<Endpoint>();
    for (const field of entry.except) {
      const side = this.resolve(field.pattern);
      if (side.kind === 'endpoints') side.endpoints.forEach((endpoint) => excluded.add(endpoint));
      if (side.kind === 'endpoints' && side.endpoints.length === 0) unmatched.push({ field: 'except', text: field.text, span: field.span });
    }
    const sideOf = (field: EndpointField, name: 'from' | 'to'): Side => {
      const side = this.resolve(field.pattern);
      if (side.kind === 'unknown') return side;
      if (side.endpoints.length === 0) unmatched.push({ field: name, text: field.text, span: field.span });
      return { kind: 'endpoints', endpoints: side.endpoints.filter((endpoint) => !excluded.has(endpoint)) };
    };
    const from = sideOf(entry.from, 'from');
    const to = sideOf(entry.to, 'to');

    const reading: Reading = entry.expect === 'allow' ? 'every' : 'some';
    let pairs = 0;
    let failingPairs = 0;
    const counterexamples: FlowCounterexample[] = [];
    const verdicts = new Map<number | string, Breach | null>();
    const check = (source: Endpoint | undefined, destination: Endpoint | undefined): void => {
      // A pod may always reach itself; two outside addresses never meet a policy.
      if (source && source === destination && source.kind === 'pod') return;
      if (source?.kind === 'external' && destination?.kind === 'external') return;
      pairs++;
      // Members of one endpoint class have one verdict (a pod with itself is left out above), for a named port
      // as long as it resolves to the same container ports.
      const from = source && this.indexOf.get(source);
      const to = destination && this.indexOf.get(destination);
      let breach: Breach | undefined;
      if (from !== undefined && to !== undefined) {
        const classes = this.result.classOf[from] * this.result.classCount + this.result.classOf[to];
        const key = entry.port.kind === 'named' ? `${classes}|${this.namedPortsOf(destination!, entry.port.name)}` : classes;
        const known = verdicts.get(key);
        if (known !== undefined) breach = known ?? undefined;
        else verdicts.set(key, (breach = this.checkPair(entry, source, destination, reading)) ?? null);
      } else {
        breach = this.checkPair(entry, source, destination, reading);
      }
      if (!breach) return;
      failingPairs++;
      if (counterexamples.length < MAX_COUNTEREXAMPLES) counterexamples.push(this.counterexample(entry, source, destination, breach, reading));
    };
    const sources = from.kind === 'unknown' ? [undefined] : from.endpoints;
    const destinations = to.kind === 'unknown' ? [undefined] : to.endpoints;
    for (const source of sources) for (const destination of destinations) check(source, destination);
    const named = unmatched.some((field) => field.field !== 'except');
    const notes: string[] = [];
    if ((from.kind === 'unknown' || to.kind === 'unknown') && (this.model.clusterPolicies?.length ?? 0) > 0) {
      notes.push(
        'cluster policies (Admin and Baseline tiers) are not applied to a pod of a namespace the workspace does not mention: the answer reads the NetworkPolicies only',
      );
    }
    return { entry, holds: failingPairs === 0 && !named, pairs, failingPairs, counterexamples, unmatched, notes };
  }

  private readonly namedPorts = new Map<Endpoint, Map<string, string>>();

  /** The container ports a name resolves to on an endpoint, as a key (`TCP:80,UDP:53`). */
  private namedPortsOf(endpoint: Endpoint, name: string): string {
    let byName = this.namedPorts.get(endpoint);
    if (!byName) this.namedPorts.set(endpoint, (byName = new Map()));
    let key = byName.get(name);
    if (key === undefined) {
      key = endpoint.ports
        .filter((port) => port.name === name)
        .map((port) => `${port.protocol}:${port.containerPort}`)
        .sort()
        .join(',');
      byName.set(name, key);
    }
    return key;
  }

  private resolve(pattern: EndpointPattern): Side {
    switch (pattern.kind) {
      case 'any-namespace':
        return { kind: 'unknown' };
      case 'outside':
        return { kind: 'endpoints', endpoints: this.outside };
      case 'glob': {
        // Globs are over the workspace's pods and workloads; `ipblock:...` ones over the ranges ipBlocks name.
        const regExp = globToRegExp(pattern.glob);
        if (pattern.glob.startsWith('ipblock:')) return { kind: 'endpoints', endpoints: this.outside.filter((endpoint) => regExp.test(endpoint.key)) };
        return { kind: 'endpoints', endpoints: this.model.endpoints.filter((endpoint) => endpoint.kind !== 'external' && regExp.test(endpoint.key)) };
      }
      case 'selector': {
        const entries = Object.entries(pattern.labels);
        return {
          kind: 'endpoints',
          endpoints: this.model.endpoints.filter(
            (endpoint) =>
              endpoint.kind !== 'external' &&
              (pattern.namespace === undefined || endpoint.namespace === pattern.namespace) &&
              entries.every(([key, value]) => Object.prototype.hasOwnProperty.call(endpoint.labels, key) && endpoint.labels[key] === value),
          ),
        };
      }
    }
  }

  /** The counterexample of one pair (`undefined`: a pod of an unknown namespace), or undefined when it keeps the flow. */
  /**
   * What breaks the flow for one pair (`undefined` side: a pod of an unknown namespace), or undefined when it keeps it:
   * the first protocol and port, or a named port the destination lacks. Cheap: explained only when reported.
   */
  private checkPair(entry: FlowEntry, source: Endpoint | undefined, destination: Endpoint | undefined, reading: Reading): Breach | undefined {
    let allowed: PortSet | undefined;
    for (const protocol of entry.protocols) {
      let wanted: PortSet;
      if (entry.port.kind === 'all') wanted = allPortsOf(protocol);
      else if (entry.port.kind === 'range') wanted = portRange(protocol, entry.port.low, entry.port.high);
      else {
        const name = entry.port.name;
        wanted = NO_PORTS;
        for (const port of destination?.ports ?? [])
          if (port.name === name && port.protocol === protocol) wanted = unionPortSets(wanted, portRange(protocol, port.containerPort, port.containerPort));
        if (isEmptyPortSet(wanted)) {
          if (entry.expect === 'deny') continue;
          return { protocol, missingName: name };
        }
      }
      allowed ??= this.allowedBetween(source, destination, reading);
      const breaking = entry.expect === 'allow' ? portsOutside(wanted, allowed) : intersectPortSets(wanted, allowed);
      const port = firstPort(breaking, protocol);
      if (port === undefined) continue;
      return { protocol, port };
    }
    return undefined;
  }

  /** A breach in words, with the rules it rests on. */
  private counterexample(
    entry: FlowEntry,
    source: Endpoint | undefined,
    destination: Endpoint | undefined,
    breach: Breach,
    reading: Reading,
  ): FlowCounterexample {
    const from = source?.key ?? UNKNOWN_KEY;
    const to = destination?.key ?? UNKNOWN_KEY;
    if (breach.port === undefined) {
      return {
        from,
        to,
        protocol: breach.protocol,
        why: `has nothing to connect to: ${to} has no ${breach.protocol} container port named ${JSON.stringify(breach.missingName)}`,
        refs: destination?.manifest ? [sourceRefOf(destination.manifest, [])] : [],
      };
    }
    return { from, to, protocol: breach.protocol, port: breach.port, ...this.explain(entry, source, destination, breach.protocol, breach.port, reading) };
  }

  private allowedBetween(source: Endpoint | undefined, destination: Endpoint | undefined, reading: Reading): PortSet {
    if (!source || !destination) {
      // A pod of a namespace the workspace does not mention: its own side is not isolated (no policy of the
      // workspace is in its namespace); outside the cluster, no policy applies either.
      if (source && source.kind !== 'external') return this.unknownSide('egress', source, reading).ports;
      if (destination && destination.kind !== 'external') return this.unknownSide('ingress', destination, reading).ports;
      return ALL_PORTS;
    }
    const from = this.indexOf.get(source);
    const to = this.indexOf.get(destination);
    if (from !== undefined && to !== undefined) return allowedPorts(this.result, from, to);
    return explainConnection(this.augmentedModel(), source.key, destination.key)?.allowedPorts ?? NO_PORTS;
  }

  private augmentedModel(): ClusterModel {
    this.augmented ??= { ...this.model, endpoints: [...this.model.endpoints, ...this.rest] };
    return this.augmented;
  }

  /**
   * The known side of a connection with a pod of an unknown namespace: the ports the endpoint's policies allow
   * toward (egress) or from (ingress) such a pod, and the rules that decide.
   */
  private unknownSide(
    direction: 'ingress' | 'egress',
    endpoint: Endpoint,
    reading: Reading,
  ): { ports: PortSet; isolating: readonly PolicyModel[]; rules: { label: string; ref: SourceRef }[] } {
    const isolating = this.model.policies.filter(
      (policy) => (direction === 'ingress' ? policy.spec.affectsIngress : policy.spec.affectsEgress) && policySelects(policy.spec, endpoint),
    );
    if (isolating.length === 0) return { ports: ALL_PORTS, isolating, rules: [] };
    let ports = NO_PORTS;
    const rules: { label: string; ref: SourceRef }[] = [];
    for (const policy of isolating) {
      for (const rule of direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) {
        const peer = ruleMatchesUnknown(rule, reading, this.knownNamespaces);
        if (peer === -1) continue;
        const rulePath = ['spec', direction, rule.index];
        const ref = sourceRefOf(policy.manifest, peer === 'all' ? rulePath : [...rulePath, direction === 'ingress' ? 'from' : 'to', peer]);
        rules.push({ label: `${policy.id} ${ref.path}`, ref });
        ports = unionPortSets(ports, direction === 'ingress' ? rulePorts(rule, endpoint) : rulePortsToUnknown(rule, reading));
      }
    }
    return { ports, isolating, rules };
  }

  private explain(
    entry: FlowEntry,
    source: Endpoint | undefined,
    destination: Endpoint | undefined,
    protocol: Protocol,
    port: number,
    reading: Reading,
  ): { why: string; refs: readonly SourceRef[] } {
    if (!source || !destination) return this.explainUnknown(entry, source, destination, protocol, port, reading);
    const explanation = explainConnection(this.augmentedModel(), source.key, destination.key, { port, protocol });
    if (!explanation) return { why: entry.expect === 'deny' ? 'is allowed' : 'is denied', refs: [] };
    if (entry.expect === 'deny') {
      if (explanation.selfTraffic) return { why: 'is allowed: a pod may always reach itself', refs: [] };
      const parts: string[] = [];
      const refs: SourceRef[] = [];
      const open: string[] = [];
      for (const side of [explanation.egress, explanation.ingress]) {
        if (!side.inCluster) continue;
        const tier = tierDecision(side);
        if (tier) {
          parts.push(tier.label);
          refs.push(tier.ref);
          continue;
        }
        if (!side.isolated) {
          open.push(`no policy selects ${side.endpoint} for ${side.direction}`);
          continue;
        }
        for (const rule of side.rules.filter((candidate) => candidate.allows)) {
          parts.push(`${rule.policy} ${rule.ref.path}`);
          refs.push(rule.ref);
        }
      }
      // The ingress side first: that is where a deny is usually meant to be.
      open.reverse();
      // A side that is not isolated is worth naming only when no rule does the allowing (the default is open).
      const why = parts.length > 0 ? `is allowed by ${parts.join(' and ')}` : `is allowed: ${open.join(' and ') || 'nothing isolates it'}`;
      return { why, refs };
    }
    const reasons: string[] = [];
    const refs: SourceRef[] = [];
    for (const side of [explanation.egress, explanation.ingress]) {
      if (side.allowed || !side.inCluster) continue;
      const tier = tierDecision(side);
      if (tier) {
        reasons.push(`${side.endpoint}'s ${side.direction} is ${tier.verdict} by ${tier.label}`);
        refs.push(tier.ref);
        continue;
      }
      reasons.push(deniedSide(side));
      refs.push(...side.isolatingPolicies.slice(0, 3).map((policy) => policy.ref));
    }
    return { why: `is denied: ${reasons.join('; and ') || 'no rule allows it'}`, refs };
  }

  private explainUnknown(
    entry: FlowEntry,
    source: Endpoint | undefined,
    destination: Endpoint | undefined,
    protocol: Protocol,
    port: number,
    reading: Reading,
  ): { why: string; refs: readonly SourceRef[] } {
    const known = source ?? destination;
    if (!known || known.kind === 'external') return { why: entry.expect === 'deny' ? 'is allowed: no policy applies to either side' : 'is denied', refs: [] };
    const direction = source ? 'egress' : 'ingress';
    const side = this.unknownSide(direction, known, reading);
    if (entry.expect === 'deny') {
      if (side.isolating.length === 0) return { why: `is allowed: no policy selects ${known.key} for ${direction}`, refs: [] };
      return {
        why: `is allowed by ${side.rules.map((rule) => rule.label).join(' and ')} (a peer that a pod of a namespace the workspace does not mention can match)`,
        refs: side.rules.map((rule) => rule.ref),
      };
    }
    const policies = side.isolating.map((policy) => policy.id).join(', ');
    return {
      why: `is denied: ${known.key} is isolated for ${direction} by ${policies}, and no rule admits every pod of every namespace (a peer \`namespaceSelector: {}\` on ${protocol} ${port})`,
      refs: side.isolating.map((policy) => sourceRefOf(policy.manifest, ['metadata', 'name'])),
    };
  }
}

/**
 * A side decided by a cluster policy rule (Admin tier, or Baseline tier for a pod no NetworkPolicy isolates):
 * `AdminNetworkPolicy deny-db spec.ingress[0] (Admin tier)`. Undefined when the NetworkPolicies (or nothing) decided.
 */
function tierDecision(side: SideExplanation): { label: string; verdict: string; ref: SourceRef } | undefined {
  const tiers = side.tiers;
  if (!tiers?.rule || (tiers.decidedBy !== 'Admin' && tiers.decidedBy !== 'Baseline')) return undefined;
  const { rule } = tiers;
  const verdict = rule.action === 'Deny' ? 'denied' : rule.action === 'Pass' ? 'passed' : 'allowed';
  return { label: `${rule.policy.kind} ${rule.policy.name} ${rule.ref.path} (${rule.policy.tier} tier)`, verdict, ref: rule.ref };
}

function deniedSide(side: SideExplanation): string {
  const ids = side.isolatingPolicies.map((policy) => policy.id);
  const policies = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 2).join(', ')} and ${ids.length - 2} more`;
  const rules = side.rules.length === 0 ? `it has no ${side.direction} rules` : 'no rule allows it';
  return `${side.endpoint} is isolated for ${side.direction} (by ${policies}), and ${rules}`;
}

/** The ports of `a` that are not in `b`. */
function portsOutside(a: PortSet, b: PortSet): PortSet {
  const out: Record<Protocol, PortRanges> = { TCP: [], UDP: [], SCTP: [] };
  for (const protocol of PROTOCOLS) out[protocol] = subtractRanges(a[protocol], b[protocol]);
  return out;
}

function subtractRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: [number, number][] = [];
  for (const [low, high] of a) {
    let cursor = low;
    for (const [removeLow, removeHigh] of b) {
      if (removeHigh < cursor) continue;
      if (removeLow > high) break;
      if (removeLow > cursor) out.push([cursor, removeLow - 1]);
      cursor = removeHigh + 1;
      if (cursor > high) break;
    }
    if (cursor <= high) out.push([cursor, high]);
  }
  return out;
}

function firstPort(set: PortSet, protocol: Protocol): number | undefined {
  return set[protocol][0]?.[0];
}
