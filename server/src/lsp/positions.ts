import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type LineCharacter, type NetpolService, type ParsedFile } from '../service';

export type PositionAt = (offset: number) => LineCharacter;

const lineIndexes = new WeakMap<ParsedFile, LineIndex>();

/**
 * Offsets to positions, the LSP boundary's one conversion: the open document knows its lines; for files on disk,
 * a line index built once per text.
 */
export function positionsOf(file: ParsedFile, open: TextDocument | undefined): PositionAt {
  if (open && open.getText() === file.text) return (offset) => open.positionAt(offset);
  const index = lineIndexOf(file);
  return (offset) => index.positionAt(offset);
}

/** Positions to offsets in a file (the editor's document when it shows this very text). */
export function offsetsOf(file: ParsedFile, open: TextDocument | undefined): (position: LineCharacter) => number {
  if (open && open.getText() === file.text) return (position) => open.offsetAt(position);
  const index = lineIndexOf(file);
  return (position) => index.offsetAt(position);
}

/** Positions in any file of the workspace (for locations in other files); line 0 for a file no longer there. */
export function positionsForUri(service: NetpolService, documents: TextDocuments<TextDocument>, uri: string): PositionAt {
  const file = service.getFile(uri);
  if (!file) return () => ({ line: 0, character: 0 });
  return positionsOf(file, documents.get(uri));
}

function lineIndexOf(file: ParsedFile): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) lineIndexes.set(file, (index = new LineIndex(file.text)));
  return index;
}
