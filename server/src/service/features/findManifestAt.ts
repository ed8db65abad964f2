import type { FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { manifestsOfDocument } from '../model/manifest';
import { nodeAtOffset, type NodeAtOffset } from '../parse/nodeAtOffset';
import type { ParsedFile, PlacedDocument } from '../parse/parsedFile';

/** The object under the cursor and where in it the cursor is. */
export interface ManifestAtOffset {
  readonly manifest: Manifest;
  /** The path inside the object (a List item's own path, without `items[i]`). */
  readonly path: FieldPath;
  readonly onKey: boolean;
  readonly target: NodeAtOffset;
  /** Offset of the document in the file: add it to the target's offsets. */
  readonly documentOffset: number;
}

/** The document of a file that contains `offset` (the last one starting at or before it). */
export function documentAt(file: ParsedFile, offset: number): PlacedDocument | undefined {
  let low = 0;
  let high = file.documents.length - 1;
  let found: PlacedDocument | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (file.documents[middle].offset <= offset) {
      found = file.documents[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Finds the Kubernetes object at `offset` in a file and the field path under the cursor. */
export function manifestAt(file: ParsedFile, offset: number): ManifestAtOffset | undefined {
  const placed = documentAt(file, offset);
  if (!placed) return undefined;
  const target = nodeAtOffset(placed.document, offset - placed.offset);
  if (!target) return undefined;
  let best: (typeof candidates)[number] | undefined;
  const candidates = manifestsOfDocument(placed.document);
  for (const candidate of candidates) {
    const base = candidate.basePath;
    if (base.length > target.path.length || !base.every((segment, i) => segment === target.path[i])) continue;
    if (!best || base.length > best.basePath.length) best = candidate;
  }
  if (!best) return undefined;
  return {
    manifest: { ...best, uri: file.uri, document: placed.document, documentOffset: placed.offset },
    path: target.path.slice(best.basePath.length),
    onKey: target.onKey,
    target,
    documentOffset: placed.offset,
  };
}
