import {
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SHOW_REACHABILITY_COMMAND } from '../protocol/commands';
import { createNetpolService, type ParsedFile } from '../service';
import { isYamlFileName } from '../yamlText';
import { ChangedRanges } from './changedRanges';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { ClusterFiles } from './clusterFiles';
import { isInsideFolder } from './uris';
import { DiskFiles, tooLargeFinding } from './diskFiles';
import type { FileSource, ServerEnvironment } from './fileSource';
import { guard, guardAsync } from './guard';
import { registerLanguageFeatures } from './languageFeatures';
import { Lifecycle } from './lifecycle';
import { createOpenDocuments } from './openDocuments';
import { positionsForUri } from './positions';
import { registerReachabilityRequests, type ReachabilityHost } from './reachabilityRequest';
import { registerReachabilityDiffRequest } from './reachabilityDiffRequest';
import { SettingsStore } from './settingsStore';
import { setRuleDocsBase } from './toDiagnostic';

/** How long typing must pause before diagnostics are recomputed (`initializationOptions.diagnosticsDelayMs`). */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 120;

/**
 * Open documents are analysed up to this multiple of `netpol.maxFileSize`; larger ones get one notice. 1: the
 * analyses grow about linearly now, but 20 MB of policies still take about 20 s of CPU time and 0.9 GB in
 * `netpol-lens check`, too much to repeat after each change of an open file.
 */
const OPEN_FILE_SIZE_FACTOR = 1;

/**
 * The NetworkPolicy language server: wires the language service (one {@link createNetpolService} for every YAML
 * file of the workspace: open documents from the editor, the rest from disk) to the connection. The concerns
 * live in their own files: document sync and the size gate (here), the disk (diskFiles.ts), publishing and the
 * debounced workspace pass (diagnosticsPublisher.ts), the editor features (languageFeatures.ts) and the panel's
 * requests (reachabilityRequest.ts). Every handler is guarded: one bad file can never stop the server.
 *
 * Nothing here needs Node: `environment` brings what does (server.ts: the disk; browserServer.ts, in a web
 * worker: the client's files through server/src/protocol/fileProtocol.ts).
 */
export function startNetpolServer(connection: Connection, environment: ServerEnvironment): void {
  setRuleDocsBase(environment.ruleDocsBase);
  const service = createNetpolService();
  const documents = createOpenDocuments();
  const changedRanges = new ChangedRanges();
  const settings = new SettingsStore();
  const lifecycle = new Lifecycle();
  /** Open documents whose latest edit waits for the debounce: uri -> its timer. */
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let roots: string[] = [];
  let folderUris: string[] = [];
  let clientCommands: ReadonlySet<string> = new Set();
  let canPullConfiguration = false;
  let canRefreshCodeLenses = false;
  let diagnosticsDelayMs = DEFAULT_DIAGNOSTICS_DELAY_MS;

  const disk: DiskFiles = new DiskFiles({
    connection,
    service,
    files: environment.files,
    isOpen: (uri) => documents.get(uri) !== undefined,
    changed: (uri) => publisher.publish(uri),
    removed: (uri) => publisher.clear(uri),
  });
  const unreadClusterFiles = new Set<string>();
  const clusterFiles = new ClusterFiles({
    files: environment.files,
    load: async (uri) => {
      await disk.load(uri, settings.workspace);
      // A dump over netpol.maxFileSize (or not UTF-8) is not read, and its notice is never published: say so once.
      const notice = disk.notices.get(uri)?.[0];
      if (notice && !unreadClusterFiles.has(uri))
        void connection.window.showWarningMessage(`NetworkPolicy Lens: the cluster file ${disk.describe(uri)} was not read. ${notice.message}`);
      if (notice) unreadClusterFiles.add(uri);
      else unreadClusterFiles.delete(uri);
    },
    release: async (uri) => {
      disk.forget(uri);
      if (roots.some((root) => isInsideFolder(uri, root))) await disk.load(uri, settings.workspace);
    },
    warn: (message) => connection.console.warn(message),
  });
  const reachabilityHost: ReachabilityHost = {
    connection,
    lifecycle,
    service,
    settings,
    disk,
    roots: () => roots,
    flushPending,
    positionsForUri: (uri) => positionsForUri(service, documents, uri),
    notifies: () => clientCommands.has(SHOW_REACHABILITY_COMMAND),
  };
  const reachability = registerReachabilityRequests(reachabilityHost);
  registerReachabilityDiffRequest(reachabilityHost);
  const publisher: DiagnosticsPublisher = new DiagnosticsPublisher({
    connection,
    service,
    documents,
    settings,
    notices: disk.notices,
    isPending: (uri) => pending.has(uri),
    // netpol.clusterFiles are context, never published (even open, or inside a workspace folder).
    isPublished: (uri) => !clusterFiles.has(uri) && (documents.get(uri) !== undefined || !disk.isOutside(uri)),
    workspaceChanged: () => reachability.workspaceChanged(),
    canRefreshCodeLenses: () => canRefreshCodeLenses,
  });
  registerLanguageFeatures({
    connection,
    lifecycle,
    service,
    documents,
    settings,
    fileFor,
    clientCommands: () => clientCommands,
    interactiveRequest: () => publisher.postponeWorkspacePass(),
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities?.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities?.workspace?.codeLens?.refreshSupport === true;
    const options = params.initializationOptions as
      { settings?: unknown; clientCommands?: unknown; diagnosticsDelayMs?: unknown; ruleDocsBase?: unknown } | undefined;
    settings.setPushed(options?.settings);
    ({ roots, folderUris } = workspaceRoots(params, environment.files));
    // A server without a disk of its own (the web worker) learns from the client where the rule docs are.
    if (environment.ruleDocsBase === undefined && typeof options?.ruleDocsBase === 'string') setRuleDocsBase(options.ruleDocsBase);
    // Benchmarks and tests set the delay to 0 to measure the work itself.
    if (typeof options?.diagnosticsDelayMs === 'number' && options.diagnosticsDelayMs >= 0) diagnosticsDelayMs = options.diagnosticsDelayMs;
    const commands = options?.clientCommands;
    clientCommands = new Set(Array.isArray(commands) ? commands.filter((c): c is string => typeof c === 'string') : []);
    lifecycle.initialized();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
        documentSymbolProvider: { label: 'NetworkPolicy' },
        hoverProvider: true,
        completionProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'netpol-lens' },
    };
  });

  connection.onShutdown(() => lifecycle.shutdown());

  connection.onInitialized(() =>
    guardAsync(connection, 'initialization', undefined, async () => {
      if (canPullConfiguration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpol' });
        await settings.pull(connection, folderUris);
        // Documents opened while the settings were on their way were checked with the defaults.
        publisher.publishAll();
      }
      // Before the scan: a policy in the workspace then replaces a cluster dump's copy (the later definition wins).
      await clusterFiles.update(settings.workspace.clusterFiles, roots[0], settings.workspace.maxFiles);
      await disk.scanRoots(roots, settings.workspace);
    }),
  );

  connection.onDidChangeConfiguration((change) =>
    guardAsync(connection, 'settings change', undefined, async () => {
      if (canPullConfiguration) await settings.pull(connection, folderUris);
      else settings.setPushed((change?.settings as { netpol?: unknown } | undefined)?.netpol);
      await clusterFiles.update(settings.workspace.clusterFiles, roots[0], settings.workspace.maxFiles);
      publisher.publishAll();
    }),
  );

  documents.onDidOpen((event) =>
    guard(connection, 'open', undefined, () => {
      changedRanges.forget(event.document.uri);
      updateOpenDocument(event.document, true);
    }),
  );
  documents.onDidChangeContent((event) => guard(connection, 'change', undefined, () => updateOpenDocument(event.document, false)));
  documents.onDidClose((event) =>
    guardAsync(connection, 'close', undefined, async () => {
      // The editor no longer owns the text: what is on disk counts again (unsaved changes were discarded).
      cancelPending(event.document.uri);
      changedRanges.forget(event.document.uri);
      await disk.load(event.document.uri, settings.workspace);
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    guardAsync(connection, 'file change', undefined, async () => {
      for (const change of params?.changes ?? []) {
        if (typeof change?.uri !== 'string' || documents.get(change.uri) || !isYamlFileName(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) disk.forget(change.uri);
        else await disk.load(change.uri, settings.workspace);
      }
    }),
  );

  // The documents' edits, seen before they are applied (ChangedRanges places them in the text they edit).
  // Notifications with params that are not an object are dropped here, before the library reads them.
  const valid =
    <P>(handler: (params: P) => unknown) =>
    (params: P): void => {
      if (typeof params === 'object' && params !== null) void handler(params);
    };
  documents.listen({
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(valid(handler)),
    onDidChangeTextDocument: (handler) =>
      connection.onDidChangeTextDocument(
        valid((params) => {
          guard(connection, 'change', undefined, () => changedRanges.record(documents.get(params.textDocument?.uri), params));
          return handler(params);
        }),
      ),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(valid(handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(valid(handler)),
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(valid(handler)),
  });
  connection.listen();

  function updateOpenDocument(document: TextDocument, immediately: boolean): void {
    if (!isYamlFileName(document.uri) && document.languageId !== 'yaml') return;
    cancelPending(document.uri);
    if (immediately) syncOpenDocument(document.uri);
    else
      pending.set(
        document.uri,
        setTimeout(() => syncOpenDocument(document.uri), diagnosticsDelayMs),
      );
  }

  /** Brings the service up to date with an open document's text (or its size notice), and publishes it. */
  function syncOpenDocument(uri: string): void {
    guard(connection, 'diagnostics', undefined, () => {
      pending.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      const text = document.getText();
      const change = changedRanges.take(uri);
      const limit = settings.workspace.maxFileSize * OPEN_FILE_SIZE_FACTOR;
      if (text.length > limit) return disk.skip(uri, [tooLargeFinding(text.length, limit, 'characters')]);
      disk.notices.delete(uri);
      service.setFile(uri, text, change);
      publisher.publish(uri);
    });
  }

  /** The parsed file for a request: a request never waits for the debounce, nor answers from stale text. */
  function fileFor(uri: unknown): ParsedFile | undefined {
    if (typeof uri !== 'string') return undefined;
    if (pending.has(uri)) {
      cancelPending(uri);
      syncOpenDocument(uri);
    }
    return service.getFile(uri);
  }

  function flushPending(): void {
    for (const uri of [...pending.keys()]) {
      cancelPending(uri);
      syncOpenDocument(uri);
    }
  }

  function cancelPending(uri: string): void {
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.delete(uri);
  }
}

/** The workspace folders: their URIs as the file source reads them, and as the client sent them (the settings' scopes). */
function workspaceRoots(params: InitializeParams, files: FileSource): { roots: string[]; folderUris: string[] } {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots: string[] = [];
  const folderUris: string[] = [];
  for (const uri of uris) {
    if (typeof uri !== 'string') continue;
    const root = files.folder(uri);
    if (root === undefined) continue; // not a folder this server can read: nothing to scan
    roots.push(root);
    folderUris.push(uri);
  }
  return { roots, folderUris };
}
