import {
  ALL_PORTS,
  allPortsOf,
  intersectPortSets,
  isEmptyPortSet,
  NO_PORTS,
  portRange,
  portSetKey,
  PROTOCOLS,
  unionPortSets,
  type PortSet,
  type Protocol,
} from '../reachability/portSet';
import type { ReachabilityView, ViewEndpoint, ViewFilter } from './viewModel';

/** A cell's verdict: nothing the filter asks for is allowed, part of it, all of it, or a pod to itself. */
export const Level = { none: 0, some: 1, all: 2, self: 3 } as const;
export type Level = (typeof Level)[keyof typeof Level];

export const LEVEL_NAMES = ['none', 'some', 'all', 'self'] as const;

/**
 * The (protocol, port) pairs a filter asks about toward one destination: every port of the chosen protocols, one
 * port on them, or the destination's container ports with the chosen name (none: there is nothing to connect to,
 * as `isAllowed` says for a name the destination lacks).
 */
export function wantedPorts(filter: ViewFilter, destination: Pick<ViewEndpoint, 'ports'>): PortSet {
  const protocols: readonly Protocol[] = filter.protocol === 'any' ? PROTOCOLS : [filter.protocol];
  if (filter.port === 'any') return filter.protocol === 'any' ? ALL_PORTS : allPortsOf(filter.protocol);
  let wanted = NO_PORTS;
  if (typeof filter.port === 'number') {
    for (const protocol of protocols) wanted = unionPortSets(wanted, portRange(protocol, filter.port, filter.port));
    return wanted;
  }
  for (const port of destination.ports) {
    if (port.name === filter.port && (protocols as readonly string[]).includes(port.protocol))
      wanted = unionPortSets(wanted, portRange(port.protocol, port.port, port.port));
  }
  return wanted;
}

/** All of `wanted` allowed, some of it, or none (an empty `wanted` is none). */
export function classify(allowed: PortSet, wanted: PortSet): Level {
  if (isEmptyPortSet(wanted)) return Level.none;
  const both = intersectPortSets(allowed, wanted);
  if (isEmptyPortSet(both)) return Level.none;
  return portSetKey(both) === portSetKey(wanted) ? Level.all : Level.some;
}

/**
 * The verdict of every (source, destination) pair of a view under one filter, computed lazily per (source class,
 * destination column class) and kept: a destination's column class is its endpoint class, refined by the ports a
 * named-port filter resolves to on it. Cheap to create; create a new one when the filter or the view changes.
 */
export class CellVerdicts {
  /** Column class of each endpoint (as a destination). */
  readonly columnClassOf: Int32Array;
  private readonly columnWanted: PortSet[] = [];
  private readonly columnEndpointClass: number[] = [];
  private readonly levels: Int8Array;
  private readonly classCount: number;

  constructor(
    readonly view: ReachabilityView,
    readonly filter: ViewFilter,
  ) {
    this.classCount = view.cells.length;
    this.columnClassOf = new Int32Array(view.endpoints.length);
    const named = typeof filter.port === 'string' && filter.port !== 'any';
    const ids = new Map<string, number>();
    const shared = named ? undefined : wantedPorts(filter, { ports: [] });
    view.endpoints.forEach((endpoint, index) => {
      const endpointClass = view.classOf[index];
      const wanted = shared ?? wantedPorts(filter, endpoint);
      const key = named ? `${endpointClass}|${portSetKey(wanted)}` : `${endpointClass}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = this.columnWanted.length;
        ids.set(key, id);
        this.columnWanted.push(wanted);
        this.columnEndpointClass.push(endpointClass);
      }
      this.columnClassOf[index] = id;
    });
    this.levels = new Int8Array(this.classCount * this.columnWanted.length).fill(-1);
  }

  get columnClassCount(): number {
    return this.columnWanted.length;
  }

  /** The ports class `sourceClass` may open toward the destination class. */
  classPorts(sourceClass: number, destinationClass: number): PortSet {
    const row = this.view.cells[sourceClass];
    return row && row.length > 0 ? (this.view.portSets[row[destinationClass]] ?? NO_PORTS) : NO_PORTS;
  }

  /** The verdict from a source class to a column class (no self traffic). */
  classLevel(sourceClass: number, columnClass: number): Level {
    const at = sourceClass * this.columnWanted.length + columnClass;
    let level = this.levels[at];
    if (level === -1) {
      level = classify(this.classPorts(sourceClass, this.columnEndpointClass[columnClass]), this.columnWanted[columnClass]);
      this.levels[at] = level;
    }
    return level as Level;
  }

  /** The verdict from one endpoint to another (indices into `view.endpoints`). */
  level(from: number, to: number): Level {
    if (isSelf(this.view, from, to)) return Level.self;
    return this.classLevel(this.view.classOf[from], this.columnClassOf[to]);
  }

  /** Every port allowed from one endpoint to another (all for a pod to itself). */
  allowedPorts(from: number, to: number): PortSet {
    if (isSelf(this.view, from, to)) return ALL_PORTS;
    return this.classPorts(this.view.classOf[from], this.view.classOf[to]);
  }
}

/** "A pod cannot block access to itself." */
export function isSelf(view: ReachabilityView, from: number, to: number): boolean {
  return from === to && view.endpoints[from].kind === 'pod';
}
