import { allowedPorts, isAllowed, isAllPorts, isExternalPair, PROTOCOLS, type PortSet, type ReachabilityResult } from '../../service';
import type { ReachView } from './reachView';

/**
 * The one-port matrix as JSON: `{"port":80,"protocol":"TCP","pods":["x/a","x/b"],"matrix":{"x/a":{"x/b":true}}}`.
 * `matrix[from][to]` is true iff the policies allow a new connection from `from` to `to` on that port and protocol;
 * null between two external address ranges (outside the cluster: no policy applies).
 * `pods` lists every endpoint shown (sources and destinations), in the result's order.
 */
export function formatPortJson(result: ReachabilityResult): string {
  const shown = [...new Set([...result.sources, ...result.destinations])].sort((a, b) => a - b);
  const matrix: Record<string, Record<string, boolean | null>> = {};
  for (const from of result.sources) {
    const row: Record<string, boolean | null> = {};
    for (const to of result.destinations) row[result.endpoints[to].key] = outside(result, from, to) ? null : isAllowed(result, from, to);
    matrix[result.endpoints[from].key] = row;
  }
  return `${JSON.stringify({ port: result.port, protocol: result.protocol, pods: shown.map((index) => result.endpoints[index].key), matrix })}\n`;
}

/**
 * All ports as JSON: the endpoints, and `matrix[from][to]` the allowed port ranges per protocol
 * (`{"TCP":[[80,80],[8000,8100]]}`; `{}` is nothing, all three protocols `[[1,65535]]` is everything; null between
 * two external address ranges: outside the cluster, no policy applies).
 */
export function formatPictureJson(result: ReachabilityResult, view: ReachView): string {
  const matrix: Record<string, Record<string, Partial<Record<string, PortSet['TCP']>> | null>> = {};
  for (const from of result.sources) {
    const row: Record<string, Partial<Record<string, PortSet['TCP']>> | null> = {};
    for (const to of result.destinations) {
      if (outside(result, from, to)) {
        row[result.endpoints[to].key] = null;
        continue;
      }
      const ports = allowedPorts(result, from, to);
      const cell: Partial<Record<string, PortSet['TCP']>> = {};
      for (const protocol of PROTOCOLS) if (ports[protocol].length > 0) cell[protocol] = ports[protocol];
      row[result.endpoints[to].key] = cell;
    }
    matrix[result.endpoints[from].key] = row;
  }
  const endpoints = [...new Set([...result.sources, ...result.destinations])]
    .sort((a, b) => a - b)
    .map((index) => {
      const { ref: _ref, ...endpoint } = result.endpoints[index];
      return endpoint;
    });
  return `${JSON.stringify({ endpoints, matrix, leftOut: view.leftOut })}\n`;
}

/** The one-port matrix as a truth table (`.` allowed, `X` denied), as network policy test suites print them. */
export function formatPortText(result: ReachabilityResult, view: ReachView): string {
  const keys = (indices: readonly number[]) => indices.map((index) => result.endpoints[index].key);
  const rowKeys = keys(result.sources);
  const width = Math.max(4, ...rowKeys.map((key) => key.length)) + 1;
  const columns = keys(result.destinations);
  const anyOutside = result.sources.some((from) => result.destinations.some((to) => outside(result, from, to)));
  const legend = `'.' allowed, 'X' denied${anyOutside ? ", '-' outside the cluster (no policy applies)" : ''}`;
  const lines = [`${view.query}: ${legend} (rows: from, columns: to)`];
  // Column headers as numbers keep the table narrow; the legend below maps them to endpoints.
  lines.push(' '.repeat(width) + columns.map((_key, i) => String(i + 1).padEnd(4)).join('').trimEnd());
  result.sources.forEach((from, i) => {
    lines.push(rowKeys[i].padEnd(width) + result.destinations.map((to) => (outside(result, from, to) ? '-' : isAllowed(result, from, to) ? '.' : 'X').padEnd(4)).join('').trimEnd());
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
export function formatPictureText(result: ReachabilityResult, view: ReachView, all = false): string {
  const lines = [`${view.title}: allowed ports per connection (from -> to)`];
  let unlisted = 0;
  result.sources.forEach((from, s) => {
    // Pairs of external ranges are never listed: outside the cluster, no policy applies.
    const pairs = result.destinations.map((to, d) => ({ key: result.endpoints[to].key, value: view.values[view.cells[s][d]] })).filter(({ value }) => value.level !== 'outside');
    const shown = pairs.filter(({ value }) => all || value.level !== 'none');
    unlisted += pairs.length - shown.length;
    if (shown.length === 0) return;
    const width = Math.max(...shown.map(({ key }) => (key.length > MAX_KEY_COLUMN ? 0 : key.length))) + 2;
    lines.push('', `${result.endpoints[from].key} ->`, ...shown.map(({ key, value }) => `  ${key.length > MAX_KEY_COLUMN ? `${key}  ` : key.padEnd(width)}${value.text}`));
  });
  if (unlisted > 0) lines.push('', `Not listed (no ports allowed): ${unlisted} pair${unlisted === 1 ? '' : 's'}; --all lists every pair.`);
  return `${lines.join('\n')}\n${footer(view)}`;
}

/**
 * A Graphviz graph: namespaces as clusters, one edge per allowed connection, labelled with its ports (none between
 * two external ranges: outside the cluster, no policy applies).
 */
export function formatDot(result: ReachabilityResult, view: ReachView): string {
  const id = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const shown = [...new Set([...result.sources, ...result.destinations])].sort((a, b) => a - b);
  const lines = ['digraph reachability {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];', `  label=${id(`${view.title} (${view.query})`)};`];
  const groups = new Map<string, number[]>();
  for (const index of shown) {
    const group = result.endpoints[index].namespace ?? '';
    groups.set(group, [...(groups.get(group) ?? []), index]);
  }
  let cluster = 0;
  for (const [group, members] of groups) {
    if (group === '') {
      for (const index of members) lines.push(`  ${id(result.endpoints[index].key)} [shape=ellipse, style=dashed];`);
      continue;
    }
    lines.push(`  subgraph cluster_${cluster++} {`, `    label=${id(`namespace ${group}`)};`);
    for (const index of members) {
      const endpoint = result.endpoints[index];
      lines.push(`    ${id(endpoint.key)} [label=${id(endpoint.kind === 'workload' ? `${endpoint.workloadKind}/${endpoint.name}` : endpoint.name)}];`);
    }
    lines.push('  }');
  }
  result.sources.forEach((from, s) => {
    result.destinations.forEach((to, d) => {
      if (from === to || outside(result, from, to)) return;
      if (result.port !== undefined) {
        if (isAllowed(result, from, to)) lines.push(`  ${id(result.endpoints[from].key)} -> ${id(result.endpoints[to].key)};`);
        return;
      }
      const ports = allowedPorts(result, from, to);
      if (view.values[view.cells[s][d]].level === 'none') return;
      lines.push(`  ${id(result.endpoints[from].key)} -> ${id(result.endpoints[to].key)} [label=${id(isAllPorts(ports) ? 'all' : view.values[view.cells[s][d]].text)}];`);
    });
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Between two external address ranges: traffic outside the cluster, which no policy governs. */
function outside(result: ReachabilityResult, from: number, to: number): boolean {
  return isExternalPair(result.endpoints[from], result.endpoints[to]);
}

function footer(view: ReachView): string {
  if (view.leftOut.length === 0) return '';
  return `\nLeft out (not evaluated):\n${view.leftOut.map((doc) => `  ${doc.where}: ${doc.what}: ${doc.reason}`).join('\n')}\n`;
}
