/**
 * The VS Code side of NetworkPolicy Lens: registers the commands and the reachability panel, then loads the
 * language client (languageClient.ts), which starts the language server over IPC. All analysis happens in the
 * server; this file only wires VS Code to it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageclient/node';
import type { NetpolClient } from './languageClient';
import type * as LanguageClientBundle from './languageClient';

type LanguageClientModule = typeof LanguageClientBundle;
import { RESTART_SERVER_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../server/src/protocol/commands';
import { listenForReachabilityChanges, registerReachabilityPanel } from './reachabilityPanel';
import { registerFirstRunCommands } from './firstRunCommands';
import { registerReachabilityChanges, type ChangesState } from './reachabilityChanges';

/** The language client once it is loaded and started; a command invoked before that waits for it. */
let client: Promise<NetpolClient> | undefined;

/** What the extension exports: a promise that the language server is up (tests wait for it; nothing else needs it). */
export interface NetpolApi {
  ready(): Promise<void>;
  /** The reachability changes since the base revision: computed now, or the status bar's latest (tests read them). */
  reachabilityChanges(): Promise<ChangesState>;
  changesState(): ChangesState;
}

export function activate(context: vscode.ExtensionContext): NetpolApi {
  // vscode-languageclient is nearly all of the client's code: required with this module, it was most of VS Code's
  // activation time. It has a bundle of its own, required on the next turn of the event loop (setImmediate: a
  // microtask would still run before VS Code counts activation as finished), so activation itself only registers
  // what VS Code needs synchronously: the commands and the panel's serializer.
  // The reachability changes (status bar, commands): started once the client is loaded.
  const changes = registerReachabilityChanges(context, () => loaded);
  const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    const started = loadLanguageClient(context);
    started.ready.then(() => context.subscriptions.push(changes.start(started))).catch(() => undefined);
    return started;
  });
  loaded.catch((error: unknown) => {
    void vscode.window.showErrorMessage(`NetworkPolicy Lens: the language client did not load: ${error instanceof Error ? error.message : String(error)}`);
  });
  client = loaded;

  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      await (await loaded).restart();
    }),
    // The CodeLens "selects N workloads".
    vscode.commands.registerCommand(SHOW_WORKLOADS_COMMAND, async (uri: string, position: LspPosition, locations: LspLocation[]) => {
      await (await loaded).showWorkloads(uri, position, locations);
    }),
  );
  // The reachability panel: its command and its serializer.
  registerReachabilityPanel(context, () => loaded);
  // The walkthrough's commands: Open the Examples, Import Cluster Snapshot (kubectl only when the user runs it).
  registerFirstRunCommands(context);
  // Activation ends before the language client is even loaded (above): this is how to wait for the server.
  return { ready: async () => (await loaded).ready, reachabilityChanges: () => changes.refresh(), changesState: () => changes.state };
}

function loadLanguageClient(context: vscode.ExtensionContext): NetpolClient {
  // A separate bundle, loaded at run time by path so that the activation bundle stays small (its size is checked):
  // an import statement would inline vscode-languageclient into it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startLanguageClient } = require(context.asAbsolutePath(path.join('dist', 'languageClient.js'))) as LanguageClientModule;
  const started = startLanguageClient(context);
  context.subscriptions.push(listenForReachabilityChanges(started));
  return started;
}

export async function deactivate(): Promise<void> {
  const loading = client;
  client = undefined;
  const started = await loading?.catch(() => undefined);
  await started?.stop();
}
