import { membersOf, type AxisItem, type PolicyFocus, type ReachabilityView } from '../../../server/src/protocol/view';

/** An endpoint in words, for its tooltip: key, labels, ports, addresses. */
export function endpointTitle(view: ReachabilityView, index: number): string {
  const endpoint = view.endpoints[index];
  const lines = [endpoint.key];
  const labels = Object.entries(endpoint.labels).map(([key, value]) => `${key}=${value}`);
  if (endpoint.kind !== 'external') lines.push(labels.length > 0 ? `labels: ${labels.join(', ')}` : 'no labels');
  if (endpoint.ports.length > 0)
    lines.push(`ports: ${endpoint.ports.map((port) => `${port.name ? `${port.name}=` : ''}${port.port}/${port.protocol}`).join(', ')}`);
  if (endpoint.ips.length > 0) lines.push(`IP: ${endpoint.ips.join(', ')}`);
  if (endpoint.hostNetwork) lines.push('host network: policies may not apply');
  if (endpoint.ref) lines.push(`defined at ${endpoint.ref.label}`);
  return lines.join('\n');
}

/** A policy focus as sets of keys, for quick lookups while rendering. */
export interface FocusSets {
  readonly focus: PolicyFocus;
  readonly selected: ReadonlySet<string>;
  readonly ingressFrom: ReadonlySet<string>;
  readonly egressTo: ReadonlySet<string>;
}

export function focusSets(focus: PolicyFocus): FocusSets {
  return { focus, selected: new Set(focus.selected), ingressFrom: new Set(focus.ingressFrom), egressTo: new Set(focus.egressTo) };
}

/**
 * Whether the focused policy allows traffic somewhere in a cell: from an admitted peer into a selected endpoint
 * (ingress), or from a selected endpoint to a peer it may reach (egress). For a summary, whether any pair does.
 */
export function focusOf(data: { readonly view: ReachabilityView; readonly focus: FocusSets | undefined }, row: AxisItem, column: AxisItem): boolean {
  const focus = data.focus;
  if (!focus) return false;
  const keys = (item: AxisItem) => membersOf(item).map((index) => data.view.endpoints[index].key);
  const rows = keys(row);
  const columns = keys(column);
  const any = (list: string[], set: ReadonlySet<string>) => list.some((key) => set.has(key));
  return (any(rows, focus.ingressFrom) && any(columns, focus.selected)) || (any(rows, focus.selected) && any(columns, focus.egressTo));
}

/**
 * An endpoint's short name, for headers and graph nodes: a workload's own name without its kind (`frontend` for
 * `Deployment/frontend`; the namespace is in the group's header, the kind in the tooltip), a pod's name, a range.
 */
export function shortName(view: ReachabilityView, index: number): string {
  const endpoint = view.endpoints[index];
  if (endpoint.kind !== 'workload') return endpoint.name;
  const slash = endpoint.name.indexOf('/');
  return slash === -1 ? endpoint.name : endpoint.name.slice(slash + 1);
}

/** The endpoint's kind: `Deployment`, `Pod`, `ipBlock`. */
export function itemKind(view: ReachabilityView, index: number): string {
  const endpoint = view.endpoints[index];
  if (endpoint.kind === 'pod') return 'Pod';
  if (endpoint.kind === 'external') return 'ipBlock';
  const slash = endpoint.name.indexOf('/');
  return slash === -1 ? 'workload' : endpoint.name.slice(0, slash);
}
