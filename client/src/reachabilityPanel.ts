/**
 * The reachability panel on the extension's side: one webview panel beside the editor, fed by the language
 * server's custom requests (server/src/protocol/reachabilityProtocol.ts), restored by a serializer when VS Code
 * reloads. The webview's own code lives in client/webview and is loaded from the bundle only.
 */
import * as vscode from 'vscode';
import { panelHtml } from './panelHtml';
import { isRevealAllowed } from './revealPolicy';
import type {
  ExplainConnectionParams,
  ExplanationView,
  PolicyFocus,
  PolicyFocusParams,
  ReachabilityChangedParams,
  ReachabilityParams,
  ReachabilityView,
} from '../../server/src/protocol/reachabilityProtocol';
import { REACHABILITY_VIEW_TYPE, SHOW_REACHABILITY_COMMAND } from '../../server/src/protocol/commands';
import { readFromPanel, type FromPanel, type ToPanel } from '../../server/src/protocol/panelMessages';

/** How long the cursor must rest before the panel focuses the policy under it. */
const FOCUS_DELAY_MS = 150;

/**
 * What the panel asks of the language server: the custom messages of server/src/protocol/reachabilityProtocol.ts,
 * sent by the language client (languageClient.ts), which extension.ts loads after activation.
 */
export interface ReachabilityServer {
  reachability(params: ReachabilityParams): Promise<ReachabilityView | null>;
  explainConnection(params: ExplainConnectionParams): Promise<ExplanationView[] | null>;
  policyFocus(params: PolicyFocusParams): Promise<PolicyFocus | null>;
  onReachabilityChanged(listener: (params: ReachabilityChangedParams) => void): vscode.Disposable;
}

/**
 * Registers the command and the serializer (VS Code wants the serializer during activation); `server()` resolves
 * to the language client once it is loaded, so a command or a restored panel waits for it.
 */
export function registerReachabilityPanel(context: vscode.ExtensionContext, server: () => Promise<ReachabilityServer>): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_REACHABILITY_COMMAND, async (argument?: unknown) => {
      // From a CodeLens: `{ policy: "namespace/name" }`; from the palette or the editor title: nothing.
      const policy =
        typeof argument === 'object' && argument !== null && typeof (argument as { policy?: unknown }).policy === 'string'
          ? (argument as { policy: string }).policy
          : undefined;
      const scope = scopeOfActiveFile();
      ReachabilityPanel.createOrShow(context.extensionUri, await server(), scope, policy);
    }),
    vscode.window.registerWebviewPanelSerializer(REACHABILITY_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        let current: ReachabilityServer;
        try {
          current = await server();
        } catch {
          panel.dispose(); // the client did not load; extension.ts has said so
          return;
        }
        const scope = typeof (state as { scope?: unknown } | undefined)?.scope === 'string' ? (state as { scope: string }).scope : undefined;
        ReachabilityPanel.revive(panel, context.extensionUri, current, scope);
      },
    }),
  );
}

/** Called once the client is loaded: panels refresh when the server says the workspace changed. */
export function listenForReachabilityChanges(server: ReachabilityServer): vscode.Disposable {
  return server.onReachabilityChanged((params) => ReachabilityPanel.current?.workspaceChanged(params.generation));
}

/**
 * The workspace, or the folder of the active file when no workspace folder holds it (a lone file opened). The
 * server reads such a folder from disk.
 */
function scopeOfActiveFile(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  // `file:`, or the workspace's own scheme in the web extension (`vscode-remote:`, `vscode-vfs:`, ...).
  const readable = uri && (uri.scheme === 'file' || (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === uri.scheme));
  if (!uri || !readable || vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.Uri.joinPath(uri, '..').toString();
}

/** One panel at a time (a second command shows it again): one class, created or shown, revived by the serializer. */
export class ReachabilityPanel {
  static current: ReachabilityPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private shownGeneration = -1;
  private wantedGeneration = 0;
  private refreshing: Promise<void> | undefined;
  private ready = false;
  private focusTimer: ReturnType<typeof setTimeout> | undefined;
  private pinnedPolicy: string | undefined;

  static createOrShow(extensionUri: vscode.Uri, server: ReachabilityServer, scope: string | undefined, policy?: string): void {
    const current = ReachabilityPanel.current;
    if (current && current.scope === scope) {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (policy) current.focusPolicy(policy);
      return;
    }
    current?.dispose();
    const panel = vscode.window.createWebviewPanel(
      REACHABILITY_VIEW_TYPE,
      titleOf(scope),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    ReachabilityPanel.current = new ReachabilityPanel(panel, extensionUri, server, scope, policy);
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, server: ReachabilityServer, scope: string | undefined): void {
    ReachabilityPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    ReachabilityPanel.current = new ReachabilityPanel(panel, extensionUri, server, scope);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly server: ReachabilityServer,
    private readonly scope: string | undefined,
    policy?: string,
  ) {
    this.pinnedPolicy = policy;
    panel.title = titleOf(scope);
    panel.webview.html = html(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.wantedGeneration > this.shownGeneration) void this.refresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.cursorMoved(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.cursorMoved(editor)),
    );
  }

  /** The server's workspace moved on: refresh now if the panel is visible, else when it is shown. */
  workspaceChanged(generation: number): void {
    this.wantedGeneration = Math.max(this.wantedGeneration, generation);
    if (this.panel.visible && this.ready) void this.refresh();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = readFromPanel(raw);
    if (!message) return; // not one of ours, or malformed: ignored
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        if (this.pinnedPolicy) this.focusPolicy(this.pinnedPolicy);
        else if (vscode.window.activeTextEditor) this.cursorMoved(vscode.window.activeTextEditor);
        break;
      case 'explain':
        await this.explain(message);
        break;
      case 'reveal':
        await this.reveal(message.ref);
        break;
    }
  }

  /** Asks the server for the view, one request at a time; a change during a request asks again after it. */
  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      try {
        do {
          const asked = this.wantedGeneration;
          const view = await this.server.reachability(this.scope ? { folder: this.scope } : {});
          if (!view) {
            this.post({
              type: 'status',
              status: 'error',
              message: 'The language server could not compute reachability; see the "NetworkPolicy Lens" output for why.',
            });
            return;
          }
          this.shownGeneration = Math.max(view.generation, asked);
          this.post({ type: 'view', view, ...(this.scope ? { scope: this.scope } : {}) });
        } while (this.wantedGeneration > this.shownGeneration && this.panel.visible);
      } catch (error) {
        this.post({ type: 'status', status: 'error', message: `Reachability failed: ${error instanceof Error ? error.message : String(error)}` });
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async explain(message: Extract<FromPanel, { type: 'explain' }>): Promise<void> {
    let explanations = null;
    try {
      explanations = await this.server.explainConnection({
        ...(this.scope ? { folder: this.scope } : {}),
        from: message.from,
        to: message.to,
        filter: message.filter,
      });
    } catch {
      explanations = null;
    }
    this.post({ type: 'explanation', requestId: message.requestId, explanations });
  }

  /** Reveals a place the panel links to, in a file of the workspace (or of the panel's folder) only. */
  private async reveal(ref: { uri: string; start: number; end: number }): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(ref.uri, true);
    } catch {
      return;
    }
    if (!this.isInside(uri)) {
      void vscode.window.showWarningMessage(`NetworkPolicy Lens: not opening ${uri.toString()}: it is outside the workspace.`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const range = new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end));
    const column = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== this.panel.viewColumn)?.viewColumn ?? vscode.ViewColumn.One;
    // Selected, with the cursor at its start: where the policy, rule or peer begins.
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(range.end, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private isInside(uri: vscode.Uri): boolean {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    if (this.scope) folders.push(this.scope);
    return isRevealAllowed(uri.toString(), folders);
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    const document = editor.document;
    if (document.languageId !== 'yaml' || !this.ready) return;
    if (this.focusTimer) clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => {
      this.pinnedPolicy = undefined;
      const offset = document.offsetAt(editor.selection.active);
      void this.sendFocus({ uri: document.uri.toString(), offset });
    }, FOCUS_DELAY_MS);
  }

  private focusPolicy(policy: string): void {
    this.pinnedPolicy = policy;
    if (this.ready) void this.sendFocus({ policy });
  }

  private async sendFocus(params: { uri: string; offset: number } | { policy: string }): Promise<void> {
    try {
      const focus = await this.server.policyFocus({ ...(this.scope ? { folder: this.scope } : {}), ...params });
      this.post({ type: 'focus', focus });
    } catch {
      // the server restarted meanwhile: the next cursor move asks again
    }
  }

  private post(message: ToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (ReachabilityPanel.current === this) ReachabilityPanel.current = undefined;
    if (this.focusTimer) clearTimeout(this.focusTimer);
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}

function titleOf(scope: string | undefined): string {
  return scope ? `Reachability: ${vscode.Uri.parse(scope).path.split('/').pop()}` : 'Reachability';
}

/** Scripts on; local resources limited to the webview bundle's own folder. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** The page, with the bundle's script and stylesheet from the one folder the webview may load from. */
function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const resource = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  return panelHtml({ cspSource: webview.cspSource, scriptUri: resource('webview.js'), styleUri: resource('webview.css') });
}
