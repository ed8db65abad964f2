import { CellWords, describeTraffic, endpointNames, isExternalPair, PROTOCOLS, type PortSet, type ReachabilityView } from '../../service';

/**
 * The one-port matrix as JSON: `{"port":80,"protocol":"TCP","pods":["x/a","x/b"],"matrix":{"x/a":{"x/b":true}}}`.
 * `matrix[from][to]` is true iff the policies allow a new connection from `from` to `to` on that port and protocol;
 * null between two external address ranges (outside the cluster: no policy applies).
 * `pods` lists every endpoint shown (sources and destinations), in the model's order.
 */
export function* formatPortJson(view: ReachabilityView): Generator<string> {
  if (!view.onePort) throw new Error('formatPortJson needs a view of one port');
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const columns = destinations.map((to) => `${JSON.stringify(view.endpoints[to].key)}:`);
  const value = { outside: 'null', none: 'false', some: 'true', all: 'true', self: 'true' } as const;
  yield `{"port":${JSON.stringify(view.onePort.port)},"protocol":${JSON.stringify(view.onePort.protocol)},"pods":${JSON.stringify(shown.map((index) => view.endpoints[index].key))},"matrix":{`;
  // One row at a time: the matrix grows with the square of the endpoints, far beyond the longest string.
  for (let i = 0; i < sources.length; i++) {
    const from = sources[i];
    const row: string[] = new Array<string>(destinations.length);
    for (let j = 0; j < destinations.length; j++) row[j] = columns[j] + value[words.cell(from, destinations[j]).level];
    yield `${i === 0 ? '' : ','}${JSON.stringify(view.endpoints[from].key)}:{${row.join(',')}}`;
  }
  yield '}}\n';
}

/**
 * All ports as JSON: the endpoints, and `matrix[from][to]` the allowed port ranges per protocol
 * (`{"TCP":[[80,80],[8000,8100]]}`; `{}` is nothing, all three protocols `[[1,65535]]` is everything; null between
 * two external address ranges: outside the cluster, no policy applies).
 */
export function* formatPictureJson(view: ReachabilityView): Generator<string> {
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const columns = destinations.map((to) => `${JSON.stringify(view.endpoints[to].key)}:`);
  // The JSON of a port set, made once per set (pairs of one class share theirs).
  const cellJson = new Map<PortSet, string>();
  const portsJson = (ports: PortSet): string => {
    let text = cellJson.get(ports);
    if (text === undefined) cellJson.set(ports, (text = JSON.stringify(portSetJson(ports))));
    return text;
  };
  yield '{"endpoints":[';
  for (let i = 0; i < shown.length; i++) yield `${i === 0 ? '' : ','}${JSON.stringify(endpointJson(view, shown[i]))}`;
  yield '],"matrix":{';
  for (let i = 0; i < sources.length; i++) {
    const from = sources[i];
    const row: string[] = new Array<string>(destinations.length);
    for (let j = 0; j < destinations.length; j++) {
      const to = destinations[j];
      row[j] = columns[j] + (outside(view, from, to) ? 'null' : portsJson(words.allowedPorts(from, to)));
    }
    yield `${i === 0 ? '' : ','}${JSON.stringify(view.endpoints[from].key)}:{${row.join(',')}}`;
  }
  yield `},"leftOut":${JSON.stringify(leftOut(view))}}\n`;
}

/** A port set as JSON: the allowed ranges per protocol, protocols with none left out (`{}`: nothing). */
export function portSetJson(ports: PortSet): Partial<Record<string, PortSet['TCP']>> {
  const cell: Partial<Record<string, PortSet['TCP']>> = {};
  for (const protocol of PROTOCOLS) if (ports[protocol].length > 0) cell[protocol] = ports[protocol];
  return cell;
}

/** The one-port matrix as a truth table (`.` allowed, `X` denied), as network policy test suites print them. */
export function* formatPortText(view: ReachabilityView): Generator<string> {
  const { sources, destinations } = axes(view);
  const words = new CellWords(view);
  const keys = (indices: readonly number[]) => indices.map((index) => view.endpoints[index].key);
  const rowKeys = keys(sources);
  let width = 4;
  for (const key of rowKeys) width = Math.max(width, key.length);
  width += 1;
  const columns = keys(destinations);
  const external = (index: number) => view.endpoints[index].kind === 'external';
  const anyOutside = sources.some(external) && destinations.some(external);
  const legend = `'.' allowed, 'X' denied${anyOutside ? ", '-' outside the cluster (no policy applies)" : ''}`;
  yield `${describeTraffic(view)}: ${legend} (rows: from, columns: to)\n`;
  // Column headers as numbers keep the table narrow; the legend below maps them to endpoints.
  yield `${
    ' '.repeat(width) +
    columns
      .map((_key, i) => String(i + 1).padEnd(4))
      .join('')
      .trimEnd()
  }\n`;
  const mark = { outside: '-   ', none: 'X   ', some: '.   ', all: '.   ', self: '.   ' } as const;
  for (let i = 0; i < sources.length; i++) {
    const from = sources[i];
    const row: string[] = new Array<string>(destinations.length);
    for (let j = 0; j < destinations.length; j++) row[j] = mark[words.cell(from, destinations[j]).level];
    yield `${rowKeys[i].padEnd(width)}${row.join('').trimEnd()}\n`;
  }
  yield '\n';
  for (let i = 0; i < columns.length; i++) yield `${String(i + 1).padStart(4)}  ${columns[i]}\n`;
  yield footer(view);
}

/** Destination keys longer than this do not widen their source's column of keys; their ports follow two spaces. */
const MAX_KEY_COLUMN = 40;

/**
 * All ports as text: for each source, the ports it may use toward each destination, keys aligned within the
 * source. Pairs with no ports allowed are counted, not listed, unless `all`.
 */
export function* formatPictureText(view: ReachabilityView, all = false): Generator<string> {
  const { sources, destinations } = axes(view);
  const words = new CellWords(view);
  yield `${heading(view)}: allowed ports per connection (from -> to)\n`;
  let unlisted = 0;
  for (const from of sources) {
    // Pairs of external ranges are never listed: outside the cluster, no policy applies.
    const shown: { key: string; text: string }[] = [];
    let width = 0;
    for (const to of destinations) {
      const value = words.cell(from, to);
      if (value.level === 'outside') continue;
      if (!all && value.level === 'none') {
        unlisted++;
        continue;
      }
      const key = view.endpoints[to].key;
      shown.push({ key, text: value.text });
      if (key.length <= MAX_KEY_COLUMN) width = Math.max(width, key.length);
    }
    if (shown.length === 0) continue;
    width += 2;
    const lines = shown.map(({ key, text }) => `  ${key.length > MAX_KEY_COLUMN ? `${key}  ` : key.padEnd(width)}${text}`);
    yield `\n${view.endpoints[from].key} ->\n${lines.join('\n')}\n`;
  }
  if (unlisted > 0) yield `\nNot listed (no ports allowed): ${unlisted} pair${unlisted === 1 ? '' : 's'}; --all lists every pair.\n`;
  yield footer(view);
}

/**
 * A Graphviz graph: namespaces as clusters, one edge per allowed connection, labelled with its ports (none between
 * two external ranges: outside the cluster, no policy applies).
 */
export function* formatDot(view: ReachabilityView): Generator<string> {
  const id = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const lines = [
    'digraph reachability {',
    '  rankdir=LR;',
    '  node [shape=box, fontname="sans-serif"];',
    '  edge [fontname="sans-serif", fontsize=10];',
    `  label=${id(`${heading(view)} (${describeTraffic(view)})`)};`,
  ];
  const groups = new Map<string, number[]>();
  for (const index of shown) {
    const group = endpointNames(view, index).namespace ?? '';
    let members = groups.get(group);
    if (!members) groups.set(group, (members = []));
    members.push(index);
  }
  let cluster = 0;
  for (const [group, members] of groups) {
    if (group === '') {
      for (const index of members) lines.push(`  ${id(view.endpoints[index].key)} [shape=ellipse, style=dashed];`);
      continue;
    }
    lines.push(`  subgraph cluster_${cluster++} {`, `    label=${id(`namespace ${group}`)};`);
    for (const index of members) lines.push(`    ${id(view.endpoints[index].key)} [label=${id(view.endpoints[index].name)}];`);
    lines.push('  }');
  }
  yield `${lines.join('\n')}\n`;
  const ids = new Map<number, string>();
  const idOf = (index: number) => {
    let text = ids.get(index);
    if (text === undefined) ids.set(index, (text = id(view.endpoints[index].key)));
    return text;
  };
  const labels = new Map<string, string>();
  for (const from of sources) {
    const edges: string[] = [];
    for (const to of destinations) {
      if (from === to) continue;
      const { level, text } = words.cell(from, to);
      if (level === 'outside' || level === 'none') continue;
      const edge = `  ${idOf(from)} -> ${idOf(to)}`;
      if (view.onePort) {
        edges.push(`${edge};`);
        continue;
      }
      const label = level === 'all' ? 'all' : text;
      let attribute = labels.get(label);
      if (attribute === undefined) labels.set(label, (attribute = ` [label=${id(label)}];`));
      edges.push(edge + attribute);
    }
    if (edges.length > 0) yield `${edges.join('\n')}\n`;
  }
  yield '}\n';
}

/**
 * The rows and columns, and every endpoint shown (either), in the model's order (by key, the external ranges
 * last): the view's indices ascending (the view orders its axes by group).
 */
export function axes(view: ReachabilityView): { sources: number[]; destinations: number[]; shown: number[] } {
  const ascending = (indices: Iterable<number>) => [...indices].sort((a, b) => a - b);
  return { sources: ascending(view.sources), destinations: ascending(view.destinations), shown: ascending(new Set([...view.sources, ...view.destinations])) };
}

function heading(view: ReachabilityView): string {
  return `Reachability of ${view.title}`;
}

/** Between two external address ranges: traffic outside the cluster, which no policy governs. */
function outside(view: ReachabilityView, from: number, to: number): boolean {
  return isExternalPair(view.endpoints[from], view.endpoints[to]);
}

/** An endpoint as JSON: the model's fields (kind, names, labels, container ports, IPs, range), no place. */
export function endpointJson(view: ReachabilityView, index: number) {
  const endpoint = view.endpoints[index];
  const { workloadKind, namespace, name } = endpointNames(view, index);
  return {
    key: endpoint.key,
    kind: endpoint.kind,
    ...(workloadKind ? { workloadKind } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    labels: endpoint.labels,
    ports: endpoint.ports.map((port) =>
      port.name ? { name: port.name, containerPort: port.port, protocol: port.protocol } : { containerPort: port.port, protocol: port.protocol },
    ),
    ips: endpoint.ips,
    ...(endpoint.hostNetwork ? { hostNetwork: true } : {}),
    ...(endpoint.range ? { range: endpoint.range } : {}),
  };
}

/** The documents left out of the analysis: where, what (empty when unknown) and why. */
export function leftOut(view: ReachabilityView): { where: string; what: string; reason: string }[] {
  return view.problems
    .filter((problem) => problem.kind === 'left-out')
    .map((problem) => ({ where: problem.ref.label, what: problem.what ?? '', reason: problem.reason ?? problem.message }));
}

function footer(view: ReachabilityView): string {
  const docs = leftOut(view);
  if (docs.length === 0) return '';
  return `\nLeft out (not evaluated):\n${docs.map((doc) => `  ${doc.where}: ${doc.what}: ${doc.reason}`).join('\n')}\n`;
}
