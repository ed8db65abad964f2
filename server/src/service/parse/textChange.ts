import type { TextChange } from './parsedFile';

/**
 * Adds one edit to the change a file has had since it was last parsed. The edit replaced `[start, end)` of the
 * current text (after the earlier edits) with `length` characters. The result covers both: the earlier change,
 * moved by the edit, and the edit's new text.
 */
export function addEdit(change: TextChange | undefined, start: number, end: number, length: number): TextChange {
  const delta = length - (end - start);
  if (!change) return { start, end: start + length, delta };
  // The earlier change's end, in the text after this edit.
  const earlierEnd = change.end >= end ? change.end + delta : change.end > start ? start + length : change.end;
  return { start: Math.min(change.start, start), end: Math.max(earlierEnd, start + length), delta: change.delta + delta };
}
