/**
 * The language client: starts the language server over IPC and talks to it. Bundled on its own
 * (dist/languageClient.js, with vscode-languageclient) and required by extension.ts once activation has returned;
 * nothing else may import it except as `import type`. What it shares with the web extension is in netpolClient.ts.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { netpolClientOptions, startNetpolClient, type NetpolClient } from './netpolClient';

export type { NetpolClient };

/** Creates the client and starts it in the background; start-up errors are shown, not thrown. */
export function startLanguageClient(context: vscode.ExtensionContext): NetpolClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const client = new LanguageClient('netpol', 'NetworkPolicy Lens', serverOptions, netpolClientOptions(context, ['file', 'untitled']));
  return startNetpolClient(client, () => client.restart());
}
