import { VIEW_FORMAT, type ReachabilityView } from './viewModel';

/**
 * Checks a received view before anything reads it: the format marker, the shape of every part the renderer
 * indexes with, and every index in range. Returns what is wrong, or undefined. Strings are not inspected: they
 * are only ever shown as text.
 */
export function checkView(value: unknown): string | undefined {
  if (!isRecord(value) || value.format !== VIEW_FORMAT) return 'not a reachability view';
  const view = value as unknown as ReachabilityView;
  if (typeof view.title !== 'string' || typeof view.generation !== 'number') return 'title or generation missing';
  if (!Array.isArray(view.endpoints) || !Array.isArray(view.groups) || !Array.isArray(view.classOf) || !Array.isArray(view.portSets) || !Array.isArray(view.cells)) return 'parts missing';
  if (!Array.isArray(view.policies) || !Array.isArray(view.problems) || !Array.isArray(view.sources) || !Array.isArray(view.destinations)) return 'parts missing';
  const endpointCount = view.endpoints.length;
  const classCount = view.cells.length;
  if (view.classOf.length !== endpointCount) return 'classOf does not cover the endpoints';
  for (const endpoint of view.endpoints) {
    if (!isRecord(endpoint) || typeof endpoint.key !== 'string' || typeof endpoint.name !== 'string' || !isIndex(endpoint.group, view.groups.length)) return 'bad endpoint';
    if (!['pod', 'workload', 'external'].includes(endpoint.kind as string) || !isRecord(endpoint.labels) || !Array.isArray(endpoint.ports) || !Array.isArray(endpoint.ips)) return `bad endpoint ${endpoint.key}`;
    if (endpoint.ref !== undefined && !isRef(endpoint.ref)) return `bad reference of ${endpoint.key}`;
  }
  for (const group of view.groups) {
    if (!isRecord(group) || typeof group.name !== 'string' || !Array.isArray(group.members) || !group.members.every((m) => isIndex(m, endpointCount))) return 'bad group';
  }
  if (!view.classOf.every((c) => isIndex(c, classCount))) return 'bad class';
  if (!view.sources.every((i) => isIndex(i, endpointCount)) || !view.destinations.every((i) => isIndex(i, endpointCount))) return 'bad source or destination';
  for (const set of view.portSets) {
    if (!isRecord(set) || !['TCP', 'UDP', 'SCTP'].every((p) => Array.isArray(set[p]))) return 'bad port set';
  }
  for (const row of view.cells) {
    if (!Array.isArray(row) || (row.length !== 0 && row.length !== classCount) || !row.every((i) => isIndex(i, view.portSets.length))) return 'bad cells';
  }
  for (const policy of view.policies) if (!isRecord(policy) || typeof policy.id !== 'string' || !isRef(policy.ref)) return 'bad policy';
  for (const problem of view.problems) if (!isRecord(problem) || typeof problem.message !== 'string' || !isRef(problem.ref)) return 'bad problem';
  return undefined;
}

export function isRef(value: unknown): boolean {
  return isRecord(value) && typeof value.uri === 'string' && isOffset(value.start) && isOffset(value.end) && (value.end as number) >= (value.start as number) && typeof value.label === 'string';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown, length: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < length;
}

function isOffset(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
