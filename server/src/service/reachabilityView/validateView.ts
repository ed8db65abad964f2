import { VIEW_FORMAT, type ReachabilityView, type ViewFilter } from './viewModel';

/**
 * Checks a received view before anything reads it, through and through: the format marker, the type of every
 * field the renderer reads (down to each port, IP, label, port range and stored explanation), and every index in
 * range. Returns what is wrong, or undefined. A view that passes can be rendered without a type error; the text of
 * strings is not inspected, since strings are only ever shown as text.
 */
export function checkView(value: unknown): string | undefined {
  if (!isRecord(value) || value.format !== VIEW_FORMAT) return 'not a reachability view';
  const view = value as unknown as ReachabilityView;
  if (typeof view.title !== 'string' || typeof view.generation !== 'number') return 'title or generation missing';
  if (
    !Array.isArray(view.endpoints) ||
    !Array.isArray(view.groups) ||
    !Array.isArray(view.classOf) ||
    !Array.isArray(view.portSets) ||
    !Array.isArray(view.cells)
  )
    return 'parts missing';
  if (!Array.isArray(view.policies) || !Array.isArray(view.problems) || !Array.isArray(view.sources) || !Array.isArray(view.destinations))
    return 'parts missing';
  const endpointCount = view.endpoints.length;
  const classCount = view.cells.length;
  if (view.classOf.length !== endpointCount) return 'classOf does not cover the endpoints';
  for (const endpoint of view.endpoints) {
    if (!isRecord(endpoint) || typeof endpoint.key !== 'string' || typeof endpoint.name !== 'string' || !isIndex(endpoint.group, view.groups.length))
      return 'bad endpoint';
    if (!['pod', 'workload', 'external'].includes(endpoint.kind as string) || !isStringRecord(endpoint.labels)) return `bad endpoint ${endpoint.key}`;
    if (!Array.isArray(endpoint.ports) || !endpoint.ports.every(isEndpointPort)) return `bad ports of ${endpoint.key}`;
    if (!isStrings(endpoint.ips)) return `bad IPs of ${endpoint.key}`;
    if (endpoint.hostNetwork !== undefined && typeof endpoint.hostNetwork !== 'boolean') return `bad hostNetwork of ${endpoint.key}`;
    if (endpoint.range !== undefined && !(isRecord(endpoint.range) && typeof endpoint.range.cidr === 'string' && isStrings(endpoint.range.except)))
      return `bad range of ${endpoint.key}`;
    if (endpoint.ref !== undefined && !isRef(endpoint.ref)) return `bad reference of ${endpoint.key}`;
  }
  for (const group of view.groups) {
    if (!isRecord(group) || typeof group.name !== 'string' || (group.kind !== 'namespace' && group.kind !== 'external')) return 'bad group';
    if (!Array.isArray(group.members) || !group.members.every((m) => isIndex(m, endpointCount))) return 'bad group';
  }
  if (!view.classOf.every((c) => isIndex(c, classCount))) return 'bad class';
  if (!view.sources.every((i) => isIndex(i, endpointCount)) || !view.destinations.every((i) => isIndex(i, endpointCount))) return 'bad source or destination';
  if (!view.portSets.every(isPortSet)) return 'bad port set';
  for (const row of view.cells) {
    if (!Array.isArray(row) || (row.length !== 0 && row.length !== classCount) || !row.every((i) => isIndex(i, view.portSets.length))) return 'bad cells';
  }
  for (const policy of view.policies) {
    if (!isRecord(policy) || typeof policy.id !== 'string' || typeof policy.namespace !== 'string' || typeof policy.name !== 'string') return 'bad policy';
    if (typeof policy.ingress !== 'boolean' || typeof policy.egress !== 'boolean' || !isRef(policy.ref)) return 'bad policy';
  }
  for (const problem of view.problems) {
    if (!isRecord(problem) || (problem.kind !== 'left-out' && problem.kind !== 'note') || typeof problem.message !== 'string' || !isRef(problem.ref))
      return 'bad problem';
    if ((problem.what !== undefined && typeof problem.what !== 'string') || (problem.reason !== undefined && typeof problem.reason !== 'string'))
      return 'bad problem';
  }
  if (view.onePort !== undefined) {
    const onePort: unknown = view.onePort;
    if (!isViewFilter(onePort) || onePort.protocol === 'any') return 'bad port';
  }
  if (view.initialFilter !== undefined && !isViewFilter(view.initialFilter)) return 'bad initial filter';
  if (view.explanations !== undefined) {
    const stored: unknown = view.explanations;
    if (!isRecord(stored) || !isViewFilter(stored.filter) || !isRecord(stored.byPair)) return 'bad stored explanations';
    for (const explanations of Object.values(stored.byPair)) {
      if (!Array.isArray(explanations) || !explanations.every(isExplanation)) return 'bad stored explanations';
    }
  }
  return undefined;
}

/** The filter a panel or report shows: a port number 1..65535, a port name, or `any`; a protocol or `any`. */
export function isViewFilter(value: unknown): value is ViewFilter {
  if (!isRecord(value)) return false;
  const { port, protocol } = value;
  const portOk =
    port === 'any' ||
    (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) ||
    (typeof port === 'string' && port !== '' && port.length <= 63);
  return portOk && (protocol === 'any' || protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP');
}

/** One `ExplanationView`, with its sides and the segments (text or links) of each line. */
export function isExplanation(value: unknown): boolean {
  if (
    !isRecord(value) ||
    typeof value.from !== 'string' ||
    typeof value.to !== 'string' ||
    typeof value.verdict !== 'string' ||
    typeof value.query !== 'string' ||
    typeof value.allowed !== 'boolean'
  )
    return false;
  return (
    Array.isArray(value.sides) &&
    value.sides.every(
      (side) =>
        isRecord(side) &&
        typeof side.title === 'string' &&
        typeof side.allowed === 'boolean' &&
        isSegments(side.summary) &&
        Array.isArray(side.lines) &&
        side.lines.every(isSegments),
    )
  );
}

export function isRef(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.uri === 'string' &&
    isOffset(value.start) &&
    isOffset(value.end) &&
    (value.end as number) >= (value.start as number) &&
    typeof value.label === 'string'
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringRecord(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}

function isEndpointPort(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.port === 'number' &&
    Number.isFinite(value.port) &&
    typeof value.protocol === 'string' &&
    (value.name === undefined || typeof value.name === 'string')
  );
}

function isPortSet(value: unknown): boolean {
  return isRecord(value) && ['TCP', 'UDP', 'SCTP'].every((protocol) => isPortRanges(value[protocol]));
}

function isPortRanges(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((range) => Array.isArray(range) && range.length === 2 && isPortNumber(range[0]) && isPortNumber(range[1]) && range[0] <= range[1])
  );
}

function isSegments(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((segment) => typeof segment === 'string' || (isRecord(segment) && typeof segment.text === 'string' && isRef(segment.ref)))
  );
}

function isPortNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function isIndex(value: unknown, length: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < length;
}

function isOffset(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
