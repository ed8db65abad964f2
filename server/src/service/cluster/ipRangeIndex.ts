import { netContainsNet, type IpAddress, type IpNet } from './ipAddress';

/**
 * The CIDRs that policies name (ipBlock `cidr`s and `except`s), arranged as a forest: two CIDRs are either nested
 * or disjoint, so each one's children are the largest named CIDRs inside it.
 *
 * Every address has a deepest named CIDR containing it (or none), and whether an ipBlock matches the address
 * depends only on that deepest CIDR: the ipBlock's `cidr` must be it or an ancestor, and none of its `except`s
 * may be. So each node, minus its children, is one external "range" that all ipBlocks treat alike, and pods
 * whose IPs fall in the same node are alike for ipBlocks too.
 */
export interface IpRangeIndex {
  readonly nodes: readonly IpRangeNode[];
  /** Index of the deepest named CIDR containing the address, or -1. */
  nodeOf(address: IpAddress): number;
}

export interface IpRangeNode {
  readonly net: IpNet;
  readonly parent: number;
  /** The largest named CIDRs inside this one, in address order. */
  readonly children: readonly number[];
  /** An address in this CIDR outside all its children, or undefined when the children cover it. */
  readonly representative: IpAddress | undefined;
}

export function buildIpRangeIndex(nets: Iterable<IpNet>): IpRangeIndex {
  const unique = new Map<string, IpNet>();
  for (const net of nets) unique.set(`${net.family}|${net.text}`, net);
  const sorted = [...unique.values()].sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.prefix - b.prefix));
  const parents: number[] = [];
  const children: number[][] = sorted.map(() => []);
  const roots: number[] = [];
  const stack: number[] = [];
  sorted.forEach((net, index) => {
    while (stack.length > 0 && !netContainsNet(sorted[stack[stack.length - 1]], net)) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : -1;
    parents.push(parent);
    if (parent === -1) roots.push(index);
    else children[parent].push(index);
    stack.push(index);
  });
  const nodes: IpRangeNode[] = sorted.map((net, index) => ({
    net,
    parent: parents[index],
    children: children[index],
    representative: firstUncovered(
      net,
      children[index].map((child) => sorted[child]),
    ),
  }));
  return {
    nodes,
    nodeOf(address: IpAddress): number {
      let found = -1;
      let candidates: readonly number[] = roots;
      for (;;) {
        const next = findContaining(nodes, candidates, address);
        if (next === -1) return found;
        found = next;
        candidates = nodes[next].children;
      }
    },
  };
}

function firstUncovered(net: IpNet, children: readonly IpNet[]): IpAddress | undefined {
  let cursor = net.first;
  for (const child of children) {
    if (child.first > cursor) break;
    cursor = child.last + 1n;
  }
  return cursor <= net.last ? { family: net.family, value: cursor } : undefined;
}

/** Binary search among sibling nodes (disjoint, in address order) for the one containing the address. */
function findContaining(nodes: readonly IpRangeNode[], candidates: readonly number[], address: IpAddress): number {
  let low = 0;
  let high = candidates.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const net = nodes[candidates[middle]].net;
    if (net.family < address.family || (net.family === address.family && net.last < address.value)) low = middle + 1;
    else if (net.family > address.family || net.first > address.value) high = middle - 1;
    else return candidates[middle];
  }
  return -1;
}
