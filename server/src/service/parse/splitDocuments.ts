/**
 * Splits a YAML stream into its documents without parsing it, so that an edit re-parses only the document it touched.
 *
 * A line that starts with `---` (followed by a space, a tab or the end of the line) starts a document (with the
 * directives right before it, if any), and a line that starts with `...` ends one. YAML forbids these markers at the start of a line inside any scalar (they end a
 * block scalar and are not allowed in flow scalars), so this split is the one the parser itself would make.
 */
export interface DocumentSlice {
  /** Offset of the slice in the file. */
  readonly start: number;
  /** The slice's text: from its `---` (or the start of the file) up to the next marker. */
  readonly text: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * The documents of `text`, or of its part from `from` to `to` (both the start of a document of `text`, or its
 * ends): after an edit, only the part that changed is split again, and the slices are those a split of the whole
 * text would give there.
 */
export function splitYamlDocuments(text: string, from = 0, to = text.length): DocumentSlice[] {
  const cuts: number[] = [from];
  MARKER.lastIndex = from;
  for (let match = MARKER.exec(text); match && match.index < to; match = MARKER.exec(text)) {
    if (match[0] === '---') {
      // Directives (`%YAML 1.1`, `%TAG ...`) belong to the document whose `---` follows them.
      if (!isDirectivesOnly(text, cuts[cuts.length - 1], match.index)) cuts.push(match.index);
    } else {
      // `...` closes the current document: the marker line stays with it, the next document starts after it.
      const lineEnd = text.indexOf('\n', match.index);
      cuts.push(lineEnd === -1 ? text.length : lineEnd + 1);
    }
  }
  cuts.push(to);
  // Text before the first marker of the file is a document of its own unless it holds only blanks and comments
  // and a marker follows (in this part, or after it).
  const leadingMayGo = from === 0 && (cuts.length > 2 || to < text.length);
  const slices: DocumentSlice[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    if (end <= start) continue;
    const sliceText = text.slice(start, end);
    if (i === 0 && leadingMayGo && isBlankOrComments(sliceText)) continue;
    slices.push({ start, text: sliceText });
  }
  if (slices.length === 0 && from === 0 && to === text.length) slices.push({ start: 0, text });
  return slices;
}

/**
 * Whether `text` from `start` to `end` is a document's preamble: directive lines (at least one), blanks and
 * comments; a split gives it to the next document. Line by line, without copying, and it stops at the first other
 * line: a document's slice starts with `---` or its first key, so this costs a line, not a document.
 */
export function isDirectivesOnly(text: string, start = 0, end = text.length): boolean {
  let directives = false;
  for (let at = start; at < end;) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 || newline > end ? end : newline;
    if (text[at] === '%') directives = true;
    else if (!/^[ \t\r]*(?:#.*)?$/s.test(text.slice(at, lineEnd))) return false;
    at = lineEnd + 1;
  }
  return directives;
}

/**
 * Line by line, with a pattern that cannot backtrack: the single-pattern form `^(?:[ \t]*(?:#[^\n]*)?\r?\n?)*$`
 * backtracks exponentially on a run of blanks that ends in other text (30 spaces and an `x` took 20 s).
 */
function isBlankOrComments(text: string): boolean {
  return text.split('\n').every((line) => /^[ \t\r]*(?:#.*)?$/s.test(line));
}
