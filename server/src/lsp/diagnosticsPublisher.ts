import { CodeLensRefreshRequest, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, NetpolService } from '../service';
import { guard } from './guard';
import { positionsOf, type PositionAt } from './positions';
import type { SettingsStore } from './settingsStore';
import { toDiagnostic } from './toDiagnostic';

/** How long all edits must pause before the workspace-aware findings of every file are brought up to date. */
const WORKSPACE_PASS_DELAY_MS = 400;
/** Hovers and completions push a pending workspace pass back (see postponeWorkspacePass), up to this long. */
const WORKSPACE_PASS_MAX_WAIT_MS = 2000;

export interface PublisherHost {
  readonly connection: Connection;
  readonly service: NetpolService;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: SettingsStore;
  /** Notices that stand for a file's findings (skipped for its size, not text). */
  readonly notices: ReadonlyMap<string, readonly Finding[]>;
  /** True while an open document's edit waits for the debounce: its own publish comes first. */
  isPending(uri: string): boolean;
  /** False for files read only for a panel outside the workspace folders. */
  isPublished(uri: string): boolean;
  /** The workspace changed (reachability panels are told once changes pause). */
  workspaceChanged(): void;
  /** The client re-asks for CodeLenses when told (`workspace/codeLens/refresh`): VS Code does, Neovim 0.7 does not. */
  canRefreshCodeLenses(): boolean;
}

/**
 * Pushes diagnostics (`publishDiagnostics`: not every client pulls). An edit publishes its file at once, with the
 * file's own findings and the workspace findings of its unchanged documents; a debounced workspace pass then
 * brings every file's workspace-aware findings up to date and republishes only the files whose diagnostics changed.
 */
export class DiagnosticsPublisher {
  /** What was last published per URI, to republish only what a workspace pass changed. */
  private readonly published = new Map<string, string>();
  private workspacePass: ReturnType<typeof setTimeout> | undefined;
  /** When the pending workspace pass was first asked for. */
  private workspacePassDue: number | undefined;
  /** The cluster model the lenses were last refreshed for: "selects N workloads" counts depend on every file. */
  private lensModel: object | undefined;

  constructor(private readonly host: PublisherHost) {}

  /** Publishes a file's diagnostics now (workspace findings as last computed), and schedules a workspace pass. */
  publish(uri: string): void {
    const { service, documents, settings, connection } = this.host;
    guard(connection, `diagnostics for ${uri}`, undefined, () => {
      if (!this.host.isPublished(uri)) return;
      const notice = this.host.notices.get(uri);
      if (notice) return this.send(uri, notice, () => ({ line: 0, character: 0 }));
      const file = service.getFile(uri);
      if (!file) return;
      this.send(uri, service.getDiagnostics(uri, settings.forUri(uri), { workspace: 'cached' }), positionsOf(file, documents.get(uri)));
    });
    this.scheduleWorkspacePass();
  }

  publishAll(): void {
    for (const file of this.host.service.files()) this.publish(file.uri);
    for (const uri of this.host.notices.keys()) this.publish(uri);
  }

  /** Clears a file's diagnostics (deleted, or no longer analysed). */
  clear(uri: string): void {
    this.published.delete(uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.scheduleWorkspacePass();
  }

  /** After a pause, recomputes the workspace-aware findings of every file and republishes those that changed. */
  scheduleWorkspacePass(): void {
    this.host.workspaceChanged();
    this.workspacePassDue ??= Date.now();
    this.startTimer();
  }

  /**
   * A hover or a completion pushes a pending workspace pass back: on a file of thousands of policies the pass takes
   * hundreds of milliseconds, and a request that arrives while it runs waits for it (measured: a hover of 683 ms
   * on the 5,000-policy file, right after typing). Never later than WORKSPACE_PASS_MAX_WAIT_MS after it was due.
   */
  postponeWorkspacePass(): void {
    if (!this.workspacePass || this.workspacePassDue === undefined) return;
    if (Date.now() + WORKSPACE_PASS_DELAY_MS - this.workspacePassDue > WORKSPACE_PASS_MAX_WAIT_MS) return;
    this.startTimer();
  }

  private startTimer(): void {
    if (this.workspacePass) clearTimeout(this.workspacePass);
    this.workspacePass = setTimeout(() => {
      this.workspacePass = undefined;
      this.workspacePassDue = undefined;
      this.runWorkspacePass();
    }, WORKSPACE_PASS_DELAY_MS);
  }

  private runWorkspacePass(): void {
    const { service, documents, settings, connection } = this.host;
    guard(connection, 'workspace diagnostics', undefined, () => {
      for (const file of service.files()) {
        if (this.host.isPending(file.uri) || !this.host.isPublished(file.uri)) continue;
        this.send(file.uri, service.getDiagnostics(file.uri, settings.forUri(file.uri)), positionsOf(file, documents.get(file.uri)), true);
      }
      // Another file's workloads or policies may have changed what an open file's lenses count.
      if (this.host.canRefreshCodeLenses()) {
        const model = service.getClusterModel(settings.workspace);
        if (model !== this.lensModel) {
          this.lensModel = model;
          void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        }
      }
    });
  }

  private send(uri: string, findings: readonly Finding[], positionAt: PositionAt, onlyIfChanged = false): void {
    const diagnostics = findings.map((finding) => toDiagnostic(finding, positionAt));
    const key = JSON.stringify(diagnostics);
    if (onlyIfChanged && this.published.get(uri) === key) return;
    this.published.set(uri, key);
    void this.host.connection.sendDiagnostics({ uri, diagnostics });
  }
}
