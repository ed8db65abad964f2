/**
 * The VS Code side of NetworkPolicy Lens: starts the language server over IPC and registers the commands. All
 * analysis happens in the server; this file only wires VS Code to it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Location as LspLocation, type Position as LspPosition, type ServerOptions } from 'vscode-languageclient/node';
import { listenForReachabilityChanges, registerReachabilityPanel, SHOW_REACHABILITY_COMMAND } from './reachabilityPanel';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // YAML files only; the language id stays Red Hat YAML's (or VS Code's own), we never claim `.yaml`.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'netpol',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    diagnosticCollectionName: 'netpol',
    // The commands this client can run from CodeLenses; other editors get lenses without them.
    initializationOptions: { clientCommands: ['netpol.showWorkloads', SHOW_REACHABILITY_COMMAND] },
  };
  client = new LanguageClient('netpol', 'NetworkPolicy Lens', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('netpol.restartServer', async () => {
      await client?.restart();
    }),
    // CodeLens "selects N workloads": the server sends plain JSON; showReferences wants VS Code's own types.
    vscode.commands.registerCommand('netpol.showWorkloads', async (uri: string, position: LspPosition, locations: LspLocation[]) => {
      const converter = client?.protocol2CodeConverter;
      if (!converter) return;
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        converter.asPosition(position),
        locations.map((location) => converter.asLocation(location)),
      );
    }),
  );
  // The reachability panel: its command, its serializer, and refreshes when the server's workspace changes.
  registerReachabilityPanel(context, () => client);
  context.subscriptions.push(listenForReachabilityChanges(client));
  // Not awaited: activation ends once the commands are registered; the server starts in the background and the
  // client reports its own start-up errors (awaiting it made activation last as long as the server's start).
  client.start().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`NetworkPolicy Lens: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
