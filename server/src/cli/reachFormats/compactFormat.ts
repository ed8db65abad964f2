import { ALL_PORTS, hasPort, NO_PORTS, portSetKey, type ReachabilityView } from '../../service';
import { axes, endpointJson, leftOut, portSetJson } from './matrixFormats';

/** Marks `reach --format json-compact` output; a reader checks it before reading anything else. */
export const COMPACT_FORMAT = 'netpol-lens/reach-compact@1';

/** A port set as JSON, as the full JSON's cells have it: `{"TCP":[[80,80]]}`, `{}` for nothing. */
export type PortSetJson = Partial<Record<string, readonly (readonly [number, number])[]>>;

/**
 * `reach --format json-compact`: the matrix of `--format json` with the endpoints grouped into classes of
 * identical rows (sources) and identical columns (destinations). Its size grows with the classes, not with the
 * square of the endpoints:
 *
 *     {"format": "netpol-lens/reach-compact@1",
 *      "port": 8080, "protocol": "TCP",             (with --port only)
 *      "endpoints": [{"key", "kind", ...}],         every endpoint shown, as --format json of every port has them
 *      "sources": [i, ...], "sourceClass": [r, ...],             the rows: indices into endpoints, and their class
 *      "destinations": [j, ...], "destinationClass": [c, ...],  the columns, and their class
 *      "verdicts": [false, true] with --port, else port sets ({"TCP": [[80, 80]]}; {} is nothing),
 *      "matrix": [[v, ...], ...],                   matrix[r][c]: an index into verdicts, or null between two
 *                                                   external address ranges (no policy applies)
 *      "leftOut": [{"where", "what", "reason"}]}
 *
 * The verdict from `endpoints[sources[a]]` to `endpoints[destinations[b]]` is
 * `verdicts[matrix[sourceClass[a]][destinationClass[b]]]`, except a Pod to itself: always allowed (true; every
 * port). `expandCompactReach` turns it back into the `--format json` matrix.
 */
export function* formatCompactJson(view: ReachabilityView): Generator<string> {
  const { sources, destinations, shown } = axes(view);
  const onePort = view.onePort;
  const external = (index: number) => view.endpoints[index].kind === 'external';

  // Candidate columns: the endpoint class, whether external, and (for a port name) the ports the name resolves to.
  const columnIds = new Map<string, number>();
  const columnOf: number[] = [];
  const columns: { engineClass: number; external: boolean; named: readonly number[] }[] = [];
  for (const to of destinations) {
    const named =
      onePort && typeof onePort.port === 'string'
        ? view.endpoints[to].ports.filter((port) => port.name === onePort.port && port.protocol === onePort.protocol).map((port) => port.port)
        : [];
    const key = `${view.classOf[to]}|${external(to) ? 1 : 0}|${named.join(',')}`;
    let id = columnIds.get(key);
    if (id === undefined) {
      columnIds.set(key, (id = columns.length));
      columns.push({ engineClass: view.classOf[to], external: external(to), named });
    }
    columnOf.push(id);
  }

  // Verdicts: for one port, allowed or not; for every port, each port set once.
  const verdicts: (boolean | PortSetJson)[] = onePort ? [false, true] : [];
  const verdictOfKey = new Map<string, number>();
  const namedPort = onePort && typeof onePort.port === 'string' ? onePort : undefined;
  // The verdict of each of the view's port sets (-2: not computed yet); for a port name, per column instead.
  const verdictOfSet = new Int32Array(view.portSets.length).fill(-2);
  const setVerdict = (set: number): number => {
    const ports = view.portSets[set] ?? NO_PORTS;
    if (onePort) return typeof onePort.port === 'number' && hasPort(ports, onePort.protocol, onePort.port) ? 1 : 0;
    const key = portSetKey(ports);
    let verdict = verdictOfKey.get(key);
    if (verdict === undefined) {
      verdictOfKey.set(key, (verdict = verdicts.length));
      verdicts.push(portSetJson(ports));
    }
    return verdict;
  };
  // A row the engine did not compute (its class is no source) allows nothing.
  const noPorts = setVerdict(-1);
  const columnClasses = Int32Array.from(columns, (column) => column.engineClass);
  const columnExternal = Uint8Array.from(columns, (column) => (column.external ? 1 : 0));

  /** A candidate row: the verdict index toward each candidate column, -1 between two external ranges. */
  const computeRow = (sourceClass: number, sourceExternal: boolean): Int32Array => {
    const values = new Int32Array(columns.length);
    const row = view.cells[sourceClass];
    const computed = row !== undefined && row.length > 0;
    for (let c = 0; c < columns.length; c++) {
      if (sourceExternal && columnExternal[c] === 1) {
        values[c] = -1;
        continue;
      }
      if (!computed) {
        values[c] = noPorts;
        continue;
      }
      const set = row[columnClasses[c]];
      if (namedPort) {
        const ports = view.portSets[set] ?? NO_PORTS;
        values[c] = columns[c].named.some((port) => hasPort(ports, namedPort.protocol, port)) ? 1 : 0;
        continue;
      }
      let verdict = verdictOfSet[set];
      if (verdict === -2) verdictOfSet[set] = verdict = setVerdict(set);
      values[c] = verdict;
    }
    return values;
  };

  // Candidate rows (endpoint class, whether external), each computed once over the candidate columns; identical
  // rows make one class (found by a hash, then compared).
  const rowCandidates = new Map<string, number>();
  const rowClassOfCandidate: number[] = [];
  const rows: Int32Array[] = [];
  const rowsByHash = new Map<number, number[]>();
  const sourceClass = sources.map((from) => {
    const key = `${view.classOf[from]}|${external(from) ? 1 : 0}`;
    let candidate = rowCandidates.get(key);
    if (candidate === undefined) {
      rowCandidates.set(key, (candidate = rowClassOfCandidate.length));
      const values = computeRow(view.classOf[from], external(from));
      let hash = 0x811c9dc5;
      for (let c = 0; c < values.length; c++) hash = Math.imul(hash ^ (values[c] + 2), 0x01000193);
      let same = rowsByHash.get(hash);
      if (!same) rowsByHash.set(hash, (same = []));
      let rowClass = same.find((other) => equalRows(rows[other], values));
      if (rowClass === undefined) {
        same.push((rowClass = rows.length));
        rows.push(values);
      }
      rowClassOfCandidate.push(rowClass);
    }
    return rowClassOfCandidate[candidate];
  });

  // Identical columns (over the distinct rows) make one class.
  const columnsByHash = new Map<number, number[]>();
  const columnClassOf: number[] = [];
  const representatives: number[] = [];
  const sameColumn = (a: number, b: number) => rows.every((row) => row[a] === row[b]);
  for (let c = 0; c < columns.length; c++) {
    let hash = 0x811c9dc5;
    for (const row of rows) hash = Math.imul(hash ^ (row[c] + 2), 0x01000193);
    let same = columnsByHash.get(hash);
    if (!same) columnsByHash.set(hash, (same = []));
    let columnClass = same.find((other) => sameColumn(representatives[other], c));
    if (columnClass === undefined) {
      same.push((columnClass = representatives.length));
      representatives.push(c);
    }
    columnClassOf.push(columnClass);
  }
  const destinationClass = columnOf.map((candidate) => columnClassOf[candidate]);

  const position = new Map(shown.map((index, at) => [index, at]));
  yield `{"format":${JSON.stringify(COMPACT_FORMAT)},`;
  if (onePort) yield `"port":${JSON.stringify(onePort.port)},"protocol":${JSON.stringify(onePort.protocol)},`;
  yield '"endpoints":[';
  for (let i = 0; i < shown.length; i++) yield `${i === 0 ? '' : ','}${JSON.stringify(endpointJson(view, shown[i]))}`;
  yield `],"sources":${JSON.stringify(sources.map((index) => position.get(index)))},"sourceClass":${JSON.stringify(sourceClass)}`;
  yield `,"destinations":${JSON.stringify(destinations.map((index) => position.get(index)))},"destinationClass":${JSON.stringify(destinationClass)}`;
  yield `,"verdicts":${JSON.stringify(verdicts)},"matrix":[`;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    yield `${r === 0 ? '' : ','}[${representatives.map((c) => (row[c] === -1 ? 'null' : String(row[c]))).join(',')}]`;
  }
  yield `],"leftOut":${JSON.stringify(leftOut(view))}}\n`;
}

function equalRows(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `reach --format json-compact` output, parsed. */
export interface CompactReach {
  readonly format: typeof COMPACT_FORMAT;
  readonly port?: number | string;
  readonly protocol?: string;
  readonly endpoints: readonly { readonly key: string; readonly kind: string }[];
  readonly sources: readonly number[];
  readonly sourceClass: readonly number[];
  readonly destinations: readonly number[];
  readonly destinationClass: readonly number[];
  readonly verdicts: readonly (boolean | PortSetJson)[];
  readonly matrix: readonly (readonly (number | null)[])[];
  readonly leftOut: readonly unknown[];
}

/**
 * The compact form back as `--format json` has it: `{"port","protocol","pods","matrix"}` for one port,
 * `{"endpoints","matrix","leftOut"}` for every port (what a script reading the compact form computes per pair).
 */
export function expandCompactReach(compact: CompactReach): Record<string, unknown> {
  const everyPort = portSetJson(ALL_PORTS);
  const matrix: Record<string, Record<string, boolean | PortSetJson | null>> = {};
  compact.sources.forEach((from, a) => {
    const row: Record<string, boolean | PortSetJson | null> = {};
    const classRow = compact.matrix[compact.sourceClass[a]];
    compact.destinations.forEach((to, b) => {
      const verdict = classRow[compact.destinationClass[b]];
      if (from === to && compact.endpoints[from].kind === 'pod') row[compact.endpoints[to].key] = compact.port !== undefined ? true : everyPort;
      else row[compact.endpoints[to].key] = verdict === null ? null : compact.verdicts[verdict];
    });
    matrix[compact.endpoints[from].key] = row;
  });
  if (compact.port !== undefined) return { port: compact.port, protocol: compact.protocol, pods: compact.endpoints.map((endpoint) => endpoint.key), matrix };
  return { endpoints: compact.endpoints, matrix, leftOut: compact.leftOut };
}
