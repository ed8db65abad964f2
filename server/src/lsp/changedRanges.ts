import { TextDocumentContentChangeEvent, type DidChangeTextDocumentParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { addEdit, type TextChange } from '../service';

/**
 * Where each open document changed since the server last parsed it, from the `didChange` notifications: the
 * parse then splits and parses only the documents those edits touched (a keystroke costs its YAML document, not
 * the file). A notification it cannot place (the whole text sent, or several edits at once, each relative to the
 * text after the one before) leaves the change unknown, and the texts are compared instead.
 */
export class ChangedRanges {
  private readonly changes = new Map<string, TextChange | 'unknown'>();

  /** Called before the notification is applied: `before` is the document's text as it still is. */
  record(before: TextDocument | undefined, params: DidChangeTextDocumentParams): void {
    const uri = params.textDocument.uri;
    const known = this.changes.get(uri);
    const edit = params.contentChanges.length === 1 ? params.contentChanges[0] : undefined;
    if (!before || known === 'unknown' || !edit || !TextDocumentContentChangeEvent.isIncremental(edit)) {
      this.changes.set(uri, 'unknown');
      return;
    }
    try {
      const start = before.offsetAt(edit.range.start);
      const end = before.offsetAt(edit.range.end);
      this.changes.set(uri, addEdit(known, start, Math.max(start, end), edit.text.length));
    } catch (error) {
      this.changes.set(uri, 'unknown');
      throw error;
    }
  }

  /** The change since the last parse, forgotten as the parse happens. */
  take(uri: string): TextChange | undefined {
    const change = this.changes.get(uri);
    this.changes.delete(uri);
    return change === 'unknown' ? undefined : change;
  }

  /** Opened or closed: the next parse starts from another text. */
  forget(uri: string): void {
    this.changes.delete(uri);
  }
}
