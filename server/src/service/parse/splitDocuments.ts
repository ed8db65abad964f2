/**
 * Splits a YAML stream into its documents without parsing it, so that an edit re-parses only the document it touched.
 *
 * A line that starts with `---` (followed by a space, a tab or the end of the line) starts a document, and a line
 * that starts with `...` ends one. YAML forbids these markers at the start of a line inside any scalar (they end a
 * block scalar and are not allowed in flow scalars), so this split is the one the parser itself would make.
 */
export interface DocumentSlice {
  /** Offset of the slice in the file. */
  readonly start: number;
  /** The slice's text: from its `---` (or the start of the file) up to the next marker. */
  readonly text: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

export function splitYamlDocuments(text: string): DocumentSlice[] {
  const cuts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    if (match[0] === '---') {
      cuts.push(match.index);
    } else {
      // `...` closes the current document: the marker line stays with it, the next document starts after it.
      const lineEnd = text.indexOf('\n', match.index);
      cuts.push(lineEnd === -1 ? text.length : lineEnd + 1);
    }
  }
  cuts.push(text.length);
  const slices: DocumentSlice[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    if (end <= start) continue;
    const sliceText = text.slice(start, end);
    // Leading text before the first `---` that holds only blanks and comments is not a document of its own.
    if (i === 0 && cuts.length > 2 && isBlankOrComments(sliceText)) continue;
    slices.push({ start, text: sliceText });
  }
  if (slices.length === 0) slices.push({ start: 0, text });
  return slices;
}

/**
 * Line by line, with a pattern that cannot backtrack: the single-pattern form `^(?:[ \t]*(?:#[^\n]*)?\r?\n?)*$`
 * backtracks exponentially on a run of blanks that ends in other text (30 spaces and an `x` took 20 s).
 */
function isBlankOrComments(text: string): boolean {
  return text.split('\n').every((line) => /^[ \t\r]*(?:#.*)?$/s.test(line));
}
