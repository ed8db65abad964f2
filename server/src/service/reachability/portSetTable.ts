import { ALL_PORTS, formatPortSet, intersectPortSets, NO_PORTS, portSetMinus, unionPortSets, type PortSet } from './portSet';

/**
 * Port sets interned as small integers, with memoised union and intersection: a matrix of class pairs stores one
 * number per cell, and the few distinct sets are combined once each.
 */
export class PortSetTable {
  static readonly EMPTY = 0;
  static readonly ALL = 1;
  readonly sets: PortSet[] = [NO_PORTS, ALL_PORTS];
  private readonly ids = new Map<string, number>([
    [formatPortSet(NO_PORTS), 0],
    [formatPortSet(ALL_PORTS), 1],
  ]);
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();
  private readonly differences = new Map<number, number>();

  id(set: PortSet): number {
    if (set === NO_PORTS) return PortSetTable.EMPTY;
    if (set === ALL_PORTS) return PortSetTable.ALL;
    const key = formatPortSet(set);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === PortSetTable.EMPTY || a === PortSetTable.ALL) return a;
    if (a === PortSetTable.EMPTY || b === PortSetTable.ALL) return b;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.id(unionPortSets(this.sets[a], this.sets[b]));
      this.unions.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === PortSetTable.ALL || a === PortSetTable.EMPTY) return a;
    if (a === PortSetTable.ALL || b === PortSetTable.EMPTY) return b;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.id(intersectPortSets(this.sets[a], this.sets[b]));
      this.intersections.set(key, id);
    }
    return id;
  }

  /** The ports of `a` not in `b`. */
  subtract(a: number, b: number): number {
    if (a === PortSetTable.EMPTY || b === PortSetTable.EMPTY) return a;
    if (a === b || b === PortSetTable.ALL) return PortSetTable.EMPTY;
    const key = a * 0x200000 + b;
    let id = this.differences.get(key);
    if (id === undefined) {
      id = this.id(portSetMinus(this.sets[a], this.sets[b]));
      this.differences.set(key, id);
    }
    return id;
  }
}
