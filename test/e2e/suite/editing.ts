/** Helpers for the tests that edit documents and ask the language server about them. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, waitForDiagnostics } from './diagnostics';

/** Marks the cursor in a test's YAML text; never valid YAML content, so it cannot be confused with the text. */
export const CURSOR = '┃';

/** The text without the cursor mark, and the mark's offset. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0 || marked.indexOf(CURSOR, offset + 1) >= 0) throw new Error('mark exactly one cursor with ┃');
  return { text: marked.slice(0, offset) + marked.slice(offset + CURSOR.length), offset };
}

/**
 * Activates the extension and resolves once its language client has started: the server's providers are
 * registered statically in its `initialize` answer, so requests made after this reach the server.
 */
/**
 * The extension active and its language server started: activation returns before the language client is loaded
 * (client/src/extension.ts), so a request sent right after it could find no provider registered yet.
 */
export async function serverStarted(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ ready(): Promise<void> }>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  await api.ready();
}

let untitledCount = 0;

/**
 * A new untitled YAML document holding `text`, shown in the active editor (the client syncs `untitled:` YAML too).
 * Its URI (`untitled:/e2e/NAME-N.yaml`) is new in this window: plain untitled documents reuse Untitled-1, ..., so a
 * closed one's last diagnostics could be taken for the new one's.
 */
export async function openUntitledYaml(name: string, text = ''): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/e2e/${name}-${++untitledCount}.yaml` });
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  const editor = await vscode.window.showTextDocument(document);
  if (text !== '') assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text)), 'could not fill the document');
  return editor;
}

/** Closes the active editor without saving (an untitled document would otherwise ask). */
export async function discardActiveEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** A line that makes any YAML mapping document invalid: a second top-level `spec` key (yaml.duplicate-key). */
const PROBE = 'spec: {}';

/**
 * The diagnostics of the editor's text as it is now, once the server has published them.
 *
 * "No errors" proves nothing until the server has analysed this very text, and no event says which text a
 * publication was for: the server may still publish for an earlier version after the edit (it publishes on open
 * and again after a short debounce). So this appends a probe that is an error, waits for that error (a
 * publication for the probed text), removes the probe and waits for the error to go: publications arrive in order,
 * so the first one without the probe's error is for the text as it was, and that is what it returns.
 */
export async function diagnosticsOfCurrentText(editor: vscode.TextEditor): Promise<readonly vscode.Diagnostic[]> {
  const { document } = editor;
  const uri = document.uri;
  const text = document.getText();
  const end = document.positionAt(text.length);
  const probe = text === '' || text.endsWith('\n') ? `${PROBE}\n` : `\n${PROBE}`;
  const probeLine = text === '' || text.endsWith('\n') ? end.line : end.line + 1;
  const isProbe = (diagnostic: vscode.Diagnostic): boolean =>
    diagnostic.source === 'netpol' && codeOf(diagnostic) === 'yaml.duplicate-key' && diagnostic.range.start.line === probeLine;

  assert.ok(await editor.edit((edit) => edit.insert(end, probe)), 'could not append the probe');
  await waitForDiagnostics(uri, (all) => all.some(isProbe));
  assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(end, document.positionAt(text.length + probe.length)))));
  assert.equal(document.getText(), text, 'removing the probe did not restore the text');
  return waitForDiagnostics(uri, (all) => !all.some(isProbe));
}

/** A completion item's label as a plain string. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Lines that differ between two texts with the same number of lines, as `line (0-based) -> [before, after]`. */
export function changedLines(before: string, after: string): Map<number, [string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error(`the edit changed the number of lines: ${a.length} -> ${b.length}`);
  const changed = new Map<number, [string, string]>();
  a.forEach((line, index) => {
    if (line !== b[index]) changed.set(index, [line, b[index]]);
  });
  return changed;
}
