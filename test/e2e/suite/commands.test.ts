import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BAD_CIDR_LINE, fixtureUri, netpolDiagnostics, waitForDiagnostics } from './diagnostics';

describe('commands', () => {
  it('contributes netpol.restartServer, and the restarted server reports again', async () => {
    const uri = fixtureUri('bad-cidr.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (all) => netpolDiagnostics(all).length > 0);

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('netpol.restartServer'), 'netpol.restartServer is not registered');

    // A restart clears the old server's diagnostics and the new server publishes its own: wait for a change
    // that comes after the restart began and leaves the CIDR error in place.
    let changedSinceRestart = false;
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) changedSinceRestart = true;
    });
    try {
      await vscode.commands.executeCommand('netpol.restartServer');
      await waitForDiagnostics(uri, (all) => changedSinceRestart && netpolDiagnostics(all).some((d) => d.range.start.line === BAD_CIDR_LINE));
    } finally {
      subscription.dispose();
    }
  });
});
