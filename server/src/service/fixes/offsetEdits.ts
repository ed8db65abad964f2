import type { OffsetEdit } from './quickFix';

/** Applies offset edits to a text: edits must not overlap. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** True when no two edits overlap (two insertions at one offset count as overlapping: their order is unclear). */
export function editsAreDisjoint(edits: readonly OffsetEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (current.start < previous.end || (current.start === previous.start && current.start === current.end)) return false;
  }
  return true;
}

/** The edits moved by `delta` (from a document's offsets to its file's). */
export function shiftEdits(edits: readonly OffsetEdit[], delta: number): OffsetEdit[] {
  return edits.map((edit) => ({ start: edit.start + delta, end: edit.end + delta, newText: edit.newText }));
}
