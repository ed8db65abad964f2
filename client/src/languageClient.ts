/**
 * The language client: starts the language server over IPC and talks to it. Bundled on its own
 * (dist/languageClient.js, with vscode-languageclient) and required by extension.ts once activation has returned;
 * nothing else may import it except as `import type`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Location as LspLocation, type Position as LspPosition, type ServerOptions } from 'vscode-languageclient/node';
import { ExplainConnectionRequest, PolicyFocusRequest, ReachabilityChangedNotification, ReachabilityRequest } from '../../server/src/protocol/reachabilityProtocol';
import { SHOW_REACHABILITY_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../server/src/protocol/commands';
import type { ReachabilityServer } from './reachabilityPanel';

/** The running client, as the commands and the reachability panel use it. */
export interface NetpolClient extends ReachabilityServer {
  /** Resolves once the server has answered `initialize` and the client's features (CodeLens, hover, ...) are registered. */
  readonly ready: Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The CodeLens "selects N workloads": shows the server's locations in the references peek. */
  showWorkloads(uri: string, position: LspPosition, locations: readonly LspLocation[]): Promise<void>;
}

/** Creates the client and starts it in the background; start-up errors are shown, not thrown. */
export function startLanguageClient(context: vscode.ExtensionContext): NetpolClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const yamlFiles = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(yamlFiles);
  const clientOptions: LanguageClientOptions = {
    // YAML files only; the language id stays Red Hat YAML's (or VS Code's own), we never claim `.yaml`.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'netpol',
      fileEvents: yamlFiles,
    },
    diagnosticCollectionName: 'netpol',
    // The commands this client can run from CodeLenses; other editors get lenses without them.
    initializationOptions: { clientCommands: [SHOW_WORKLOADS_COMMAND, SHOW_REACHABILITY_COMMAND] },
  };
  const client = new LanguageClient('netpol', 'NetworkPolicy Lens', serverOptions, clientOptions);
  // Not awaited: the server starts in the background and the client reports its own start-up errors; requests
  // sent meanwhile wait for it.
  const started = client.start();
  started.catch((error: unknown) => {
    void vscode.window.showErrorMessage(`NetworkPolicy Lens: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });

  return {
    ready: started,
    restart: () => client.restart(),
    stop: () => client.stop(),
    async showWorkloads(uri, position, locations) {
      // The server sends plain JSON; showReferences wants VS Code's own types.
      const converter = client.protocol2CodeConverter;
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        converter.asPosition(position),
        locations.map((location) => converter.asLocation(location)),
      );
    },
    reachability: (params) => client.sendRequest(ReachabilityRequest, params),
    explainConnection: (params) => client.sendRequest(ExplainConnectionRequest, params),
    policyFocus: (params) => client.sendRequest(PolicyFocusRequest, params),
    onReachabilityChanged: (listener) => client.onNotification(ReachabilityChangedNotification, listener),
  };
}
