import { formatFieldPath, type FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { locate, type Span } from '../parse/locate';
import type { ParsedDocument } from '../parse/parsedDocument';

/**
 * Where something stands in the workspace, as plain data: the file, offsets into the file's text (end exclusive)
 * and the API server's field path inside the object. Callers turn offsets into ranges at their boundary
 * (LSP positions, `file:line:column` in the CLI).
 */
export interface SourceRef {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1]`; `` for the whole object. */
  readonly path: string;
}

/** Spans found in each document, by path: a document that does not change keeps them (they are document-relative). */
const spanCache = new WeakMap<ParsedDocument, Map<string, Span>>();

/** Locates `path` (relative to the object) in the manifest's document and places it in the file. */
export function sourceRefOf(manifest: Manifest, path: FieldPath = []): SourceRef {
  const fullPath = [...manifest.basePath, ...path];
  const quick = manifest.locateQuickly?.(fullPath);
  if (quick) return { uri: manifest.uri, start: manifest.documentOffset + quick.start, end: manifest.documentOffset + quick.end, path: formatFieldPath(path) };
  let spans = spanCache.get(manifest.document);
  if (!spans) spanCache.set(manifest.document, (spans = new Map()));
  const key = JSON.stringify(fullPath);
  let span = spans.get(key);
  if (!span) spans.set(key, (span = locate(manifest.document, fullPath, false)));
  return { uri: manifest.uri, start: manifest.documentOffset + span.start, end: manifest.documentOffset + span.end, path: formatFieldPath(path) };
}

const objectRefs = new WeakMap<Manifest, SourceRef>();

/** The object's name in its document (`metadata.name`), or the object itself. */
export function objectRefOf(manifest: Manifest): SourceRef {
  let ref = objectRefs.get(manifest);
  if (!ref) objectRefs.set(manifest, (ref = { ...sourceRefOf(manifest, ['metadata', 'name']), path: '' }));
  return ref;
}
