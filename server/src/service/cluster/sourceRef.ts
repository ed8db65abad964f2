import { formatFieldPath, type FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { locate } from '../parse/locate';

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

/** Locates `path` (relative to the object) in the manifest's document and places it in the file. */
export function sourceRefOf(manifest: Manifest, path: FieldPath = []): SourceRef {
  const span = locate(manifest.document, [...manifest.basePath, ...path], false);
  return { uri: manifest.uri, start: manifest.documentOffset + span.start, end: manifest.documentOffset + span.end, path: formatFieldPath(path) };
}

/** The object's name in its document (`metadata.name`), or the object itself. */
export function objectRefOf(manifest: Manifest): SourceRef {
  const ref = sourceRefOf(manifest, ['metadata', 'name']);
  return { ...ref, path: '' };
}
