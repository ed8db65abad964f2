import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The editor's open documents. Text and line table come from `vscode-languageserver-textdocument`, except where
 * its incremental update gets the line table wrong: in 1.0.15 an edit that forms or breaks a CRLF pair at its
 * boundary (text ending in `\r` inserted before a `\n`, `\n` inserted after a lone `\r`, or the text between a
 * `\r` and a `\n` deleted) leaves one line too many from there on, and every position after it is one line low.
 * VS Code normalises inserted `\r`; other clients do not. Such an edit rebuilds the document from its text (one
 * pass over the file, only for these rare edits); every other edit stays incremental.
 */
export function createOpenDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments({ create: TextDocument.create, update: updateDocument });
}

/** Applies the editor's changes to a document, with a line table that is right whatever the edit. */
export function updateDocument(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
  let current = document;
  for (const change of changes) {
    if (!('range' in change)) {
      current = TextDocument.create(current.uri, current.languageId, version, change.text);
      continue;
    }
    const text = current.getText();
    const start = current.offsetAt(change.range.start);
    const end = Math.max(start, current.offsetAt(change.range.end));
    if (touchesCarriageReturn(text, start, end, change.text)) {
      current = TextDocument.create(current.uri, current.languageId, version, text.slice(0, start) + change.text + text.slice(end));
    } else {
      current = TextDocument.update(current, [change], version);
    }
  }
  // The library keeps the version of the last change; an empty change list still moves to `version`.
  return current.version === version ? current : TextDocument.create(current.uri, current.languageId, version, current.getText());
}

/** True when replacing `[start, end)` by `inserted` may join or split a `\r\n` at the edit's edges. */
function touchesCarriageReturn(text: string, start: number, end: number, inserted: string): boolean {
  return (
    text.charCodeAt(start - 1) === 13 || inserted.charCodeAt(inserted.length - 1) === 13 || (text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10)
  );
}
