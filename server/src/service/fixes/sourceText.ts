import { Lexer } from 'yaml';
import type { Span } from '../parse/locate';

/**
 * Line-level reads of YAML source text for the fixes. Offsets are into the text given (a document's text); a line
 * runs from its first character through its terminator (`\n` or `\r\n`), so CRLF files stay CRLF.
 */

/** Offset of the first character of the line that holds `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the terminator of the line that holds `offset` (the text's length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Offset of the terminator of the line that holds `offset` (before a `\r\n`), or the text's length. */
export function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The line terminator the text uses: that of its first line, `\n` when it has a single line. */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** The column of `offset` on its line (in characters: YAML indentation is spaces only). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** True when only spaces and tabs stand between the start of the line and `offset`. */
export function isLineStart(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartAt(text, offset), offset));
}

/** The offset of the `-` that introduces a block sequence item starting at `itemStart` (same line), if any. */
export function dashBefore(text: string, itemStart: number): number | undefined {
  let i = itemStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || text[i] !== '-' || i === itemStart - 1) return undefined;
  return isLineStart(text, i) ? i : undefined;
}

/**
 * Where the comments of a YAML text are, from the `yaml` package's lexer (so a `#` inside a quoted scalar or
 * glued to a plain one is not taken for a comment). Each span runs from `#` to the end of its line, terminator
 * excluded.
 */
export function commentSpans(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer marks the start of a document, a flow collection and a scalar with control characters that are
    // not in the source.
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue;
    if (token.startsWith('#')) spans.push({ start: offset, end: offset + token.length });
    offset += token.length;
  }
  return spans;
}

/** True when a comment starts within `[start, end)`. */
export function hasCommentIn(comments: readonly Span[], start: number, end: number): boolean {
  return comments.some((comment) => comment.start >= start && comment.start < end);
}
