/**
 * What the desktop and the web language clients share: their options (documents, settings, file events) and the
 * object the commands and the panel use. languageClient.ts starts the server as a Node process; browserExtension.ts
 * starts it in a web worker. Type-only imports of `vscode-languageclient`: each entry bundles its own flavour.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, Location as LspLocation, Position as LspPosition } from 'vscode-languageclient';
import {
  ExplainConnectionRequest,
  PolicyFocusRequest,
  ReachabilityChangedNotification,
  type ReachabilityChangedParams,
  ReachabilityRequest,
} from '../../server/src/protocol/reachabilityProtocol';
import { SHOW_REACHABILITY_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../server/src/protocol/commands';
import { kubernetesVersionMiddleware, SYNCHRONIZED_SECTIONS } from './kubernetesVersionMiddleware';
import type { ReachabilityServer } from './reachabilityPanel';
import { ReachabilityDiffRequest } from '../../server/src/protocol/changesProtocol';
import type { ChangesServer } from './reachabilityChanges';

/** The running client, as the commands and the reachability panel use it. */
export interface NetpolClient extends ReachabilityServer, ChangesServer {
  /** Resolves once the server has answered `initialize` and the client's features (CodeLens, hover, ...) are registered. */
  readonly ready: Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The CodeLens "selects N workloads": shows the server's locations in the references peek. */
  showWorkloads(uri: string, position: LspPosition, locations: readonly LspLocation[]): Promise<void>;
}

/**
 * The client's options. `schemes`: the URI schemes of the documents the server analyses (`file` and `untitled`
 * on the desktop; in the browser also the workspace folders' own, e.g. `vscode-remote`).
 */
export function netpolClientOptions(
  context: vscode.ExtensionContext,
  schemes: readonly string[],
  initializationOptions: Record<string, unknown> = {},
): LanguageClientOptions {
  const yamlFiles = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(yamlFiles);
  return {
    // YAML files only; the language id stays Red Hat YAML's (or VS Code's own), we never claim `.yaml`.
    documentSelector: schemes.map((scheme) => ({ scheme, language: 'yaml' })),
    synchronize: {
      // `yaml` too: an unset netpol.kubernetesVersion follows Red Hat YAML's yaml.kubernetesVersion (the middleware).
      configurationSection: SYNCHRONIZED_SECTIONS,
      fileEvents: yamlFiles,
    },
    middleware: { workspace: kubernetesVersionMiddleware },
    diagnosticCollectionName: 'netpol',
    // The commands this client can run from CodeLenses; other editors get lenses without them.
    initializationOptions: { clientCommands: [SHOW_WORKLOADS_COMMAND, SHOW_REACHABILITY_COMMAND], ...initializationOptions },
  };
}

/**
 * Starts `client` in the background (start-up errors are shown, not thrown) and returns what the commands use.
 * `restart`: the Node client's own; by default a stop and a start.
 */
export function startNetpolClient(client: BaseLanguageClient, restart?: () => Promise<void>): NetpolClient {
  // Not awaited: the server starts in the background and the client reports its own start-up errors; requests
  // sent meanwhile wait for it.
  const started = client.start();
  started.catch((error: unknown) => {
    void vscode.window.showErrorMessage(`NetworkPolicy Lens: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  // One handler for the notification, fanned out: the client keeps one handler per method, so a second
  // `onNotification` (the panel, then the changes' status bar) silently replaced the first and the panel stopped
  // following edits.
  const reachabilityChanged = new vscode.EventEmitter<ReachabilityChangedParams>();
  client.onNotification(ReachabilityChangedNotification, (params) => reachabilityChanged.fire(params));

  return {
    ready: started,
    restart:
      restart ??
      (async () => {
        await client.stop();
        await client.start();
      }),
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
    reachabilityDiff: (params) => client.sendRequest(ReachabilityDiffRequest, params),
    onReachabilityChanged: (listener) => reachabilityChanged.event(listener),
  };
}
