import { Level, type CellVerdicts } from './cellVerdicts';
import type { ReachabilityView } from './viewModel';

/**
 * A row or a column of the matrix: a group (a namespace, or the external ranges) summarising its members, or one
 * endpoint of an expanded group. `id` is stable across updates: `group:<kind>/<name>` or the endpoint's key.
 */
export type AxisItem = GroupItem | EndpointItem;

export interface GroupItem {
  readonly kind: 'group';
  readonly id: string;
  readonly group: number;
  /** The group's members on this axis that the search shows. */
  readonly members: readonly number[];
  readonly collapsed: boolean;
}

export interface EndpointItem {
  readonly kind: 'endpoint';
  readonly id: string;
  readonly group: number;
  readonly endpoint: number;
}

/** A summary cell: how many (source, destination) pairs are fully, partly or not allowed. */
export interface Aggregate {
  readonly level: Level;
  readonly all: number;
  readonly some: number;
  readonly none: number;
  readonly total: number;
}

export function groupId(view: ReachabilityView, group: number): string {
  const { kind, name } = view.groups[group];
  return kind === 'external' ? 'group:external' : `group:namespace/${name}`;
}

/**
 * The rows (sources) or columns (destinations) of the matrix: each group with members the search shows, followed
 * by those members unless the group is collapsed. Groups without shown members are left out.
 */
export function axisItems(view: ReachabilityView, indices: readonly number[], shown: Uint8Array | undefined, collapsed: ReadonlySet<string>): AxisItem[] {
  const byGroup: number[][] = view.groups.map(() => []);
  for (const index of indices) if (!shown || shown[index]) byGroup[view.endpoints[index].group]?.push(index);
  const items: AxisItem[] = [];
  byGroup.forEach((members, group) => {
    if (members.length === 0) return;
    const id = groupId(view, group);
    const isCollapsed = collapsed.has(id);
    items.push({ kind: 'group', id, group, members, collapsed: isCollapsed });
    if (!isCollapsed) for (const endpoint of members) items.push({ kind: 'endpoint', id: view.endpoints[endpoint].key, group, endpoint });
  });
  return items;
}

/**
 * Summary cells between rows and columns, from class counts rather than pairs: a group of a thousand pods in ten
 * classes costs ten lookups per class of the other side. Kept per item; make a new one with the verdicts.
 */
export class Aggregator {
  private readonly rowCounts = new Map<string, Map<number, number>>();
  private readonly columnCounts = new Map<string, Map<number, number>>();
  private readonly cache = new Map<string, Aggregate>();

  constructor(private readonly verdicts: CellVerdicts) {}

  /** The verdict of a cell between two items: an endpoint pair's own, or the summary of the pairs it covers. */
  aggregate(row: AxisItem, column: AxisItem): Aggregate {
    if (row.kind === 'endpoint' && column.kind === 'endpoint') {
      const level = this.verdicts.level(row.endpoint, column.endpoint);
      return { level, all: level >= Level.all ? 1 : 0, some: level === Level.some ? 1 : 0, none: level === Level.none ? 1 : 0, total: 1 };
    }
    const key = `${row.id}\n${column.id}`;
    let found = this.cache.get(key);
    if (!found) this.cache.set(key, (found = this.compute(row, column)));
    return found;
  }

  private compute(row: AxisItem, column: AxisItem): Aggregate {
    const rows = this.counts(row, this.rowCounts, (index) => this.verdicts.view.classOf[index]);
    const columns = this.counts(column, this.columnCounts, (index) => this.verdicts.columnClassOf[index]);
    let all = 0;
    let some = 0;
    let none = 0;
    for (const [sourceClass, rowCount] of rows) {
      for (const [columnClass, columnCount] of columns) {
        const pairs = rowCount * columnCount;
        const level = this.verdicts.classLevel(sourceClass, columnClass);
        if (level === Level.none) none += pairs;
        else if (level === Level.some) some += pairs;
        else all += pairs;
      }
    }
    // A pod to itself is allowed whatever its class's verdict: move those pairs to `all`.
    if (row.group === column.group) {
      for (const index of selfPairs(this.verdicts.view, row, column)) {
        const level = this.verdicts.classLevel(this.verdicts.view.classOf[index], this.verdicts.columnClassOf[index]);
        if (level === Level.none) none--;
        else if (level === Level.some) some--;
        else all--;
        all++;
      }
    }
    const total = all + some + none;
    const level = total === 0 || all + some === 0 ? Level.none : all === total ? Level.all : Level.some;
    return { level, all, some, none, total };
  }

  private counts(item: AxisItem, cache: Map<string, Map<number, number>>, classOf: (index: number) => number): Map<number, number> {
    let counts = cache.get(item.id);
    if (!counts) {
      counts = new Map();
      for (const index of membersOf(item)) {
        const key = classOf(index);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      cache.set(item.id, counts);
    }
    return counts;
  }
}

export function membersOf(item: AxisItem): readonly number[] {
  return item.kind === 'group' ? item.members : [item.endpoint];
}

/** Pods on both sides of a cell. */
function selfPairs(view: ReachabilityView, row: AxisItem, column: AxisItem): number[] {
  const columnMembers = new Set(membersOf(column));
  return membersOf(row).filter((index) => columnMembers.has(index) && view.endpoints[index].kind === 'pod');
}
