import { isAlias, isCollection, isPair, type Alias, type CST, type Document, type Node } from 'yaml';

/**
 * Collections a document may nest, aliases expanded. Kubernetes objects nest a few dozen levels at most (a CRD's
 * schema); deeper documents are left out with `yaml.too-deep`, before the `yaml` package composes them, so that no
 * recursion (its composer, its `toJS`, the validation) comes near the end of the stack. Its composer overflows
 * from about 460 levels of `- a:` (920 collections) from a shallow stack, and near the stack's end V8 can abort
 * the whole process ("RegExpCompiler Allocation failed - process out of memory") rather than throw.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * An upper bound (within a factor of two) of how deeply a text's block collections nest, read from its
 * indentation alone: the `yaml` package's parser recurses once per block level it closes at a dedent, and throws
 * a stack overflow from about 2,000 levels (`RangeError`, uncaught even by `parseDocument`). So this is checked
 * before parsing.
 *
 * Each line opens a level at its indentation, closing those at the same or a deeper indentation, and one more
 * for each `- `, `? ` or `: ` indicator that starts its content (`- - a` is two sequences). Lines inside block
 * scalars and flow collections count too: an overestimate, never an underestimate.
 */
export function estimateBlockDepth(text: string): number {
  const open: number[] = [];
  let deepest = 0;
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let column = lineStart;
    while (column < lineEnd && (text[column] === ' ' || text[column] === '\t' || text[column] === '\r')) column++;
    if (column < lineEnd && text[column] !== '#') {
      const indent = column - lineStart;
      while (open.length > 0 && open[open.length - 1] >= indent) open.pop();
      open.push(indent);
      // `- `, `? `, `: ` at the start of the content open one more level each, at the column after them.
      while (
        column + 1 < lineEnd &&
        (text[column] === '-' || text[column] === '?' || text[column] === ':') &&
        (text[column + 1] === ' ' || text[column + 1] === '\t')
      ) {
        column += 2;
        while (column < lineEnd && (text[column] === ' ' || text[column] === '\t')) column++;
        open.push(column - lineStart);
      }
      deepest = Math.max(deepest, open.length);
    }
    lineStart = lineEnd + 1;
  }
  return deepest;
}

/**
 * How deeply the collections of a parsed CST nest (block maps, block sequences and flow collections), measured
 * without recursion. The `yaml` package's parser builds the CST with its own stack; only composing the CST into
 * nodes recurses, so this is measured first.
 */
export function measureTokenDepth(tokens: readonly CST.Token[]): number {
  let deepest = 0;
  const stack: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        deepest = Math.max(deepest, depth + 1);
        for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
          stack.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
        }
        break;
      default:
        break;
    }
  }
  return deepest;
}

/**
 * Nodes a document's aliases may add to it once expanded. Manifests alias a few labels at most; an anchor of
 * thousands of nodes used hundreds of times stays under the `yaml` package's alias count (which counts uses, not
 * sizes) yet makes every analysis walk millions of nodes (`yaml.alias-limit`).
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** The shape of a document's node tree: what decides whether its plain data can be built safely. */
export interface Nesting {
  /** Collections within collections: `a: 1` is 1, `a: [1]` is 2; an alias counts as deep as its anchor's node. */
  readonly depth: number;
  /** Collections, scalars and aliases as written. */
  readonly nodes: number;
  /** The same with every alias replaced by its anchor's node (may be astronomically large: an alias bomb). */
  readonly expandedNodes: number;
  /** An alias inside the node of the anchor it names (`a: &x [*x]`): `toJS` would build a cyclic value. */
  readonly recursiveAlias?: Alias;
  /**
   * A mapping key that is a list or a mapping (`? [a, b]`, `{a: 1}: x`). JSON keys are strings, so kubectl cannot
   * decode it; and `toJS` stringifies such keys, which takes time polynomial of a high degree in their nesting.
   */
  readonly collectionKey?: Node;
}

interface Frame {
  readonly node: unknown;
  readonly children: readonly unknown[];
  next: number;
  deepest: number;
  size: number;
}

interface Measured {
  readonly depth: number;
  readonly size: number;
}

const LEAF: Measured = { depth: 0, size: 1 };

/**
 * Measures a document's node tree without recursion, so that it cannot itself overflow on the documents it guards
 * against. An alias names the last anchor of that name before it in document order (as `yaml` resolves it); it
 * stops at the first recursive alias.
 */
export function measureNesting(document: Document): Nesting {
  const anchors = new Map<string, unknown>();
  const measured = new Map<unknown, Measured>();
  const open = new Set<unknown>();
  const stack: Frame[] = [];
  let depth = 0;
  let nodes = 0;
  let collectionKey: Node | undefined;
  /** The measure of a node without children, or undefined after pushing a frame for one with children. */
  const enter = (node: unknown): Measured | Alias | undefined => {
    if (node === null || node === undefined) return { depth: 0, size: 0 };
    nodes++;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return LEAF;
      if (open.has(target)) return node;
      return measured.get(target) ?? LEAF;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isCollection(node)) {
      stack.push({ node, children: node.items, next: 0, deepest: 0, size: 0 });
    } else if (isPair(node)) {
      nodes--; // a pair is not a node of its own: its key and value are
      if (collectionKey === undefined && (isCollection(node.key) || (isAlias(node.key) && isCollection(anchors.get(node.key.source)))))
        collectionKey = node.key as Node;
      stack.push({ node, children: [node.key, node.value], next: 0, deepest: 0, size: 0 });
    } else {
      if (anchor) measured.set(node, LEAF);
      return LEAF;
    }
    // Only an anchored node can be an alias's target: only those are remembered (most documents have none).
    if (anchor) open.add(node);
    return undefined;
  };
  const root = enter(document.contents);
  if (isAlias(root)) return { depth: 0, nodes, expandedNodes: nodes, recursiveAlias: root };
  let expandedNodes = root?.size ?? 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = enter(frame.children[frame.next++]);
      if (isAlias(child)) return { depth: stack.length, nodes, expandedNodes: Number.POSITIVE_INFINITY, recursiveAlias: child, collectionKey };
      if (child) {
        frame.deepest = Math.max(frame.deepest, child.depth);
        frame.size += child.size;
      }
      continue;
    }
    stack.pop();
    // A pair is not a level of its own: `a: [1]` is a map (1) holding a list (2).
    const pair = isPair(frame.node);
    const done: Measured = { depth: pair ? frame.deepest : frame.deepest + 1, size: pair ? frame.size : frame.size + 1 };
    if ((frame.node as { anchor?: string }).anchor) {
      open.delete(frame.node);
      measured.set(frame.node, done);
    }
    depth = Math.max(depth, done.depth);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.deepest = Math.max(parent.deepest, done.depth);
      parent.size += done.size;
    } else {
      expandedNodes = done.size;
    }
  }
  return { depth, nodes, expandedNodes, collectionKey };
}

/** Why a document's plain data must not be built, or undefined when it may be. */
export type UnsafeShape = 'recursive-alias' | 'too-deep' | 'alias-expansion' | 'collection-key';

export function unsafeShape(nesting: Nesting): UnsafeShape | undefined {
  if (nesting.recursiveAlias) return 'recursive-alias';
  if (nesting.depth > MAX_NESTING_DEPTH) return 'too-deep';
  if (nesting.expandedNodes - nesting.nodes > MAX_ALIAS_EXPANSION) return 'alias-expansion';
  if (nesting.collectionKey) return 'collection-key';
  return undefined;
}
