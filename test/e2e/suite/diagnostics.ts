/** Waiting on diagnostics the way a user sees them: on VS Code's own change event, never on sleeps. */
import * as vscode from 'vscode';

/** Resolves with the URI's diagnostics once `accept` returns true for them; rejects after `timeoutMs`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 45_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    // A deadline, not a sleep: the test fails with what it saw instead of hanging until mocha's timeout.
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map(describeDiagnostic);
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${timeoutMs} ms; saw: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function netpolDiagnostics(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.source === 'netpol');
}

/** A diagnostic's code as a string, whether it is a plain value or `{ value, target }` (a docs link). */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const severity = vscode.DiagnosticSeverity[diagnostic.severity];
  return `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${severity} [${diagnostic.source}/${codeOf(diagnostic)}] ${diagnostic.message}`;
}

/** The fixture workspace the runner opened (test/e2e/fixtures/workspace, copied to a scratch folder). */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open as a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export const EXTENSION_ID = 'netpol-lens.netpol-lens';
/** Line (0-based) of `cidr: 10.0.0.0/33` in fixtures/workspace/bad-cidr.yaml. */
export const BAD_CIDR_LINE = 14;
