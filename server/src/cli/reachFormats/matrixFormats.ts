import { CellWords, describeTraffic, endpointNames, isExternalPair, PROTOCOLS, type PortSet, type ReachabilityView } from '../../service';

/**
 * The one-port matrix as JSON: `{"port":80,"protocol":"TCP","pods":["x/a","x/b"],"matrix":{"x/a":{"x/b":true}}}`.
 * `matrix[from][to]` is true iff the policies allow a new connection from `from` to `to` on that port and protocol;
 * null between two external address ranges (outside the cluster: no policy applies).
 * `pods` lists every endpoint shown (sources and destinations), in the model's order.
 */
export function formatPortJson(view: ReachabilityView): string {
  if (!view.onePort) throw new Error('formatPortJson needs a view of one port');
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const matrix: Record<string, Record<string, boolean | null>> = {};
  for (const from of sources) {
    const row: Record<string, boolean | null> = {};
    for (const to of destinations) {
      const { level } = words.cell(from, to);
      row[view.endpoints[to].key] = level === 'outside' ? null : level !== 'none';
    }
    matrix[view.endpoints[from].key] = row;
  }
  return `${JSON.stringify({ port: view.onePort.port, protocol: view.onePort.protocol, pods: shown.map((index) => view.endpoints[index].key), matrix })}\n`;
}

/**
 * All ports as JSON: the endpoints, and `matrix[from][to]` the allowed port ranges per protocol
 * (`{"TCP":[[80,80],[8000,8100]]}`; `{}` is nothing, all three protocols `[[1,65535]]` is everything; null between
 * two external address ranges: outside the cluster, no policy applies).
 */
export function formatPictureJson(view: ReachabilityView): string {
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const matrix: Record<string, Record<string, Partial<Record<string, PortSet['TCP']>> | null>> = {};
  for (const from of sources) {
    const row: Record<string, Partial<Record<string, PortSet['TCP']>> | null> = {};
    for (const to of destinations) {
      if (outside(view, from, to)) {
        row[view.endpoints[to].key] = null;
        continue;
      }
      const ports = words.allowedPorts(from, to);
      const cell: Partial<Record<string, PortSet['TCP']>> = {};
      for (const protocol of PROTOCOLS) if (ports[protocol].length > 0) cell[protocol] = ports[protocol];
      row[view.endpoints[to].key] = cell;
    }
    matrix[view.endpoints[from].key] = row;
  }
  return `${JSON.stringify({ endpoints: shown.map((index) => endpointJson(view, index)), matrix, leftOut: leftOut(view) })}\n`;
}

/** The one-port matrix as a truth table (`.` allowed, `X` denied), as network policy test suites print them. */
export function formatPortText(view: ReachabilityView): string {
  const { sources, destinations } = axes(view);
  const words = new CellWords(view);
  const keys = (indices: readonly number[]) => indices.map((index) => view.endpoints[index].key);
  const rowKeys = keys(sources);
  const width = Math.max(4, ...rowKeys.map((key) => key.length)) + 1;
  const columns = keys(destinations);
  const anyOutside = sources.some((from) => destinations.some((to) => outside(view, from, to)));
  const legend = `'.' allowed, 'X' denied${anyOutside ? ", '-' outside the cluster (no policy applies)" : ''}`;
  const lines = [`${describeTraffic(view)}: ${legend} (rows: from, columns: to)`];
  // Column headers as numbers keep the table narrow; the legend below maps them to endpoints.
  lines.push(' '.repeat(width) + columns.map((_key, i) => String(i + 1).padEnd(4)).join('').trimEnd());
  const mark = { outside: '-', none: 'X', some: '.', all: '.', self: '.' } as const;
  sources.forEach((from, i) => {
    lines.push(rowKeys[i].padEnd(width) + destinations.map((to) => mark[words.cell(from, to).level].padEnd(4)).join('').trimEnd());
  });
  lines.push('', ...columns.map((key, i) => `${String(i + 1).padStart(4)}  ${key}`));
  return `${lines.join('\n')}\n${footer(view)}`;
}

/** Destination keys longer than this do not widen their source's column of keys; their ports follow two spaces. */
const MAX_KEY_COLUMN = 40;

/**
 * All ports as text: for each source, the ports it may use toward each destination, keys aligned within the
 * source. Pairs with no ports allowed are counted, not listed, unless `all`.
 */
export function formatPictureText(view: ReachabilityView, all = false): string {
  const { sources, destinations } = axes(view);
  const words = new CellWords(view);
  const lines = [`${heading(view)}: allowed ports per connection (from -> to)`];
  let unlisted = 0;
  sources.forEach((from) => {
    // Pairs of external ranges are never listed: outside the cluster, no policy applies.
    const pairs = destinations.map((to) => ({ key: view.endpoints[to].key, value: words.cell(from, to) })).filter(({ value }) => value.level !== 'outside');
    const shown = pairs.filter(({ value }) => all || value.level !== 'none');
    unlisted += pairs.length - shown.length;
    if (shown.length === 0) return;
    const width = Math.max(...shown.map(({ key }) => (key.length > MAX_KEY_COLUMN ? 0 : key.length))) + 2;
    lines.push('', `${view.endpoints[from].key} ->`, ...shown.map(({ key, value }) => `  ${key.length > MAX_KEY_COLUMN ? `${key}  ` : key.padEnd(width)}${value.text}`));
  });
  if (unlisted > 0) lines.push('', `Not listed (no ports allowed): ${unlisted} pair${unlisted === 1 ? '' : 's'}; --all lists every pair.`);
  return `${lines.join('\n')}\n${footer(view)}`;
}

/**
 * A Graphviz graph: namespaces as clusters, one edge per allowed connection, labelled with its ports (none between
 * two external ranges: outside the cluster, no policy applies).
 */
export function formatDot(view: ReachabilityView): string {
  const id = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const { sources, destinations, shown } = axes(view);
  const words = new CellWords(view);
  const lines = ['digraph reachability {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];', `  label=${id(`${heading(view)} (${describeTraffic(view)})`)};`];
  const groups = new Map<string, number[]>();
  for (const index of shown) {
    const group = endpointNames(view, index).namespace ?? '';
    groups.set(group, [...(groups.get(group) ?? []), index]);
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
  for (const from of sources) {
    for (const to of destinations) {
      if (from === to) continue;
      const { level, text } = words.cell(from, to);
      if (level === 'outside' || level === 'none') continue;
      const edge = `  ${id(view.endpoints[from].key)} -> ${id(view.endpoints[to].key)}`;
      lines.push(view.onePort ? `${edge};` : `${edge} [label=${id(level === 'all' ? 'all' : text)}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * The rows and columns, and every endpoint shown (either), in the model's order (by key, the external ranges
 * last): the view's indices ascending (the view orders its axes by group).
 */
function axes(view: ReachabilityView): { sources: number[]; destinations: number[]; shown: number[] } {
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
function endpointJson(view: ReachabilityView, index: number) {
  const endpoint = view.endpoints[index];
  const { workloadKind, namespace, name } = endpointNames(view, index);
  return {
    key: endpoint.key,
    kind: endpoint.kind,
    ...(workloadKind ? { workloadKind } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    labels: endpoint.labels,
    ports: endpoint.ports.map((port) => (port.name ? { name: port.name, containerPort: port.port, protocol: port.protocol } : { containerPort: port.port, protocol: port.protocol })),
    ips: endpoint.ips,
    ...(endpoint.hostNetwork ? { hostNetwork: true } : {}),
    ...(endpoint.range ? { range: endpoint.range } : {}),
  };
}

/** The documents left out of the analysis: where, what (empty when unknown) and why. */
function leftOut(view: ReachabilityView): { where: string; what: string; reason: string }[] {
  return view.problems.filter((problem) => problem.kind === 'left-out').map((problem) => ({ where: problem.ref.label, what: problem.what ?? '', reason: problem.reason ?? problem.message }));
}

function footer(view: ReachabilityView): string {
  const docs = leftOut(view);
  if (docs.length === 0) return '';
  return `\nLeft out (not evaluated):\n${docs.map((doc) => `  ${doc.where}: ${doc.what}: ${doc.reason}`).join('\n')}\n`;
}
