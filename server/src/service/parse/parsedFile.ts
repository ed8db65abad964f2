import { splitYamlDocuments } from './splitDocuments';
import { parseYamlDocument, type ParsedDocument } from './parsedDocument';

/** A document of a file, and where it starts in the file. */
export interface PlacedDocument {
  readonly offset: number;
  readonly document: ParsedDocument;
}

/** A YAML file split into documents, each parsed on its own. */
export interface ParsedFile {
  readonly uri: string;
  readonly text: string;
  readonly documents: readonly PlacedDocument[];
}

/**
 * Parses a file, re-using from `previous` (the same file before an edit) every document whose text did not change:
 * an edit costs the parse of the documents it touched, not of the file.
 *
 * Unchanged documents are found by walking in from both ends while the texts match (an edit usually touches one
 * place), comparing in place without hashing the texts; what is left in the middle is matched by text.
 */
export function parseFile(uri: string, text: string, previous?: ParsedFile): ParsedFile {
  const slices = splitYamlDocuments(text);
  const old = previous?.documents ?? [];
  const reused: (ParsedDocument | undefined)[] = new Array(slices.length);
  let front = 0;
  while (front < slices.length && front < old.length && sameText(text, slices[front], old[front].document.text)) {
    reused[front] = old[front].document;
    front++;
  }
  let back = 0;
  while (
    back < slices.length - front &&
    back < old.length - front &&
    sameText(text, slices[slices.length - 1 - back], old[old.length - 1 - back].document.text)
  ) {
    reused[slices.length - 1 - back] = old[old.length - 1 - back].document;
    back++;
  }
  const middle = new Map<string, ParsedDocument>();
  for (let i = front; i < old.length - back; i++) middle.set(old[i].document.text, old[i].document);
  const documents = slices.map((slice, i) => ({
    offset: slice.start,
    document: reused[i] ?? middle.get(slice.text) ?? parseYamlDocument(flatCopy(slice.text)),
  }));
  return { uri, text, documents };
}

function sameText(text: string, slice: { start: number; text: string }, previousText: string): boolean {
  return slice.text.length === previousText.length && slice.text === previousText;
}

/**
 * A copy of a slice that does not share memory with the file's text. A V8 sliced string keeps its whole parent
 * alive: a document parsed from a slice would pin one full copy of the file per edit (measured: 4.4 MB per edit
 * on a 4.3 MB file, never collected).
 */
function flatCopy(text: string): string {
  // A JSON round trip makes a new sequential string and keeps every code unit, lone surrogates included.
  return JSON.parse(JSON.stringify(text)) as string;
}
