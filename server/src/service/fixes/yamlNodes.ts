import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FieldPath, PathSegment } from '../fieldPath';

/** A node found by field path, with the collection that holds it (and its pair, in a mapping). */
export interface LocatedNode {
  /** The value; undefined for a key written with no value in some flow forms. */
  readonly node: Node | undefined;
  readonly parent?: YAMLMap | YAMLSeq;
  /** The pair, when the parent is a mapping. */
  readonly pair?: Pair<Node, Node | null>;
  /** The index, when the parent is a sequence. */
  readonly index?: number;
}

/**
 * The node at a field path from `root` (a document's contents). Only plain keys are followed: a fix never edits
 * through an alias, a merge key or a complex key.
 */
export function nodeAtPath(root: unknown, path: FieldPath): LocatedNode | undefined {
  let located: LocatedNode = { node: root as Node | undefined };
  for (const segment of path) {
    const node = located.node;
    if (isMap(node)) {
      const pair = pairOf(node, segmentName(segment));
      if (!pair) return undefined;
      located = { node: (pair.value ?? undefined) as Node | undefined, parent: node, pair };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return undefined;
      located = { node: item as Node, parent: node, index: segment };
    } else {
      return undefined;
    }
  }
  return located;
}

/** The pair of a mapping whose key is the plain scalar `name`. */
export function pairOf(map: YAMLMap, name: string): Pair<Node, Node | null> | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === name) return pair as Pair<Node, Node | null>;
  }
  return undefined;
}

function segmentName(segment: PathSegment): string {
  return typeof segment === 'object' ? segment.key : String(segment);
}

/**
 * Where a node's own text ends: the end of its last scalar or closing bracket, before the trailing blank lines and
 * comments that the `yaml` package counts into a block collection's range.
 */
export function contentEnd(node: Node | null | undefined): number | undefined {
  if (!node) return undefined;
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1];
    if (last === undefined) return node.range?.[1];
    if (isPair(last)) return pairEnd(last as Pair<Node, Node | null>);
    return contentEnd(last as Node);
  }
  return node.range?.[1];
}

/** Where a pair's text ends: its value's content end, or its key's when the value is empty. */
export function pairEnd(pair: Pair<Node, Node | null>): number | undefined {
  const keyEnd = pair.key?.range?.[1];
  const valueEnd = contentEnd(pair.value);
  if (keyEnd === undefined) return valueEnd;
  return valueEnd === undefined ? keyEnd : Math.max(keyEnd, valueEnd);
}

/** Where a node's text starts. */
export function contentStart(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

/** A scalar with a source range (not an alias). */
export function asScalar(node: Node | undefined): Scalar | undefined {
  return isScalar(node) && !isAlias(node) && node.range ? node : undefined;
}

/** A block (not flow) mapping. */
export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

/** A block (not flow) sequence. */
export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}

/** A flow mapping `{...}`. */
export function isFlowMap(node: unknown): node is YAMLMap {
  return isMap(node) && !!node.flow;
}

/** A flow sequence `[...]`. */
export function isFlowSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !!node.flow;
}
