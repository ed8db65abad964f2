import type { ClusterModel } from '../cluster/clusterModel';
import { valueAt, type ContainerPort, type Endpoint } from '../cluster/endpoint';
import { labelsKey, matchesSelector, type Labels, type LabelSelector } from '../cluster/labelSelector';
import { netContains, parseIp } from '../cluster/ipAddress';
import type { IpBlockPeer, PolicyModel, PolicyRule, PolicySpec } from '../cluster/networkPolicy';
import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import { peerMatches, policySelects, rulePorts, type EndpointIdentity } from '../reachability/matching';
import { hasPort } from '../reachability/portSet';
import { clusterQueries, type ClusterQueries } from '../cluster/clusterQueries';
import { listNames, selectorText } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

/** A DNS server pod: what a pod's lookups are sent to, through the DNS Service. */
interface DnsServer {
  readonly endpoint: EndpointIdentity;
  /** The container ports it answers on, per protocol. */
  readonly udp: readonly number[];
  readonly tcp: readonly number[];
}

/** A cluster DNS: its server pods, from the workspace or a stand-in. */
interface DnsProvider {
  readonly servers: readonly DnsServer[];
}

/** What the pods a policy isolates for egress lack, by verdict. */
export interface PolicyDns {
  readonly missing: string[];
  /** Of `missing`, the pods whose egress is denied entirely (no policy selecting them has an egress rule). */
  readonly denied: string[];
  readonly udpOnly: string[];
  readonly tcpOnly: string[];
}

type Verdict = 'ok' | 'missing' | 'udp-only' | 'tcp-only';

interface Evaluated {
  readonly verdict: Verdict;
  readonly selecting: readonly SelectorClass[];
  /** No policy selecting the pod has an egress rule: it may open no connection at all. */
  readonly denied: boolean;
}

const CODES = { missing: 'dns.missing-egress', udpOnly: 'dns.udp-only', tcpOnly: 'dns.tcp-only' } as const;

/** The label of CoreDNS (and kube-dns) pods, and of the `kube-dns` Service in front of them. */
const KUBE_DNS_LABEL = 'k8s-app';
const KUBE_DNS_NAMESPACE = 'kube-system';
/** OpenShift's DNS: a DaemonSet in openshift-dns, listening on 5353 behind the dns-default Service's 53. */
const OPENSHIFT_DNS_LABEL = 'dns.operator.openshift.io/daemonset-dns';
const OPENSHIFT_DNS_NAMESPACE = 'openshift-dns';

/** What the lint computes once per cluster model. */
interface DnsAnalysis {
  /** The verdicts of the policies that isolate some pod without DNS, with the policy, by the policy's plain value. */
  readonly byPolicy: ReadonlyMap<object, { readonly policy: PolicyModel; readonly dns: PolicyDns }>;
  readonly providers: readonly DnsProvider[];
  /** How messages name the cluster DNS. */
  readonly target: string;
}

const memo = new WeakMap<ClusterModel, DnsAnalysis>();

/**
 * `dns.missing-egress`, `dns.udp-only`, `dns.tcp-only`: pods whose egress is isolated (a policy with `Egress`
 * selects them) and whom no policy selecting them allows DNS: UDP **and** TCP to the cluster DNS. Resolvers use
 * UDP and retry over TCP when an answer is truncated; a port without `protocol` is TCP only.
 *
 * The DNS server is CoreDNS: the workspace's pods labelled `k8s-app: kube-dns` in kube-system, or a stand-in with
 * those labels and ports `dns` 53/UDP and `dns-tcp` 53/TCP, so a repository of policies alone is checked too.
 * OpenShift's DNS (openshift-dns, port 5353) counts as well. The pods are the workspace's workloads; in a
 * namespace it does not describe completely, also a stand-in pod for each policy that selects none of them,
 * with just the labels its podSelector requires. Reported on each policy that isolates such pods for egress (on
 * the `Egress` entry of `policyTypes`, or on `podSelector`), naming them. Computed once per cluster model.
 */
export const missingDns: WorkspaceLint = {
  codes: Object.values(CODES),
  scope: 'policies',
  check(manifest, { model }) {
    if (manifest.kind !== 'NetworkPolicy') return [];
    const analysis = dnsOfPolicies(model);
    const entry = analysis.byPolicy.get(manifest.value);
    if (!entry) return [];
    const found = entry.dns;
    const path = anchorPath(manifest.value);
    const target = analysis.target;
    const issues: Issue[] = [];
    if (found.missing.length > 0) {
      const names = listNames(found.missing);
      const message =
        found.denied.length === found.missing.length
          ? `Egress of ${names} is isolated and allowed nothing, DNS included: name lookups fail. If these pods make any outbound call, also allow UDP and TCP port 53 to ${target}.`
          : `Egress of ${names} is isolated, and no policy allows DNS to ${target}: name lookups fail. Allow UDP and TCP port 53 to it.`;
      issues.push({
        code: CODES.missing,
        message: `${message}${nearMiss(manifest.value, entry.policy.spec, analysis.providers, clusterQueries(model))}`,
        path,
      });
    }
    if (found.udpOnly.length > 0) {
      issues.push({
        code: CODES.udpOnly,
        message: `DNS is allowed over UDP only for ${listNames(found.udpOnly)}: lookups whose answers are truncated and retried over TCP fail. Allow TCP port 53 to ${target} too.`,
        path,
      });
    }
    if (found.tcpOnly.length > 0) {
      const written = hasDnsPortWithoutProtocol(manifest.value) ? ' (a port without protocol is TCP)' : '';
      issues.push({
        code: CODES.tcpOnly,
        message: `DNS is allowed over TCP only for ${listNames(found.tcpOnly)}${written}: lookups over UDP, the usual transport, fail. Allow UDP port 53 to ${target} too.`,
        path,
      });
    }
    return issues;
  },
};

/**
 * The pods each policy isolates for egress without DNS, by the policy's plain value (`Manifest.value`). Policies
 * with equal podSelectors in one namespace share one verdict object: what the tests check to keep the work near
 * the number of pods and policies.
 */
export function missingDnsVerdicts(model: ClusterModel): ReadonlyMap<object, PolicyDns> {
  return new Map([...dnsOfPolicies(model).byPolicy].map(([value, { dns }]) => [value, dns]));
}

/**
 * The verdicts of every policy that isolates some pod for egress, by the policy's plain value.
 *
 * Policies with the same namespace and podSelector select the same pods (a default deny is often repeated in every
 * folder): they form one class, whose egress rules are combined once and whose verdicts are shared by its
 * policies. A pod is recorded once per class that selects it, not once per policy, so the work stays near the
 * number of pods and policies even when thousands of policies select the same pods.
 */
function dnsOfPolicies(model: ClusterModel): DnsAnalysis {
  let analysis = memo.get(model);
  if (analysis) return analysis;
  const view = clusterQueries(model);
  const providers = dnsProviders(view);
  const servers = providers.flatMap((provider) => provider.servers);
  const serverEndpoints = new Set<EndpointIdentity>(servers.map((server) => server.endpoint));
  const byNamespace = new Map<string, PolicyModel[]>();
  for (const policy of model.policies) {
    if (!policy.spec.affectsEgress) continue;
    const list = byNamespace.get(policy.namespace);
    if (list) list.push(policy);
    else byNamespace.set(policy.namespace, [policy]);
  }
  const byPolicy = new Map<object, { readonly policy: PolicyModel; readonly dns: PolicyDns }>();
  for (const [namespace, policies] of byNamespace) {
    const classes = selectorClasses(policies);
    const index = new SelectingIndex(classes);
    const verdicts = new Map<string, Evaluated>();
    const evaluate = (labels: Labels): Evaluated => {
      const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      let known = verdicts.get(key);
      if (!known) {
        const subject = { kind: 'pod' as const, namespace, labels, ports: [], addresses: [] };
        const selecting = index.candidates(labels).filter((selectorClass) => policySelects(selectorClass.spec, subject));
        known = {
          verdict: selecting.length === 0 ? 'ok' : verdictOf(selecting, providers, servers, view),
          selecting,
          denied: selecting.every((selectorClass) => selectorClass.denied),
        };
        verdicts.set(key, known);
      }
      return known;
    };
    const record = (name: string, { verdict, selecting, denied }: Evaluated): void => {
      if (verdict === 'ok') return;
      for (const selectorClass of selecting) {
        const names = selectorClass.names;
        (verdict === 'missing' ? names.missing : verdict === 'udp-only' ? names.udpOnly : names.tcpOnly).add(name);
        if (verdict === 'missing' && denied) names.denied.add(name);
      }
    };
    for (const endpoint of view.workloadsIn(namespace)) {
      // Pods on the node's network are not subject to NetworkPolicy; the DNS servers need upstream DNS, not themselves.
      if (endpoint.hostNetwork || serverEndpoints.has(endpoint)) continue;
      const evaluated = evaluate(endpoint.labels);
      for (const selectorClass of evaluated.selecting) selectorClass.selectsSome = true;
      record(endpoint.key, evaluated);
    }
    // A policy that selects none of the workspace's pods, where the workspace may not describe them all, isolates
    // at least the pods with just the labels its podSelector requires: the same stand-in for its whole class.
    for (const policy of policies) {
      const selectorClass = classOf(classes, policy);
      if (selectorClass.selectsSome || selectorClass.standInRecorded || view.isDescribed(namespace, policy.manifest.uri)) continue;
      selectorClass.standInRecorded = true;
      if ([...serverEndpoints].some((server) => policySelects(policy.spec, server))) continue;
      const labels = minimalLabels(policy.spec.podSelector);
      if (!labels || !policySelects(policy.spec, { kind: 'pod', namespace, labels, ports: [], addresses: [] })) continue;
      record(subjectName(namespace, policy.spec.podSelector), evaluate(labels));
    }
    for (const selectorClass of classes.values()) {
      const { missing, denied, udpOnly, tcpOnly } = selectorClass.names;
      if (missing.size + udpOnly.size + tcpOnly.size === 0) continue;
      const dns: PolicyDns = { missing: [...missing], denied: [...denied], udpOnly: [...udpOnly], tcpOnly: [...tcpOnly] };
      for (const policy of selectorClass.members) byPolicy.set(policy.manifest.value, { policy, dns });
    }
  }
  analysis = { byPolicy, providers, target: dnsName(view) };
  memo.set(model, analysis);
  return analysis;
}

/**
 * The egress policies of one namespace that select the same pods: equal podSelectors. The key keeps the order
 * of the expressions and their values, which `minimalLabels` reads, so the policies of a class also share their
 * stand-in pod.
 */
interface SelectorClass {
  readonly spec: PolicySpec;
  readonly members: PolicyModel[];
  /** No policy of the class has an egress rule. */
  denied: boolean;
  /** UDP and TCP to each DNS server (in `dnsOfPolicies`'s order) allowed by some egress rule of the class. */
  allows?: { readonly udp: readonly boolean[]; readonly tcp: readonly boolean[] };
  selectsSome: boolean;
  standInRecorded: boolean;
  readonly names: { readonly missing: Set<string>; readonly denied: Set<string>; readonly udpOnly: Set<string>; readonly tcpOnly: Set<string> };
}

function selectorClasses(policies: readonly PolicyModel[]): Map<string, SelectorClass> {
  const classes = new Map<string, SelectorClass>();
  for (const policy of policies) {
    const key = selectorClassKey(policy.spec.podSelector);
    const known = classes.get(key);
    if (known) {
      known.members.push(policy);
      known.denied &&= policy.spec.egress.length === 0;
      continue;
    }
    classes.set(key, {
      spec: policy.spec,
      members: [policy],
      denied: policy.spec.egress.length === 0,
      selectsSome: false,
      standInRecorded: false,
      names: { missing: new Set(), denied: new Set(), udpOnly: new Set(), tcpOnly: new Set() },
    });
  }
  return classes;
}

function classOf(classes: ReadonlyMap<string, SelectorClass>, policy: PolicyModel): SelectorClass {
  return classes.get(selectorClassKey(policy.spec.podSelector))!;
}

function selectorClassKey(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([labels, selector.matchExpressions.map((requirement) => [requirement.key, requirement.operator, requirement.values])]);
}

/** UDP and TCP DNS allowed by the union of the egress rules of the policies that select a pod. */
function verdictOf(selecting: readonly SelectorClass[], providers: readonly DnsProvider[], servers: readonly DnsServer[], view: ClusterQueries): Verdict {
  const udp = servers.map(() => false);
  const tcp = servers.map(() => false);
  for (const selectorClass of selecting) {
    const allows = (selectorClass.allows ??= {
      udp: servers.map((server) => allowsDns(selectorClass.members, server, 'UDP', view)),
      tcp: servers.map((server) => allowsDns(selectorClass.members, server, 'TCP', view)),
    });
    allows.udp.forEach((allowed, i) => (udp[i] ||= allowed));
    allows.tcp.forEach((allowed, i) => (tcp[i] ||= allowed));
  }
  const reaches = (allowed: readonly boolean[]): boolean => {
    let first = 0;
    return providers.some((provider) => {
      const from = first;
      first += provider.servers.length;
      return provider.servers.length > 0 && allowed.slice(from, first).every(Boolean);
    });
  };
  const udpOk = reaches(udp);
  const tcpOk = reaches(tcp);
  return udpOk && tcpOk ? 'ok' : udpOk ? 'udp-only' : tcpOk ? 'tcp-only' : 'missing';
}

function allowsDns(selecting: readonly PolicyModel[], server: DnsServer, protocol: 'UDP' | 'TCP', view: ClusterQueries): boolean {
  const ports = protocol === 'UDP' ? server.udp : server.tcp;
  for (const policy of selecting) {
    for (const rule of policy.spec.egress) {
      if (!ruleReaches(rule, policy.namespace, server.endpoint, view)) continue;
      const allowed = rulePorts(rule, server.endpoint);
      if (ports.some((port) => hasPort(allowed, protocol, port))) return true;
    }
  }
  return false;
}

/**
 * Whether an egress rule's peers include a DNS server: a rule without peers reaches everything; a pod peer as the
 * reachability engine matches it. The servers' addresses are not known, so an ipBlock reaches them only when it
 * covers every address (`0.0.0.0/0` or `::/0`, no except) or NodeLocal DNSCache's address: where it runs, pods
 * send their lookups to 169.254.20.10 on their node, and an ipBlock on it is how a policy allows them.
 */
function ruleReaches(rule: PolicyRule, policyNamespace: string, server: EndpointIdentity, view: ClusterQueries): boolean {
  if (rule.peers === undefined) return true;
  return rule.peers.some(
    (peer) =>
      (peer.kind === 'ipBlock' && (coversEverything(peer) || coversNodeLocalDns(peer))) || peerMatches(peer, policyNamespace, server, view.namespaceLabels),
  );
}

/** The link-local address NodeLocal DNSCache listens on by default (Kubernetes documentation, "Using NodeLocal DNSCache"). */
const NODE_LOCAL_DNS = parseIp('169.254.20.10')!;

function coversEverything(peer: IpBlockPeer): boolean {
  return peer.cidr.prefix === 0 && peer.except.length === 0;
}

function coversNodeLocalDns(peer: IpBlockPeer): boolean {
  return netContains(peer.cidr, NODE_LOCAL_DNS) && !peer.except.some((except) => netContains(except, NODE_LOCAL_DNS));
}

/** CoreDNS (kube-dns) and OpenShift DNS: the workspace's server pods, or a stand-in. */
function dnsProviders(view: ClusterQueries): DnsProvider[] {
  return [
    provider(view, KUBE_DNS_NAMESPACE, (labels) => labels[KUBE_DNS_LABEL] === 'kube-dns', { [KUBE_DNS_LABEL]: 'kube-dns' }, 53),
    provider(view, OPENSHIFT_DNS_NAMESPACE, (labels) => Object.hasOwn(labels, OPENSHIFT_DNS_LABEL), { [OPENSHIFT_DNS_LABEL]: 'default' }, 5353),
  ];
}

function provider(view: ClusterQueries, namespace: string, isServer: (labels: Labels) => boolean, standInLabels: Labels, standInPort: number): DnsProvider {
  const real = view.workloadsIn(namespace).filter((endpoint) => isServer(endpoint.labels));
  const standIn: EndpointIdentity = {
    kind: 'pod',
    namespace,
    labels: standInLabels,
    ports: [
      { name: 'dns', containerPort: standInPort, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: standInPort, protocol: 'TCP' },
    ],
    addresses: [],
  };
  const endpoints: EndpointIdentity[] = real.length > 0 ? real : [standIn];
  return {
    servers: endpoints.map((endpoint) => ({ endpoint, udp: dnsPorts(endpoint.ports, 'UDP', standInPort), tcp: dnsPorts(endpoint.ports, 'TCP', standInPort) })),
  };
}

/** The ports a DNS server answers on: its ports named dns* or numbered 53, else the usual port. */
function dnsPorts(ports: readonly ContainerPort[], protocol: string, usual: number): number[] {
  const found = ports
    .filter((port) => port.protocol === protocol && (port.containerPort === 53 || port.containerPort === usual || /^dns/.test(port.name ?? '')))
    .map((port) => port.containerPort);
  return found.length > 0 ? [...new Set(found)] : [usual];
}

/** How messages name the cluster DNS: CoreDNS as the workspace has it, or the stand-in. */
function dnsName(view: ClusterQueries): string {
  const real = view.workloadsIn(KUBE_DNS_NAMESPACE).filter((endpoint) => endpoint.labels[KUBE_DNS_LABEL] === 'kube-dns');
  return real.length > 0 ? `kube-dns (${listNames(real.map((endpoint: Endpoint) => endpoint.key))})` : 'kube-dns in kube-system';
}

/**
 * Labels that just satisfy a selector: its matchLabels, the first value of each `In`, an empty value for each
 * `Exists`. Undefined when a requirement cannot be met that way.
 */
function minimalLabels(selector: LabelSelector): Labels | undefined {
  const labels: Record<string, string> = { ...selector.matchLabels };
  for (const requirement of selector.matchExpressions) {
    if (Object.hasOwn(labels, requirement.key)) continue;
    if (requirement.operator === 'In') {
      if (requirement.values.length === 0) return undefined;
      labels[requirement.key] = requirement.values[0];
    } else if (requirement.operator === 'Exists') {
      labels[requirement.key] = '';
    }
  }
  return labels;
}

function subjectName(namespace: string, selector: LabelSelector): string {
  const text = selectorText(selector);
  return text === '{}' ? `every pod in ${namespace}` : `the pods with ${text} in ${namespace}`;
}

/** Where a finding is shown: the `Egress` entry of policyTypes, or podSelector. */
function anchorPath(policy: unknown): FieldPath {
  const types = valueAt(policy, ['spec', 'policyTypes']);
  const index = Array.isArray(types) ? types.indexOf('Egress') : -1;
  return index >= 0 ? ['spec', 'policyTypes', index] : ['spec', 'podSelector'];
}

/** Port 53 (or a dns* name) without `protocol` in an egress rule: what people write meaning "DNS", which is TCP only. */
function hasDnsPortWithoutProtocol(policy: unknown): boolean {
  return dnsPortEntries(policy).some(({ entry }) => entry.protocol === undefined || entry.protocol === null);
}

/**
 * Why an egress rule that names port 53 (or a dns* port) does not reach CoreDNS: the likely intended DNS rule, and
 * what is wrong with its peers (most often `namespaceSelector: {matchLabels: {name: kube-system}}`, a label that
 * Kubernetes does not set).
 */
function nearMiss(policy: unknown, spec: PolicySpec, providers: readonly DnsProvider[], view: ClusterQueries): string {
  const rules = [...new Set(dnsPortEntries(policy).map(({ ruleIndex }) => ruleIndex))];
  const [kubeDns] = providers;
  for (const index of rules) {
    const rule = spec.egress.find((r) => r.index === index);
    if (!rule || kubeDns.servers.some((server) => ruleReaches(rule, spec.namespace, server.endpoint, view))) continue;
    const server = kubeDns.servers[0].endpoint;
    for (const peer of rule.peers ?? []) {
      if (peer.kind !== 'pods') continue;
      if (peer.namespaceSelector && !matchesSelector(peer.namespaceSelector, view.namespaceLabels(KUBE_DNS_NAMESPACE))) {
        const labels = labelsKey(view.namespaceLabels(KUBE_DNS_NAMESPACE)).replace(/,/g, ', ');
        return ` (${where(index)}, but its namespaceSelector ${selectorText(peer.namespaceSelector)} does not match ${KUBE_DNS_NAMESPACE}, labelled ${labels}.)`;
      }
      if (!peer.namespaceSelector && spec.namespace !== KUBE_DNS_NAMESPACE) {
        return ` (${where(index)}, but to pods in ${spec.namespace} only: a podSelector without namespaceSelector stays in the policy's namespace.)`;
      }
      if (peer.podSelector && !matchesSelector(peer.podSelector, server.labels)) {
        return ` (${where(index)}, but its podSelector ${selectorText(peer.podSelector)} does not match the DNS pods, labelled ${labelsKey(server.labels)}.)`;
      }
    }
    return ` (${where(index)}, but not to the DNS pods.)`;
  }
  return '';
}

function where(index: number): string {
  return `spec.egress[${index}] allows port 53`;
}

function dnsPortEntries(policy: unknown): { ruleIndex: number; entry: Record<string, unknown> }[] {
  const rules = valueAt(policy, ['spec', 'egress']);
  if (!Array.isArray(rules)) return [];
  const out: { ruleIndex: number; entry: Record<string, unknown> }[] = [];
  rules.forEach((rule, ruleIndex) => {
    const ports = isRecord(rule) ? rule.ports : undefined;
    if (!Array.isArray(ports)) return;
    for (const entry of ports) {
      if (isRecord(entry) && (entry.port === 53 || (typeof entry.port === 'string' && /^dns/.test(entry.port)))) out.push({ ruleIndex, entry });
    }
  });
  return out;
}

/**
 * The policy classes of one namespace, indexed by one `matchLabels` pair of their podSelector, or else by the
 * values of one `In` expression: a pod can only be selected by the classes filed under one of its own labels, or
 * by those with neither. Keeps the cost near one selector test per pod and candidate rather than per pod and
 * class. (A class filed under several values of one key is a candidate once: a pod has one value per key.)
 */
class SelectingIndex {
  private readonly always: SelectorClass[] = [];
  private readonly byLabel = new Map<string, SelectorClass[]>();

  constructor(classes: ReadonlyMap<string, SelectorClass>) {
    for (const selectorClass of classes.values()) {
      const selector = selectorClass.spec.podSelector;
      const first = Object.entries(selector.matchLabels)[0];
      const oneOf = selector.matchExpressions.find((requirement) => requirement.operator === 'In');
      const pairs = first ? [first] : oneOf ? [...new Set(oneOf.values)].map((value) => [oneOf.key, value]) : undefined;
      if (!pairs) {
        this.always.push(selectorClass);
        continue;
      }
      for (const [key, value] of pairs) {
        const list = this.byLabel.get(`${key}=${value}`);
        if (list) list.push(selectorClass);
        else this.byLabel.set(`${key}=${value}`, [selectorClass]);
      }
    }
  }

  candidates(labels: Labels): SelectorClass[] {
    const out = [...this.always];
    for (const [key, value] of Object.entries(labels)) {
      const list = this.byLabel.get(`${key}=${value}`);
      if (list) out.push(...list);
    }
    return out;
  }
}
