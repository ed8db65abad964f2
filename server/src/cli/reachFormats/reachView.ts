import { allowedPorts, formatPortSet, isAllowed, isAllPorts, isEmptyPortSet, isExternalPair, type EndpointSummary, type ReachabilityResult, type SourceRef } from '../../service';

/**
 * What the text, JSON and dot formats show, as plain data: the endpoints asked for, and one cell per (source,
 * destination). (The HTML report is the panel's renderer on a `ReachabilityView` instead.)
 */
export interface ReachView {
  readonly title: string;
  /** `TCP port 80`, `TCP port "http"`, or `all ports`. */
  readonly query: string;
  readonly endpoints: readonly ViewEndpoint[];
  /** Indices into `endpoints`. */
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  /** The distinct cell values; `cells[s][d]` indexes into it (`s`, `d` index `sources`, `destinations`). */
  readonly values: readonly CellValue[];
  readonly cells: readonly (readonly number[])[];
  readonly policies: readonly { readonly id: string; readonly where: string }[];
  readonly leftOut: readonly { readonly where: string; readonly what: string; readonly reason: string }[];
}

export interface ViewEndpoint {
  readonly key: string;
  readonly kind: EndpointSummary['kind'];
  /** The group it is shown in: its namespace, or `external`. */
  readonly group: string;
  readonly name: string;
  /** Labels, ports, IPs, in words. */
  readonly details: string;
  readonly where?: string;
}

export interface CellValue {
  readonly text: string;
  /**
   * `all`: every port (or the queried one) allowed; `some`: some ports; `none`: nothing; `self`: a pod to itself;
   * `outside`: two external address ranges, traffic outside the cluster that no policy governs (not shown).
   */
  readonly level: 'all' | 'some' | 'none' | 'self' | 'outside';
}

export function buildReachView(result: ReachabilityResult, options: { title: string; formatRef: (ref: SourceRef) => string }): ReachView {
  const values: CellValue[] = [];
  const valueIds = new Map<string, number>();
  const valueId = (value: CellValue): number => {
    const key = `${value.level}|${value.text}`;
    let id = valueIds.get(key);
    if (id === undefined) {
      id = values.length;
      values.push(value);
      valueIds.set(key, id);
    }
    return id;
  };
  const byPort = result.port !== undefined;
  const cells = result.sources.map((from) =>
    result.destinations.map((to) => {
      if (isExternalPair(result.endpoints[from], result.endpoints[to])) return valueId({ text: 'outside the cluster', level: 'outside' });
      if (from === to && result.endpoints[from].kind === 'pod') return valueId({ text: byPort ? 'allowed (a pod to itself)' : 'all ports (a pod to itself)', level: 'self' });
      if (byPort) return isAllowed(result, from, to) ? valueId({ text: 'allowed', level: 'all' }) : valueId({ text: 'denied', level: 'none' });
      const ports = allowedPorts(result, from, to);
      return valueId({ text: formatPortSet(ports), level: isAllPorts(ports) ? 'all' : isEmptyPortSet(ports) ? 'none' : 'some' });
    }),
  );
  return {
    title: options.title,
    query: result.port === undefined ? 'all ports' : `${result.protocol} port ${typeof result.port === 'string' ? JSON.stringify(result.port) : result.port}`,
    endpoints: result.endpoints.map((endpoint) => ({
      key: endpoint.key,
      kind: endpoint.kind,
      group: endpoint.namespace ?? 'external',
      name: endpoint.kind === 'workload' ? `${endpoint.workloadKind}/${endpoint.name}` : endpoint.name,
      details: endpointDetails(endpoint),
      ...(endpoint.ref ? { where: options.formatRef(endpoint.ref) } : {}),
    })),
    sources: result.sources,
    destinations: result.destinations,
    values,
    cells,
    policies: result.policies.map((policy) => ({ id: policy.id, where: options.formatRef(policy.ref) })),
    leftOut: result.leftOut.map((doc) => ({ where: options.formatRef(doc.ref), what: [doc.kind, doc.namespace && doc.name ? `${doc.namespace}/${doc.name}` : doc.name].filter(Boolean).join(' '), reason: doc.replacedBy ? `${doc.reason} at ${options.formatRef(doc.replacedBy)}` : doc.reason })),
  };
}

export function endpointDetails(endpoint: EndpointSummary): string {
  const parts: string[] = [];
  if (endpoint.kind === 'external') parts.push(`addresses ${endpoint.name}`);
  const labels = Object.entries(endpoint.labels).map(([key, value]) => `${key}=${value}`);
  if (endpoint.kind !== 'external') parts.push(labels.length > 0 ? `labels ${labels.join(', ')}` : 'no labels');
  if (endpoint.ports.length > 0) parts.push(`ports ${endpoint.ports.map((port) => `${port.name ? `${port.name}=` : ''}${port.containerPort}/${port.protocol}`).join(', ')}`);
  if (endpoint.ips.length > 0) parts.push(`IP ${endpoint.ips.join(', ')}`);
  if (endpoint.hostNetwork) parts.push('host network (policies may not apply)');
  return parts.join('; ');
}
