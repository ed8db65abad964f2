import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BAD_CIDR_LINE, fixtureUri, netpolDiagnostics, waitForDiagnostics } from './diagnostics';

describe('hover', () => {
  it('explains the ipBlock under the cursor', async () => {
    const uri = fixtureUri('bad-cidr.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // The server's first diagnostics tell that it is up and its hover provider registered.
    await waitForDiagnostics(uri, (all) => netpolDiagnostics(all).length > 0);
    const character = document.lineAt(BAD_CIDR_LINE).text.indexOf('10.0.0.0/33') + 2;

    // No other extension hovers YAML in this workbench, so any hover text here is netpol's.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(BAD_CIDR_LINE, character));
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.ok(text.trim().length > 0, 'no hover on the CIDR');
    assert.match(text, /10\.0\.0\.0\/33/);
  });
});
