/** The protocols a NetworkPolicy port can name (core/v1 Protocol). */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Inclusive port ranges, sorted, disjoint and not adjacent. */
export type PortRanges = readonly (readonly [number, number])[];

/**
 * A set of (protocol, port) pairs as plain data: for each protocol, the allowed port ranges. `{TCP: [[1, 65535]],
 * UDP: [[1, 65535]], SCTP: [[1, 65535]]}` is every port; all three empty is none. Immutable.
 */
export interface PortSet {
  readonly TCP: PortRanges;
  readonly UDP: PortRanges;
  readonly SCTP: PortRanges;
}

const FULL: PortRanges = [[MIN_PORT, MAX_PORT]];
export const NO_PORTS: PortSet = { TCP: [], UDP: [], SCTP: [] };
export const ALL_PORTS: PortSet = { TCP: FULL, UDP: FULL, SCTP: FULL };

export function isProtocol(value: string): value is Protocol {
  return value === 'TCP' || value === 'UDP' || value === 'SCTP';
}

/** The ports `from`..`to` (clamped to 1..65535) of one protocol; empty for an unknown protocol or range. */
export function portRange(protocol: string, from: number, to: number): PortSet {
  if (!isProtocol(protocol)) return NO_PORTS;
  const low = Math.max(MIN_PORT, from);
  const high = Math.min(MAX_PORT, to);
  if (low > high) return NO_PORTS;
  return { ...NO_PORTS, [protocol]: low === MIN_PORT && high === MAX_PORT ? FULL : [[low, high]] };
}

export function allPortsOf(protocol: string): PortSet {
  return portRange(protocol, MIN_PORT, MAX_PORT);
}

export function hasPort(set: PortSet, protocol: string, port: number): boolean {
  if (!isProtocol(protocol)) return false;
  for (const [low, high] of set[protocol]) {
    if (port < low) return false;
    if (port <= high) return true;
  }
  return false;
}

export function isEmptyPortSet(set: PortSet): boolean {
  return set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0;
}

export function isAllPorts(set: PortSet): boolean {
  return PROTOCOLS.every((protocol) => isFull(set[protocol]));
}

function isFull(ranges: PortRanges): boolean {
  return ranges.length === 1 && ranges[0][0] === MIN_PORT && ranges[0][1] === MAX_PORT;
}

export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === b || isEmptyPortSet(b)) return a;
  if (isEmptyPortSet(a)) return b;
  return { TCP: unionRanges(a.TCP, b.TCP), UDP: unionRanges(a.UDP, b.UDP), SCTP: unionRanges(a.SCTP, b.SCTP) };
}

export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === b) return a;
  return { TCP: intersectRanges(a.TCP, b.TCP), UDP: intersectRanges(a.UDP, b.UDP), SCTP: intersectRanges(a.SCTP, b.SCTP) };
}

/** The ports of `a` that are not in `b`. */
export function portSetMinus(a: PortSet, b: PortSet): PortSet {
  if (isEmptyPortSet(b) || isEmptyPortSet(a)) return a;
  if (a === b) return NO_PORTS;
  return { TCP: subtractRanges(a.TCP, b.TCP), UDP: subtractRanges(a.UDP, b.UDP), SCTP: subtractRanges(a.SCTP, b.SCTP) };
}

function subtractRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0 || b.length === 0) return a;
  const out: [number, number][] = [];
  let j = 0;
  for (const [low, high] of a) {
    let start = low;
    while (j < b.length && b[j][1] < start) j++;
    let k = j;
    while (k < b.length && b[k][0] <= high && start <= high) {
      if (b[k][0] > start) out.push([start, b[k][0] - 1]);
      start = Math.max(start, b[k][1] + 1);
      k++;
    }
    if (start <= high) out.push([start, high]);
  }
  return out;
}

function unionRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [low, high] of all) {
    const last = out[out.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else out.push([low, high]);
  }
  return out;
}

function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0 || b.length === 0) return [];
  if (isFull(a)) return b;
  if (isFull(b)) return a;
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const low = Math.max(a[i][0], b[j][0]);
    const high = Math.min(a[i][1], b[j][1]);
    if (low <= high) out.push([low, high]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** Canonical text, also a stable key: `TCP 80,8080-8090; UDP 1-65535`, `all ports`, `no ports`. */
export function formatPortSet(set: PortSet): string {
  if (isEmptyPortSet(set)) return 'no ports';
  if (isAllPorts(set)) return 'all ports';
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    const ranges = set[protocol];
    if (ranges.length === 0) continue;
    parts.push(isFull(ranges) ? `${protocol} all` : `${protocol} ${ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(',')}`);
  }
  return parts.join('; ');
}

/** A compact key: equal sets have equal keys. */
export function portSetKey(set: PortSet): string {
  return `${set.TCP.join(';')}|${set.UDP.join(';')}|${set.SCTP.join(';')}`;
}
