import { isAlias, isCollection, isPair, type Alias, type Document } from 'yaml';

/**
 * Collections a document may nest, aliases expanded. Kubernetes objects nest a few dozen levels at most (a CRD's
 * schema); deeper documents are left out with `yaml.too-deep`, so that no recursive walk of the plain data (the
 * `yaml` package's `toJS`, the validation) can overflow the stack.
 */
export const MAX_NESTING_DEPTH = 500;

/** How deep a document nests once its aliases are expanded, and an alias that would make it infinite. */
export interface Nesting {
  /** Collections within collections: `a: 1` is 1, `a: [1]` is 2; an alias counts as deep as its anchor's node. */
  readonly depth: number;
  /** An alias inside the node of the anchor it names (`a: &x [*x]`): `toJS` would build a cyclic value. */
  readonly recursiveAlias?: Alias;
}

interface Frame {
  readonly node: unknown;
  readonly children: readonly unknown[];
  next: number;
  deepest: number;
}

/**
 * Measures a document's nesting without recursion, so that it cannot itself overflow on the documents it guards
 * against. An alias names the last anchor of that name before it in document order (as `yaml` resolves it).
 */
export function measureNesting(document: Document.Parsed): Nesting {
  const anchors = new Map<string, unknown>();
  const depthOf = new Map<unknown, number>();
  const open = new Set<unknown>();
  let deepest = 0;
  const stack: Frame[] = [];
  const enter = (node: unknown): number | undefined => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined && open.has(target)) return -1;
      return target === undefined ? 0 : (depthOf.get(target) ?? 0);
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    if (isCollection(node)) stack.push({ node, children: node.items, next: 0, deepest: 0 });
    else if (isPair(node)) stack.push({ node, children: [node.key, node.value], next: 0, deepest: 0 });
    else {
      depthOf.set(node, 0);
      return 0;
    }
    open.add(node);
    return undefined;
  };
  const root = enter(document.contents);
  if (root === -1) return { depth: 0 };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      const depth = enter(child);
      if (depth === -1) return { depth: stack.length, recursiveAlias: child as Alias };
      if (depth !== undefined) frame.deepest = Math.max(frame.deepest, depth);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    // A pair is not a level of its own: `a: [1]` is a map (1) holding a list (2).
    const depth = isPair(frame.node) ? frame.deepest : frame.deepest + 1;
    depthOf.set(frame.node, depth);
    deepest = Math.max(deepest, depth);
    if (stack.length > 0) stack[stack.length - 1].deepest = Math.max(stack[stack.length - 1].deepest, depth);
  }
  return { depth: deepest };
}

