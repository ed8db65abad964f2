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
 */
export function parseFile(uri: string, text: string, previous?: ParsedFile): ParsedFile {
  const reusable = new Map<string, ParsedDocument>();
  if (previous) for (const placed of previous.documents) reusable.set(placed.document.text, placed.document);
  const documents = splitYamlDocuments(text).map((slice) => ({
    offset: slice.start,
    document: reusable.get(slice.text) ?? parseYamlDocument(slice.text),
  }));
  return { uri, text, documents };
}
