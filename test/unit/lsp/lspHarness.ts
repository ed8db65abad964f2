import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ServerEnvironment } from '../../../server/src/lsp/fileSource';
import { startNetpolServer } from '../../../server/src/lsp/netpolServer';
import { nodeFileSource, nodeRuleDocsBase } from '../../../server/src/node/nodeFileSource';

/**
 * The real language server, in process, behind a real JSON-RPC connection over in-memory streams: a test speaks
 * LSP to it exactly as an editor would.
 */
export class LspHarness {
  readonly client: MessageConnection;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  /** How many times the server asked the client to re-request CodeLenses. */
  codeLensRefreshes = 0;

  /**
   * `configuration`: the `netpol` section for every scope, or a function of the scope (`undefined`: the window).
   * `environment`: where the server reads files; the disk (as server.ts) by default.
   */
  constructor(
    configuration: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>) = {},
    private readonly clientCapabilities: Record<string, unknown> = {},
    environment: (connection: Connection) => ServerEnvironment = () => ({ files: nodeFileSource(), ruleDocsBase: nodeRuleDocsBase() }),
  ) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startNetpolServer(connection, environment(connection));
    this.client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.client.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => (typeof configuration === 'function' ? configuration(item.scopeUri) : configuration)),
    );
    this.client.onRequest('client/registerCapability', () => null);
    this.client.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      return null;
    });
    this.client.onNotification('window/logMessage', () => undefined);
    this.client.listen();
  }

  async initialize(rootUri: string | null, moreFolders: readonly string[] = []): Promise<void> {
    const folders = rootUri ? [rootUri, ...moreFolders] : [];
    await this.client.sendRequest('initialize', {
      processId: null,
      rootUri,
      workspaceFolders: rootUri ? folders.map((uri, index) => ({ uri, name: `ws${index}` })) : null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, ...this.clientCapabilities } },
    });
    await this.client.sendNotification('initialized', {});
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `test` (or one already published). */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const seen = [...this.published].reverse().find((p) => p.uri === uri);
    if (seen && test(seen)) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  dispose(): void {
    this.client.dispose();
  }
}
