import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { PathSegment } from '../fieldPath';
import type { ParsedDocument } from './parsedDocument';

/** What is under the cursor in a document: the path to the deepest node, and whether the cursor is on a key. */
export interface NodeAtOffset {
  /** Path from the document root: field names and list indexes. */
  readonly path: readonly PathSegment[];
  /** True when the cursor is on the key of the last path segment. */
  readonly onKey: boolean;
  /** The node the path leads to (a key scalar when `onKey`), if there is one. */
  readonly node: Node | undefined;
  /** Its span in the document. */
  readonly start: number;
  readonly end: number;
}

/**
 * Finds the deepest key or value that contains `offset` (relative to the document). The end of a token counts as
 * inside it, so that a cursor right after `cidr` is on `cidr`.
 */
export function nodeAtOffset(document: ParsedDocument, offset: number): NodeAtOffset | undefined {
  const root = document.yaml.contents as Node | null;
  if (!root || !contains(root, offset)) return undefined;
  const path: PathSegment[] = [];
  let node: Node = root;
  for (;;) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((item) => isPair(item) && (contains(item.key as Node, offset) || contains(item.value as Node, offset)));
      if (!pair) break;
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      path.push(name);
      if (contains(pair.key as Node, offset)) {
        const key = pair.key as Node;
        return { path, onKey: true, node: key, start: key.range![0], end: key.range![1] };
      }
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset));
      if (index === -1) break;
      path.push(index);
      node = node.items[index] as Node;
    } else {
      break;
    }
  }
  const [start, end] = node.range ?? [offset, offset];
  return { path, onKey: false, node, start, end: Math.max(start, end) };
}

function contains(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range;
  return !!range && range[0] <= offset && offset <= range[1];
}
