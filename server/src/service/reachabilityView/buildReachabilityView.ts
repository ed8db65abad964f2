import type { SourceRef } from '../cluster/sourceRef';
import { NO_PORTS, portRange, type PortSet } from '../reachability/portSet';
import type { ReachabilityResult } from '../reachability/result';
import { VIEW_FORMAT, type ReachabilityView, type ViewEndpoint, type ViewFilter, type ViewGroup, type ViewProblem, type ViewRef } from './viewModel';

export interface ViewOptions {
  readonly title: string;
  readonly generation?: number;
  /** `file:line:column` for a reference, as the caller shows places (workspace-relative in the editor). */
  readonly formatRef: (ref: SourceRef) => string;
  readonly initialFilter?: ViewFilter;
  readonly explanations?: ReachabilityView['explanations'];
}

/**
 * The view of a reachability result: endpoints grouped by namespace with the external ranges last, the
 * class-compressed port sets as they are, the policies, and what was left out. Filters, search and namespace
 * summaries are computed from it where it is shown. A result computed for one port (the CLI's `--port`) gives a
 * view that answers that port only (`onePort`); a numeric port's verdicts become two port sets, that port or none.
 */
export function buildReachabilityView(result: ReachabilityResult, options: ViewOptions): ReachabilityView {
  const { portSets, cells } = classCells(result);
  const toRef = (ref: SourceRef): ViewRef => ({ uri: ref.uri, start: ref.start, end: ref.end, path: ref.path, label: options.formatRef(ref) });

  const namespaces = [...new Set(result.endpoints.filter((e) => e.kind !== 'external').map((e) => e.namespace ?? ''))].sort();
  const groupIndex = new Map(namespaces.map((name, index) => [name, index]));
  const groups: { name: string; kind: ViewGroup['kind']; members: number[] }[] = namespaces.map((name) => ({ name, kind: 'namespace', members: [] }));
  let external = -1;
  const endpoints: ViewEndpoint[] = result.endpoints.map((endpoint, index) => {
    let group: number;
    if (endpoint.kind === 'external') {
      if (external === -1) {
        external = groups.length;
        groups.push({ name: 'external', kind: 'external', members: [] });
      }
      group = external;
    } else {
      group = groupIndex.get(endpoint.namespace ?? '')!;
    }
    groups[group].members.push(index);
    return {
      key: endpoint.key,
      kind: endpoint.kind,
      group,
      name: endpoint.kind === 'workload' ? `${endpoint.workloadKind}/${endpoint.name}` : endpoint.name,
      labels: endpoint.labels,
      ports: endpoint.ports.map((port) =>
        port.name ? { name: port.name, port: port.containerPort, protocol: port.protocol } : { port: port.containerPort, protocol: port.protocol },
      ),
      ips: endpoint.ips,
      ...(endpoint.hostNetwork ? { hostNetwork: true } : {}),
      ...(endpoint.range ? { range: endpoint.range } : {}),
      ...(endpoint.ref ? { ref: toRef(endpoint.ref) } : {}),
    };
  });
  // Sources and destinations in group order, so that every group's members are contiguous.
  const byGroup = (indices: readonly number[]) => [...indices].sort((a, b) => endpoints[a].group - endpoints[b].group || a - b);

  const problems: ViewProblem[] = [
    ...result.leftOut.map((doc): ViewProblem => {
      const what = [doc.kind, doc.namespace && doc.name ? `${doc.namespace}/${doc.name}` : doc.name].filter(Boolean).join(' ');
      const reason = doc.replacedBy ? `${doc.reason} at ${options.formatRef(doc.replacedBy)}` : doc.reason;
      return { kind: 'left-out', message: what ? `${what}: ${reason}` : reason, ref: toRef(doc.ref), what, reason };
    }),
    ...result.notes.map((note): ViewProblem => ({ kind: 'note', message: note.message, ref: toRef(note.ref) })),
  ];

  return {
    format: VIEW_FORMAT,
    title: options.title,
    generation: options.generation ?? 0,
    endpoints,
    sources: byGroup(result.sources),
    destinations: byGroup(result.destinations),
    groups,
    classOf: result.classOf,
    portSets,
    cells,
    policies: result.policies.map((policy) => ({
      id: policy.id,
      namespace: policy.namespace,
      name: policy.name,
      ingress: policy.affectsIngress,
      egress: policy.affectsEgress,
      ref: toRef(policy.ref),
    })),
    problems,
    ...(result.port !== undefined ? { onePort: { port: result.port, protocol: result.protocol } } : {}),
    ...(options.initialFilter ? { initialFilter: options.initialFilter } : {}),
    ...(options.explanations ? { explanations: options.explanations } : {}),
  };
}

/**
 * The port sets and cells of a result: as they are, or for a numeric port (one character per class pair) two
 * sets, nothing and that port, with the same rows (a class whose row was not computed has none).
 */
function classCells(result: ReachabilityResult): { portSets: readonly PortSet[]; cells: readonly (readonly number[])[] } {
  if (result.portSets && result.cells) return { portSets: result.portSets, cells: result.cells };
  if (!result.portRows || typeof result.port !== 'number') throw new Error('buildReachabilityView needs port sets or, for a numeric port, port rows');
  const cells = result.portRows.map((row) => {
    const cellRow = new Array<number>(row.length);
    for (let d = 0; d < row.length; d++) cellRow[d] = row.charCodeAt(d) === 49 ? 1 : 0;
    return cellRow;
  });
  return { portSets: [NO_PORTS, portRange(result.protocol, result.port, result.port)], cells };
}

/**
 * An endpoint's names as the model has them, from its view: the workload kind and name of a workload (shown as
 * `Deployment/cart`; kinds and names hold no `/`), and its namespace (its group's; none for an external range).
 */
export function endpointNames(view: ReachabilityView, index: number): { readonly workloadKind?: string; readonly namespace?: string; readonly name: string } {
  const endpoint = view.endpoints[index];
  const group = view.groups[endpoint.group];
  const namespace = group.kind === 'namespace' ? { namespace: group.name } : {};
  const slash = endpoint.kind === 'workload' ? endpoint.name.indexOf('/') : -1;
  if (slash === -1) return { ...namespace, name: endpoint.name };
  return { workloadKind: endpoint.name.slice(0, slash), ...namespace, name: endpoint.name.slice(slash + 1) };
}
