import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, netpolDiagnostics, waitForDiagnostics } from './diagnostics';

/** The reachability panel as the extension host sees it: the command, the CodeLens that runs it, the webview tab. */
describe('reachability panel', () => {
  it('contributes NetworkPolicy: Show Reachability, offered by a CodeLens on policies', async () => {
    const uri = fixtureUri('valid.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // The server has read the file once its diagnostics (none for netpol) are published.
    await waitForDiagnostics(uri, (all) => netpolDiagnostics(all).length === 0);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('netpol.showReachability'), 'netpol.showReachability is not registered');
    const lenses = await waitFor(async () => {
      const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      return found.some((lens) => lens.command?.command === 'netpol.showReachability') ? found : undefined;
    });
    const lens = lenses.find((candidate) => candidate.command?.command === 'netpol.showReachability')!;
    assert.equal(lens.command!.title, 'Show reachability');
    assert.deepEqual(lens.command!.arguments, [{ policy: 'web/default-deny' }]);
  });

  it('opens one webview panel beside the editor, from the palette command and again from the CodeLens', async () => {
    await vscode.commands.executeCommand('netpol.showReachability');
    const tab = await waitFor(async () => reachabilityTabs()[0]);
    assert.equal(tab.label, 'Reachability');
    assert.ok(tab.group.viewColumn !== vscode.window.activeTextEditor?.viewColumn, 'the panel opens beside the editor');
    await vscode.commands.executeCommand('netpol.showReachability', { policy: 'web/default-deny' });
    assert.equal(reachabilityTabs().length, 1, 'a second command shows the same panel');
  });
});

function reachabilityTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('netpol.reachability'));
}

/** Polls a condition that VS Code raises no event for (tabs of webviews, CodeLens results), with a deadline. */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
