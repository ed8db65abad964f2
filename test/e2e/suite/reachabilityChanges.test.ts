import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixtureUri } from './diagnostics';
import { serverStarted } from './editing';

/** What client/src/extension.ts exports for the changes (the shapes of client/src/reachabilityChanges.ts). */
interface ChangesApi {
  reachabilityChanges(): Promise<ChangesState>;
  changesState(): ChangesState;
}
interface ChangesState {
  readonly text?: string;
  readonly reason?: string;
  readonly view?: {
    readonly base: string;
    readonly added: number;
    readonly files: { readonly modified: readonly string[] };
    readonly connections: readonly {
      readonly change: string;
      readonly from: string;
      readonly to: string;
      readonly beforeWhy: readonly { text: string }[];
      readonly afterWhy: readonly { text: string }[];
    }[];
  };
}

/**
 * The reachability changes against HEAD of the workspace, a git repository made by scripts/run-extension-tests.mjs:
 * the base side comes through VS Code's git extension, the current side is the live document, unsaved.
 */
describe('reachability changes', () => {
  it('counts the connections an unsaved edit opens, in the status bar state and on request', async () => {
    await serverStarted();
    const api = vscode.extensions.getExtension<ChangesApi>(EXTENSION_ID)!.exports;
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('netpol.showReachabilityChanges'), 'netpol.showReachabilityChanges is not registered');

    const uri = fixtureUri('shop-policy.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const opensStorefront = (state: ChangesState) =>
      state.view?.connections.some((change) => change.change === 'added' && /storefront/.test(change.to)) === true;

    const before = await api.reachabilityChanges();
    assert.ok(before.view, `no changes view: ${before.reason ?? ''}`);
    assert.equal(before.view.base, 'HEAD');
    assert.ok(!opensStorefront(before), 'nothing opens storefront before the edit');

    // The policy selects no Pod any more: storefront's ingress is no longer isolated. Not saved.
    const text = document.getText();
    const at = text.indexOf('app: storefront\n  policyTypes');
    assert.ok(at >= 0);
    const start = document.positionAt(at + 'app: '.length);
    assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(start, start.translate(0, 'storefront'.length)), 'nobody')));
    assert.ok(document.isDirty);

    // The status bar follows the server's netpol/reachabilityChanged, debounced.
    const live = await waitFor(async () => {
      const state = api.changesState();
      return opensStorefront(state) ? state : undefined;
    });
    assert.match(live.text ?? '', /^opens [1-9]\d* · closes \d+/);
    assert.ok(live.view!.files.modified.includes(uri.toString()), JSON.stringify(live.view!.files));
    const opened = live.view!.connections.find((change) => change.change === 'added' && /storefront/.test(change.to))!;
    assert.ok(
      opened.beforeWhy.some((line) => /isolated by shop\/storefront/.test(line.text)),
      JSON.stringify(opened.beforeWhy),
    );
    assert.ok(
      opened.afterWhy.some((line) => /not isolated/.test(line.text)),
      JSON.stringify(opened.afterWhy),
    );
    assert.ok(document.isDirty, 'still unsaved');

    // A CodeLens above the policy says what it opens and closes.
    const lens = await waitFor(async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      return lenses.find((candidate) => candidate.command?.command === 'netpol.showReachabilityChanges');
    });
    assert.match(lens.command!.title, /^since HEAD: opens [1-9]\d* · closes \d+$/);

    // Undone, the change is gone again.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(async () => {
      const state = await api.reachabilityChanges();
      return state.view && !opensStorefront(state) ? state : undefined;
    });
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
