/**
 * The web extension (package.json `browser`, `dist/web/client.js`): the same extension in VS Code for the Web or
 * code-server's web worker extension host, where there is no Node. The language server runs in a web worker
 * (`dist/web/server.js`, server/src/browserServer.ts) and reads the workspace through this client
 * (fileServer.ts). One bundle: a web extension host loads no second module at run time.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageclient';
import { IMPORT_CLUSTER_SNAPSHOT_COMMAND, OPEN_EXAMPLES_COMMAND, RESTART_SERVER_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../server/src/protocol/commands';
import { registerFileServer } from './fileServer';
import { netpolClientOptions, startNetpolClient, type NetpolClient } from './netpolClient';
import { listenForReachabilityChanges, registerReachabilityPanel } from './reachabilityPanel';
import { registerReachabilityChanges } from './reachabilityChanges';

/** The web worker's constructor (the project's TypeScript settings have no DOM lib). */
declare const Worker: new (url: string, options?: { name?: string }) => WebWorker;
type WebWorker = ConstructorParameters<typeof BrowserMessageReader>[0] & { terminate(): void };

let client: NetpolClient | undefined;

/** What the web extension exports: as the desktop's (extension.ts), and where it runs (tests check it). */
export interface NetpolWebApi {
  ready(): Promise<void>;
  /** `web-worker` when the extension host has no Node (no `process.versions.node`). */
  readonly runtime: 'web-worker' | 'node';
}

export function activate(context: vscode.ExtensionContext): NetpolWebApi {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  // A new worker for every start (a restart stops the client, then starts it again). The transports, not the
  // worker: the client tells a worker by `instanceof Worker`, which the extension host's own `Worker` (a wrapper)
  // fails.
  let worker: WebWorker | undefined;
  const serverOptions = async (): Promise<MessageTransports> => {
    worker?.terminate();
    worker = new Worker(await workerUrl(serverMain), { name: 'NetworkPolicy Lens server' });
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  context.subscriptions.push({ dispose: () => worker?.terminate() });
  // The documents of the workspace's own file system too: `vscode-remote:` in code-server, `vscode-vfs:` in a
  // virtual workspace.
  const schemes = [...new Set(['file', 'untitled', ...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme)])];
  const options = netpolClientOptions(context, schemes, { ruleDocsBase: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() });
  const languageClient = new LanguageClient('netpol', 'NetworkPolicy Lens', serverOptions, options);
  context.subscriptions.push(registerFileServer(languageClient));
  const started = startNetpolClient(languageClient);
  client = started;
  const loaded = Promise.resolve(started);

  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, () => started.restart()),
    vscode.commands.registerCommand(SHOW_WORKLOADS_COMMAND, (uri: string, position: LspPosition, locations: LspLocation[]) =>
      started.showWorkloads(uri, position, locations),
    ),
    listenForReachabilityChanges(started),
    // The commands that need a process or the local disk (firstRunCommands.ts) say so instead of "not found".
    ...[OPEN_EXAMPLES_COMMAND, IMPORT_CLUSTER_SNAPSHOT_COMMAND].map((command) =>
      vscode.commands.registerCommand(command, () =>
        vscode.window.showInformationMessage(`NetworkPolicy Lens: ${command} needs the desktop extension (it runs kubectl or copies files on disk).`),
      ),
    ),
  );
  registerReachabilityPanel(context, () => loaded);
  // Where the git extension runs beside this one, the changes follow it; otherwise their command says git is needed.
  const changes = registerReachabilityChanges(context, () => loaded);
  started.ready.then(() => context.subscriptions.push(changes.start(started))).catch(() => undefined);
  return { ready: () => started.ready, runtime: isNode() ? 'node' : 'web-worker' };
}

/**
 * Where the worker loads the server from. An extension installed on a remote (code-server, Codespaces) lives at
 * a `vscode-remote:` URI, which the web extension host refuses to start a worker from ("Creating workers from
 * remote extensions is currently not supported"): its script is read through VS Code's file system instead and
 * started from a `blob:` URL. Elsewhere (vscode.dev, a local web extension) the URI itself works.
 */
async function workerUrl(serverMain: vscode.Uri): Promise<string> {
  if (serverMain.scheme !== 'vscode-remote') return serverMain.toString(true);
  const script = await vscode.workspace.fs.readFile(serverMain);
  return URL.createObjectURL(new Blob([script], { type: 'application/javascript' }));
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
