/**
 * Runs inside a real VS Code extension host (code-server), loaded as `extensionTestsPath`: activates the
 * extension through the API and prints how long that took, on one line that bench/extension/activation.ts reads.
 *
 * `activate()` resolves when VS Code has loaded the main bundle (dist/client.js), called its `activate` and
 * awaited what it returned: our `activate` returns at once, and the language client (dist/languageClient.js) and
 * the server are loaded and started after it, so neither is in this time. VS Code's own split of that time (load
 * code / call activate / finish activate) comes from its "Developer: Startup Performance" document, which the
 * workbench serves under the `perf` scheme.
 */
import * as vscode from 'vscode';
import { ACTIVATION_LINE, type ActivationSample } from './activationLine';

const EXTENSION_ID = 'netpol-lens.netpol-lens';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const wasActive = extension.isActive;
  const started = performance.now();
  await extension.activate();
  const ms = performance.now() - started;
  const sample: ActivationSample = { wasActive, ms, vscode: await vscodeActivationTimes() };
  console.log(`${ACTIVATION_LINE} ${JSON.stringify(sample)}`);
}

/** Our row of the "Extension Activation Stats" table: | id | eager | load code | call activate | finish activate | ... */
async function vscodeActivationTimes(): Promise<ActivationSample['vscode']> {
  try {
    // The workbench registers the `perf` documents lazily, when its command first runs.
    await vscode.commands.executeCommand('perfview.show');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' }));
    const row = document
      .getText()
      .split('\n')
      .find((line) => line.replace(/\s/g, '').startsWith(`|${EXTENSION_ID}|`));
    const cells = row
      ?.split('|')
      .map((cell) => cell.trim())
      .filter((cell) => cell !== '');
    if (!cells || cells.length < 5) return undefined;
    return { loadCodeMs: Number(cells[2]), callActivateMs: Number(cells[3]), finishActivateMs: Number(cells[4]) };
  } catch {
    return undefined;
  }
}
