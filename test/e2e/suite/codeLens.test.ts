import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri } from './diagnostics';
import { serverStarted } from './editing';

/** The CodeLenses VS Code would show in `uri`, with their titles (the server sends them resolved). */
async function lensesOf(uri: vscode.Uri): Promise<{ lenses: vscode.CodeLens[]; titles: string[] }> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return { lenses, titles: lenses.map((lens) => lens.command?.title ?? '(unresolved)') };
}

describe('CodeLens', () => {
  before(async () => {
    await serverStarted();
    // The workload the policy selects: opened, so the server has it before the requests below whatever its
    // workspace scan is doing.
    await vscode.workspace.openTextDocument(fixtureUri('workloads.yaml'));
  });

  it('says which directions a policy isolates and how many workloads it selects', async () => {
    const uri = fixtureUri('shop-policy.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const { lenses, titles } = await lensesOf(uri);
    assert.ok(titles.includes('isolates ingress and egress'), `lenses: ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('selects 1 workload'), `lenses: ${JSON.stringify(titles)}`);

    // All of them above the whole document: on its first line, its leading comment (line 0 of this fixture),
    // where the server anchors them; not between `apiVersion:` and `kind:`.
    assert.ok(document.lineAt(0).text.startsWith('# '), 'the fixture starts with its comment');
    assert.deepEqual([...new Set(lenses.map((lens) => lens.range.start.line))], [0]);
  });

  it('says "isolates ingress" for an ingress-only deny policy', async () => {
    const uri = fixtureUri('valid.yaml');
    await vscode.workspace.openTextDocument(uri); // the command answers for open documents only
    const { titles } = await lensesOf(uri);
    assert.ok(titles.includes('isolates ingress'), `lenses: ${JSON.stringify(titles)}`);
    assert.ok(!titles.some((title) => /egress/.test(title)), `lenses: ${JSON.stringify(titles)}`);
  });
});
