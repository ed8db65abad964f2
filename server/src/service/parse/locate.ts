import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { FieldPath } from '../fieldPath';
import type { ParsedDocument } from './parsedDocument';

/** A span of text, offsets end-exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Finds where a field path stands in a parsed document: the value at the path, or its key with `onKey`.
 * When the path leads past what the document has (a missing field), the deepest existing key is returned, so a
 * finding about a missing field is shown on its parent.
 */
export function locate(document: ParsedDocument, path: FieldPath, onKey = false): Span {
  let node: unknown = document.yaml.contents;
  if (path.length === 0) return spanOf(node, document.text) ?? { start: 0, end: 0 };
  let keyNode: unknown;
  let lastGood: Span = wholeDocument(document);
  for (const segment of path) {
    if (isMap(node)) {
      const name = typeof segment === 'object' ? segment.key : String(segment);
      const pair = findPair(node.items as Pair[], name);
      if (!pair) return lastGood;
      keyNode = pair.key;
      node = pair.value;
      lastGood = spanOf(keyNode, document.text) ?? lastGood;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return lastGood;
      keyNode = undefined;
      node = item;
      lastGood = spanOf(node, document.text) ?? lastGood;
    } else {
      return lastGood;
    }
  }
  if (onKey && keyNode) return spanOf(keyNode, document.text) ?? lastGood;
  // A key with no value (`podSelector:`) is shown on its key.
  return spanOf(node, document.text) ?? (keyNode ? spanOf(keyNode, document.text) : undefined) ?? lastGood;
}

function findPair(items: Pair[], name: string): Pair | undefined {
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const key = pair.key;
    const keyText = isScalar(key) ? String(key.value) : undefined;
    if (keyText === name) return pair;
  }
  return undefined;
}

function spanOf(node: unknown, text: string): Span | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  const [start, valueEnd] = range;
  // A block collection's value ends after its last line break; trim to what the user sees.
  let end = Math.max(valueEnd, start);
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function wholeDocument(document: ParsedDocument): Span {
  const contents = document.yaml.contents as Node | null;
  if (contents?.range)
    return { start: contents.range[0], end: Math.min(contents.range[0] + firstLineLength(document.text, contents.range[0]), contents.range[1]) };
  return { start: 0, end: 0 };
}

function firstLineLength(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return (newline === -1 ? text.length : newline) - from;
}
