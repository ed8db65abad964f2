import { isDirectivesOnly, splitYamlDocuments, type DocumentSlice } from './splitDocuments';
import { parseYamlDocument, type ParsedDocument } from './parsedDocument';
import type { LightObject } from './clusterDump';

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
  /**
   * A cluster dump read along the light path (see clusterDump.ts): its Pods, Namespaces and ReplicaSets, read
   * for the cluster model only; `documents` then holds its other items (the policies), each a document of its own.
   */
  readonly lightObjects?: readonly LightObject[];
}

/**
 * Where a file's text changed since it was last parsed: `[start, end)` of the new text replaced `[start, end -
 * delta)` of the old one, and everything else is the same (after it, moved by `delta`). The editor's changes say
 * so (see {@link ChangedRanges} in the server); without it the texts are compared.
 */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

/**
 * Parses a file, re-using from `previous` (the same file before an edit) every document whose text did not change:
 * an edit costs the parse of the documents it touched, not of the file.
 *
 * With `change`, the documents wholly before or after it are kept without looking at them (those after moved by
 * its delta), and only the documents it touched are split and parsed again: a keystroke costs the size of its
 * document. Without it, unchanged documents are found by walking in from both ends while the texts match,
 * comparing in place without hashing the texts; what is left in the middle is matched by text.
 */
export function parseFile(uri: string, text: string, previous?: ParsedFile, change?: TextChange): ParsedFile {
  if (previous && change && fits(change, text, previous)) return reparseChanged(uri, text, previous, change);
  const slices = splitYamlDocuments(text);
  const old = previous?.documents ?? [];
  const reused: (ParsedDocument | undefined)[] = new Array(slices.length);
  let front = 0;
  while (front < slices.length && front < old.length && slices[front].text === old[front].document.text) {
    reused[front] = old[front].document;
    front++;
  }
  let back = 0;
  while (back < slices.length - front && back < old.length - front && slices[slices.length - 1 - back].text === old[old.length - 1 - back].document.text) {
    reused[slices.length - 1 - back] = old[old.length - 1 - back].document;
    back++;
  }
  return { uri, text, documents: placeAll(slices, reused, old.slice(front, old.length - back)) };
}

function reparseChanged(uri: string, text: string, previous: ParsedFile, change: TextChange): ParsedFile {
  const old = previous.documents;
  const oldText = previous.text;
  const oldEnd = (i: number) => (i + 1 < old.length ? old[i + 1].offset : oldText.length);
  const changeEndInOld = change.end - change.delta;
  // Documents kept before the change end, with the marker that starts the next one (`---` and the character
  // after it), before the change starts: the next document still starts where it did.
  let before = 0;
  while (before < old.length && oldEnd(before) + MARKER_LENGTH <= change.start) before++;
  // Documents kept after the change start after its end in the old text, with a `---` of their own: the
  // character before it (a line break) and the marker are unchanged. (A document that starts after a `...`
  // line depends on that line, in the document before it.)
  let after = old.length;
  while (after > before && old[after - 1].offset > changeEndInOld && oldText.startsWith('---', old[after - 1].offset)) after--;
  // The part to split again: from the first touched document (the file's start if that is the first document,
  // which may follow a block of comments) to the first kept one after it (or the end of the file).
  const from = before === 0 ? 0 : oldEnd(before - 1);
  let to = after === old.length ? text.length : old[after].offset + change.delta;
  let slices = splitYamlDocuments(text, from, to);
  // Directives at the end of the part belong to the kept document after it: split that one again too.
  while (after < old.length && slices.length > 0 && isDirectivesOnly(slices[slices.length - 1].text)) {
    after++;
    to = after === old.length ? text.length : old[after].offset + change.delta;
    slices = splitYamlDocuments(text, from, to);
  }
  const documents: PlacedDocument[] = old.slice(0, before);
  documents.push(...placeAll(slices, new Array(slices.length), old.slice(before, after)));
  for (let i = after; i < old.length; i++) documents.push({ offset: old[i].offset + change.delta, document: old[i].document });
  return { uri, text, documents };
}

/** `---` and the blank or line break after it. */
const MARKER_LENGTH = 4;

/** A change that fits both texts (anything else is not trusted: the texts are compared instead). */
function fits(change: TextChange, text: string, previous: ParsedFile): boolean {
  return (
    Number.isInteger(change.start) &&
    Number.isInteger(change.end) &&
    change.start >= 0 &&
    change.start <= change.end &&
    change.end <= text.length &&
    change.end - change.delta >= change.start &&
    text.length - previous.text.length === change.delta
  );
}

/** Places each slice: its document from `reused`, else one of `candidates` with the same text, else parsed anew. */
function placeAll(slices: readonly DocumentSlice[], reused: readonly (ParsedDocument | undefined)[], candidates: readonly PlacedDocument[]): PlacedDocument[] {
  const byText = new Map<string, ParsedDocument>();
  for (const candidate of candidates) byText.set(candidate.document.text, candidate.document);
  return slices.map((slice, i) => ({
    offset: slice.start,
    document: reused[i] ?? byText.get(slice.text) ?? parseYamlDocument(flatCopy(slice.text)),
  }));
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
