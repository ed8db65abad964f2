import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BAD_CIDR_LINE, codeOf, describeDiagnostic, fixtureUri, netpolDiagnostics, waitForDiagnostics } from './diagnostics';

const netpolErrors = (all: readonly vscode.Diagnostic[]): vscode.Diagnostic[] =>
  netpolDiagnostics(all).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);

describe('diagnostics', () => {
  it('reports an invalid CIDR as a netpol error on its line', async () => {
    const uri = fixtureUri('bad-cidr.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const isCidrError = (diagnostic: vscode.Diagnostic): boolean =>
      diagnostic.source === 'netpol' && diagnostic.severity === vscode.DiagnosticSeverity.Error && diagnostic.range.start.line === BAD_CIDR_LINE;
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some(isCidrError));

    const error = diagnostics.find(isCidrError)!;
    assert.equal(codeOf(error), 'ipblock.cidr-invalid', describeDiagnostic(error));
    assert.match(document.lineAt(BAD_CIDR_LINE).text, /cidr: 10\.0\.0\.0\/33/);
  });

  it('reports no error for a valid policy', async () => {
    const uri = fixtureUri('valid.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // "No diagnostics" proves nothing until the server has analysed this file: break it (a second `spec:` key),
    // wait for the error, then mend it and wait for the error to go.
    const duplicateSpec = 'spec: {}\n';
    const endOffset = document.getText().length; // the fixture ends with a newline
    const broken = new vscode.WorkspaceEdit();
    broken.insert(uri, document.positionAt(endOffset), duplicateSpec);
    assert.ok(await vscode.workspace.applyEdit(broken));
    await waitForDiagnostics(uri, (all) => netpolErrors(all).length > 0);

    const mended = new vscode.WorkspaceEdit();
    mended.delete(uri, new vscode.Range(document.positionAt(endOffset), document.positionAt(endOffset + duplicateSpec.length)));
    assert.ok(await vscode.workspace.applyEdit(mended));
    // Lints may still offer warnings or hints on a valid policy; errors are what the API server would reject.
    const diagnostics = await waitForDiagnostics(uri, (all) => netpolErrors(all).length === 0);
    assert.deepEqual(netpolErrors(diagnostics).map(describeDiagnostic), []);
  });
});
