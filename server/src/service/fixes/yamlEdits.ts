import { isPair, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../parse/locate';
import type { OffsetEdit } from './quickFix';
import { dashBefore, hasCommentIn, isLineStart, lineBreakOf, lineEndAt, lineStartAt, nextLineStart } from './sourceText';
import { contentEnd, pairEnd } from './yamlNodes';

/**
 * The smallest text edits for the usual changes of a fix, on a document's text (offsets relative to it). Each
 * builder returns undefined when it cannot make the change exactly in the form the text has (the fix is then not
 * offered), and never touches a comment: a line that goes away keeps its comment.
 */

/** A document's text and where its comments are. */
export interface SourceView {
  readonly text: string;
  readonly comments: readonly Span[];
}

/**
 * Replaces a scalar's value, keeping its quoting: a plain scalar is replaced whole, a quoted one inside its
 * quotes. Undefined for block scalars, quoted scalars with escapes or line breaks, and values the quotes cannot
 * hold as they are.
 */
export function replaceScalarValue(source: SourceView, scalar: Scalar, newValue: string): OffsetEdit | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  const [start, end] = range;
  const written = source.text.slice(start, end);
  switch (scalar.type) {
    case 'PLAIN':
      if (typeof scalar.value === 'string' && written !== scalar.value) return undefined;
      return { start, end, newText: newValue };
    case 'QUOTE_DOUBLE':
      if (written.slice(1, -1) !== scalar.value || /["\\]/.test(newValue)) return undefined;
      return { start: start + 1, end: end - 1, newText: newValue };
    case 'QUOTE_SINGLE':
      if (written.slice(1, -1) !== scalar.value || newValue.includes("'")) return undefined;
      return { start: start + 1, end: end - 1, newText: newValue };
    default:
      return undefined;
  }
}

/** One edit as a list of edits, or undefined. */
export function asEdits(edit: OffsetEdit | undefined): OffsetEdit[] | undefined {
  return edit && [edit];
}

/** A new scalar written in the style of `like`: in the same quotes, or plain. */
export function scalarLike(like: Node | null | undefined, value: string): string {
  const type = (like as Scalar | undefined)?.type;
  if (type === 'QUOTE_DOUBLE') return `"${value}"`;
  if (type === 'QUOTE_SINGLE') return `'${value}'`;
  return value;
}

/**
 * Removes the whole lines `[from, to)` (`from` a line start, `to` the start of a later line or the end of the
 * text), except their comments: an own-line comment stays as it is, a comment after content stays on its line at
 * the line's indentation.
 */
export function removeLines(source: SourceView, from: number, to: number): OffsetEdit[] {
  const { text, comments } = source;
  const edits: OffsetEdit[] = [];
  let runStart: number | undefined;
  const closeRun = (at: number): void => {
    if (runStart !== undefined && at > runStart) edits.push({ start: runStart, end: at, newText: '' });
    runStart = undefined;
  };
  for (let line = from; line < to; line = nextLineStart(text, line)) {
    const lineEnd = lineEndAt(text, line);
    const comment = comments.find((span) => span.start >= line && span.start < lineEnd);
    if (!comment) {
      runStart ??= line;
      continue;
    }
    closeRun(line);
    const indentEnd = line + /^[ \t]*/.exec(text.slice(line, lineEnd))![0].length;
    if (comment.start > indentEnd) edits.push({ start: indentEnd, end: comment.start, newText: '' });
  }
  closeRun(to);
  return edits;
}

/** Start and end of each entry of a flow collection (a pair from its key to the end of its value). */
function flowEntrySpans(collection: YAMLMap | YAMLSeq): Span[] | undefined {
  const spans: Span[] = [];
  for (const item of collection.items) {
    const start = isPair(item) ? (item.key as Node | null)?.range?.[0] : (item as Node | null)?.range?.[0];
    const end = isPair(item) ? pairEnd(item as Pair<Node, Node | null>) : contentEnd(item as Node | null);
    if (start === undefined || end === undefined) return undefined;
    spans.push({ start, end });
  }
  return spans;
}

/**
 * Removes entry `index` of a flow collection with the comma after it (the one before it, for the last entry).
 * Undefined for the only entry, or when a comment stands between the entries.
 */
function removeFlowEntry(source: SourceView, collection: YAMLMap | YAMLSeq, index: number): OffsetEdit | undefined {
  const spans = flowEntrySpans(collection);
  if (!spans || spans.length < 2) return undefined;
  const [start, end] = index < spans.length - 1 ? [spans[index].start, spans[index + 1].start] : [spans[index - 1].end, spans[index].end];
  const gapStart = index < spans.length - 1 ? spans[index].end : spans[index - 1].end;
  const gapEnd = index < spans.length - 1 ? spans[index + 1].start : spans[index].start;
  if (!/^\s*,\s*$/.test(source.text.slice(gapStart, gapEnd)) || hasCommentIn(source.comments, start, end)) return undefined;
  return { start, end, newText: '' };
}

/**
 * Removes a pair from a mapping. Block style: the pair's lines; when the pair shares its line with a sequence
 * item's `-` (`- endPort: 90`), the next pair moves up in its place. Flow style: the pair and a comma.
 * Undefined for the only pair of a mapping (what is left would need `{}`): callers remove the parent instead.
 */
export function removePair(source: SourceView, map: YAMLMap, pair: Pair<Node, Node | null>): OffsetEdit[] | undefined {
  const index = map.items.indexOf(pair as never);
  if (index < 0 || map.items.length < 2) return undefined;
  if (map.flow) {
    const edit = removeFlowEntry(source, map, index);
    return edit && [edit];
  }
  const keyStart = pair.key?.range?.[0];
  const end = pairEnd(pair);
  if (keyStart === undefined || end === undefined) return undefined;
  const { text } = source;
  // Nothing but a comment may follow the pair on its last line.
  if (!/^[ \t]*(?:#.*)?$/.test(text.slice(end, lineEndAt(text, end)))) return undefined;
  if (isLineStart(text, keyStart)) return removeLines(source, lineStartAt(text, keyStart), nextLineStart(text, end));
  if (index !== 0) return undefined;
  const nextKeyStart = (map.items[1].key as Node | null)?.range?.[0];
  if (nextKeyStart === undefined || hasCommentIn(source.comments, keyStart, nextKeyStart)) return undefined;
  return [{ start: keyStart, end: nextKeyStart, newText: '' }];
}

/**
 * Removes item `index` of a sequence: block style, its lines from the `-` on; flow style, the item and a comma.
 * Undefined for the only item (callers remove the sequence's key instead).
 */
export function removeSeqItem(source: SourceView, seq: YAMLSeq, index: number): OffsetEdit[] | undefined {
  if (seq.items.length < 2 || index < 0 || index >= seq.items.length) return undefined;
  if (seq.flow) {
    const edit = removeFlowEntry(source, seq, index);
    return edit && [edit];
  }
  const item = seq.items[index] as Node | null;
  const start = item?.range?.[0];
  const end = contentEnd(item);
  if (start === undefined || end === undefined) return undefined;
  const dash = dashBefore(source.text, start);
  if (dash === undefined) return undefined;
  return removeLines(source, lineStartAt(source.text, dash), nextLineStart(source.text, end));
}

/**
 * Adds an item (already written, e.g. `Egress` or `"Egress"`) first or last in a sequence, in its style: a new
 * `-` line at the other items' indentation, or an entry of the flow sequence.
 */
export function insertSeqItem(source: SourceView, seq: YAMLSeq, itemText: string, where: 'first' | 'last'): OffsetEdit | undefined {
  const { text } = source;
  const items = seq.items as (Node | null)[];
  if (seq.flow) {
    if (items.length === 0) {
      const open = seq.range?.[0];
      if (open === undefined || text[open] !== '[') return undefined;
      return { start: open + 1, end: open + 1, newText: itemText };
    }
    if (where === 'first') {
      const start = items[0]?.range?.[0];
      return start === undefined ? undefined : { start, end: start, newText: `${itemText}, ` };
    }
    const end = contentEnd(items[items.length - 1]);
    return end === undefined ? undefined : { start: end, end, newText: `, ${itemText}` };
  }
  const reference = where === 'first' ? items[0] : items[items.length - 1];
  const start = reference?.range?.[0];
  if (start === undefined) return undefined;
  const dash = dashBefore(text, start);
  if (dash === undefined) return undefined;
  const lineStart = lineStartAt(text, dash);
  const item = `${text.slice(lineStart, dash)}-${text.slice(dash + 1, start)}${itemText}`;
  const eol = lineBreakOf(text);
  if (where === 'first') return { start: lineStart, end: lineStart, newText: `${item}${eol}` };
  const end = contentEnd(reference);
  if (end === undefined) return undefined;
  const after = nextLineStart(text, end);
  if (after === text.length && !text.endsWith('\n')) return { start: after, end: after, newText: `${eol}${item}` };
  return { start: after, end: after, newText: `${item}${eol}` };
}

/**
 * Inserts whole lines at a line start `at`, with the text's own line break; at the end of a text without a final
 * line break, the lines go after a new one.
 */
export function insertLines(text: string, at: number, lines: readonly string[]): OffsetEdit {
  const eol = lineBreakOf(text);
  const block = lines.join(eol);
  if (at === text.length && at > 0 && !text.endsWith('\n')) return { start: at, end: at, newText: `${eol}${block}` };
  return { start: at, end: at, newText: `${block}${eol}` };
}
