import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCodeActions, getCodeLenses, getCompletions, getDocumentSymbols, WorkspaceAnalysis, WorkspaceFindings, getFileFindings, getHover, LineIndex, ManifestWorkspace, type Finding, type LineCharacter, type ParsedFile } from '../service';
import { decodeText, findYamlFiles, isYamlFileName } from '../node/yamlFiles';
import { ChangedRanges } from './changedRanges';
import { guard, guardAsync } from './guard';
import { registerReachabilityRequests } from './reachabilityRequest';
import { DEFAULT_SERVER_SETTINGS, readServerSettings, type ServerSettings } from './serverSettings';
import { toCodeAction } from './toCodeAction';
import { SHOW_REACHABILITY_COMMAND, toCodeLens } from './toCodeLens';
import { toCompletionItem } from './toCompletionItem';
import { toDiagnostic } from './toDiagnostic';
import { toDocumentSymbol } from './toDocumentSymbol';

/** How long typing must pause before diagnostics are recomputed (`initializationOptions.diagnosticsDelayMs`). */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 120;

/** How long all edits must pause before the workspace-aware findings of every file are brought up to date. */
const WORKSPACE_PASS_DELAY_MS = 400;
/** Hovers and completions push a pending workspace pass back (see postponeWorkspacePass), up to this long. */
const WORKSPACE_PASS_MAX_WAIT_MS = 2000;

/** How many files the workspace scan reads at once. */
const SCAN_CONCURRENCY = 16;

/**
 * Open documents are analysed up to this multiple of `netpol.maxFileSize`; larger ones get one notice. 1: the
 * analyses grow about linearly now, but 20 MB of policies still take about 20 s of CPU time and 0.9 GB in
 * `netpol-lens check`, too much to repeat after each change of an open file.
 */
const OPEN_FILE_SIZE_FACTOR = 1;

/**
 * The NetworkPolicy language server: keeps a {@link ManifestWorkspace} of every YAML file of the workspace (open
 * documents from the editor, the rest from disk), and pushes diagnostics (`publishDiagnostics`: not every client
 * pulls). Every handler is guarded: one bad file can never stop the server.
 */
export function startNetpolServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const changedRanges = new ChangedRanges();
  const workspace = new ManifestWorkspace();
  const analysis = new WorkspaceAnalysis(workspace);
  const workspaceFindings = new WorkspaceFindings(analysis);
  /** What was last published per URI, to republish only what a workspace pass changed. */
  const published = new Map<string, string>();
  let workspacePass: NodeJS.Timeout | undefined;
  /** When the pending workspace pass was first asked for. */
  let workspacePassDue: number | undefined;
  /** Client commands the server may put in CodeLenses (VS Code's client registers them; other editors do not). */
  let clientCommands = new Set<string>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Files skipped for their size: uri -> size in bytes. */
  const tooLarge = new Map<string, number>();
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  let roots: string[] = [];
  let canPullConfiguration = false;
  /** The client re-asks for CodeLenses when told (`workspace/codeLens/refresh`): VS Code does, Neovim 0.7 does not. */
  let canRefreshCodeLenses = false;
  /** The cluster model the lenses were last refreshed for: "selects N workloads" counts depend on every file. */
  let lensModel: object | undefined;
  let diagnosticsDelayMs = DEFAULT_DIAGNOSTICS_DELAY_MS;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    settings = readServerSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    roots = workspaceRoots(params);
    const options = params.initializationOptions as { clientCommands?: unknown; diagnosticsDelayMs?: unknown } | undefined;
    // Benchmarks and tests set the delay to 0 to measure the work itself.
    if (typeof options?.diagnosticsDelayMs === 'number' && options.diagnosticsDelayMs >= 0) diagnosticsDelayMs = options.diagnosticsDelayMs;
    const commands = options?.clientCommands;
    clientCommands = new Set(Array.isArray(commands) ? commands.filter((c): c is string => typeof c === 'string') : []);
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

  connection.onInitialized(() =>
    guardAsync(connection, 'initialization', undefined, async () => {
      if (canPullConfiguration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpol' });
        await reloadSettings();
        // Documents opened while the settings were on their way were checked with the defaults.
        publishAll();
      }
      await scanWorkspace();
    }),
  );

  connection.onDidChangeConfiguration((change) =>
    guardAsync(connection, 'settings change', undefined, async () => {
      if (canPullConfiguration) await reloadSettings();
      else settings = readServerSettings((change.settings as { netpol?: unknown } | undefined)?.netpol);
      publishAll();
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
      await loadFromDisk(event.document.uri);
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    guardAsync(connection, 'file change', undefined, async () => {
      for (const change of params.changes) {
        if (documents.get(change.uri) || !isYamlFileName(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) forget(change.uri);
        else await loadFromDisk(change.uri);
      }
    }),
  );

  connection.onHover((params) =>
    guard(connection, 'hover', null, () => {
      postponeWorkspacePass();
      const file = fileFor(params.textDocument.uri);
      if (!file) return null;
      const open = documents.get(file.uri);
      const offset = open ? open.offsetAt(params.position) : new LineIndex(file.text).offsetAt(params.position);
      const hover = getHover(file, offset, { settings, facts: analysis.facts(settings) });
      if (!hover) return null;
      const positionAt = positionsOf(file, open);
      return { contents: { kind: 'markdown', value: hover.markdown }, range: { start: positionAt(hover.start), end: positionAt(hover.end) } };
    }),
  );

  connection.onCompletion((params) =>
    guard(connection, 'completion', [], () => {
      postponeWorkspacePass();
      const file = fileFor(params.textDocument.uri);
      if (!file) return [];
      const open = documents.get(file.uri);
      const offset = open ? open.offsetAt(params.position) : new LineIndex(file.text).offsetAt(params.position);
      const positionAt = positionsOf(file, open);
      return getCompletions(file, offset, { facts: analysis.facts(settings) }).map((proposal) => toCompletionItem(proposal, positionAt));
    }),
  );

  connection.onCodeAction((params) =>
    guard(connection, 'code actions', [], () => {
      const file = fileFor(params.textDocument.uri);
      if (!file) return [];
      const open = documents.get(file.uri);
      const lines = open ?? new LineIndex(file.text);
      const start = lines.offsetAt(params.range.start);
      const end = lines.offsetAt(params.range.end);
      const positionAt = positionsOf(file, open);
      const only = params.context.only;
      const lintContext = { model: analysis.clusterModel(settings), facts: analysis.facts(settings), settings };
      return getCodeActions(file, start, end, settings, { findings: workspaceFindings.cachedForFile(file, settings), lintContext })
        .filter((fix) => !only || only.some((kind) => fix.kind === kind || fix.kind.startsWith(`${kind}.`)))
        .map((fix) => toCodeAction(fix, file.uri, positionAt));
    }),
  );

  connection.onCodeLens((params) =>
    guard(connection, 'code lenses', [], () => {
      const file = fileFor(params.textDocument.uri);
      if (!file) return [];
      const positionAt = positionsOf(file, documents.get(file.uri));
      const lenses = getCodeLenses(file, analysis.facts(settings), { canShowReachability: clientCommands.has(SHOW_REACHABILITY_COMMAND) });
      return lenses.map((lens) => toCodeLens(lens, file.uri, positionAt, (uri) => positionsForUri(uri)));
    }),
  );

  connection.onDocumentSymbol((params) =>
    guard(connection, 'document symbols', [], () => {
      const file = fileFor(params.textDocument.uri);
      if (!file) return [];
      const positionAt = positionsOf(file, documents.get(file.uri));
      return getDocumentSymbols(file).map((symbol) => toDocumentSymbol(symbol, positionAt));
    }),
  );

  // The reachability panel's requests (server/src/protocol/reachabilityProtocol.ts); change notifications only
  // for a client that can show the panel.
  const reachability = registerReachabilityRequests(
    connection,
    {
      workspace,
      analysis,
      settings: () => settings,
      roots: () => roots,
      flushPending: () => {
        for (const uri of [...pending.keys()]) {
          cancelPending(uri);
          syncOpenDocument(uri);
        }
      },
      scanFolder: (folder) => scanFolder(folder),
      positionAt: (uri, offset) => positionsForUri(uri)(offset),
    },
    { notify: () => clientCommands.has(SHOW_REACHABILITY_COMMAND) },
  );

  // The documents' edits, seen before they are applied (ChangedRanges places them in the text they edit).
  documents.listen({
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(handler),
    onDidChangeTextDocument: (handler) =>
      connection.onDidChangeTextDocument((params) => {
        guard(connection, 'change', undefined, () => changedRanges.record(documents.get(params.textDocument.uri), params));
        return handler(params);
      }),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(handler),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(handler),
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(handler),
  });
  connection.listen();

  function updateOpenDocument(document: TextDocument, immediately: boolean): void {
    if (!isYamlFileName(document.uri) && document.languageId !== 'yaml') return;
    cancelPending(document.uri);
    if (immediately) syncOpenDocument(document.uri);
    else pending.set(document.uri, setTimeout(() => syncOpenDocument(document.uri), diagnosticsDelayMs));
  }

  /** Brings the workspace up to date with an open document's text, and publishes its diagnostics. */
  function syncOpenDocument(uri: string): void {
    guard(connection, 'diagnostics', undefined, () => {
      pending.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      const text = document.getText();
      const change = changedRanges.take(uri);
      if (text.length > settings.maxFileSize * OPEN_FILE_SIZE_FACTOR) {
        tooLarge.set(uri, text.length);
        workspace.deleteFile(uri);
      } else {
        tooLarge.delete(uri);
        workspace.setFile(uri, text, change);
      }
      publish(uri);
    });
  }

  /** The parsed file for a request: a request never waits for the debounce, nor answers from stale text. */
  function fileFor(uri: string): ParsedFile | undefined {
    if (pending.has(uri)) {
      cancelPending(uri);
      syncOpenDocument(uri);
    }
    return workspace.getFile(uri);
  }

  function cancelPending(uri: string): void {
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.delete(uri);
  }

  async function reloadSettings(): Promise<void> {
    const scopeUri = roots.length > 0 ? pathToFileURL(roots[0]).toString() : undefined;
    settings = readServerSettings(await connection.workspace.getConfiguration({ scopeUri, section: 'netpol' }));
  }

  async function scanWorkspace(): Promise<void> {
    for (const root of roots) await scanFolder(root);
  }

  async function scanFolder(root: string): Promise<void> {
    const files = await findYamlFiles(root, {
      exclude: settings.exclude,
      onError: (file, error) => connection.console.warn(`Skipped ${file}: ${error.code ?? error.message}`),
    });
    // A few reads in flight at once: one at a time, the scan waited on the disk a third of the time.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const uri = pathToFileURL(files[next++]).toString();
        if (!documents.get(uri)) await loadFromDisk(uri);
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
  }

  async function loadFromDisk(uri: string): Promise<void> {
    let filePath: string;
    try {
      filePath = fileURLToPath(uri);
    } catch {
      return forget(uri);
    }
    let bytes: Buffer;
    try {
      const stat = await fs.stat(filePath);
      if (!stat.isFile()) return forget(uri);
      if (stat.size > settings.maxFileSize) {
        connection.console.info(`Skipped ${filePath}: ${stat.size} bytes is more than netpol.maxFileSize (${settings.maxFileSize}).`);
        // One notice on the file, so that a policy file too large to be checked is not silently unchecked.
        tooLarge.set(uri, stat.size);
        workspace.deleteFile(uri);
        return publish(uri);
      }
      bytes = await fs.readFile(filePath);
    } catch {
      return forget(uri);
    }
    if (documents.get(uri)) return; // opened while we were reading: the editor's text wins
    const text = decodeText(bytes);
    if (text === undefined) return forget(uri);
    workspace.setFile(uri, text);
    publish(uri);
  }

  function forget(uri: string): void {
    tooLarge.delete(uri);
    workspace.deleteFile(uri);
    published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    scheduleWorkspacePass();
  }

  /** Positions in any file of the workspace (for locations in other files). */
  function positionsForUri(uri: string): (offset: number) => LineCharacter {
    const file = workspace.getFile(uri);
    if (!file) return () => ({ line: 0, character: 0 });
    return positionsOf(file, documents.get(uri));
  }

  function publishAll(): void {
    for (const file of workspace.allFiles()) publish(file.uri);
    for (const uri of tooLarge.keys()) publish(uri);
  }

  /**
   * Publishes a file's diagnostics: its own findings, and the workspace findings of its unchanged documents (a
   * workspace pass, scheduled here, brings the rest up to date once typing pauses).
   */
  function publish(uri: string): void {
    guard(connection, `diagnostics for ${uri}`, undefined, () => {
      const size = tooLarge.get(uri);
      if (size !== undefined) {
        send(uri, [tooLargeFinding(size, settings.maxFileSize)], () => ({ line: 0, character: 0 }));
        return;
      }
      const file = workspace.getFile(uri);
      if (!file) return;
      send(uri, [...getFileFindings(file, settings), ...workspaceFindings.cachedForFile(file, settings)], positionsOf(file, documents.get(uri)));
    });
    scheduleWorkspacePass();
  }

  /** After a pause, recomputes the workspace-aware findings of every file and republishes those that changed. */
  function scheduleWorkspacePass(): void {
    reachability.workspaceChanged();
    workspacePassDue ??= Date.now();
    startWorkspacePassTimer();
  }

  /**
   * A hover or a completion pushes a pending workspace pass back: on a file of thousands of policies the pass takes
   * hundreds of milliseconds, and a request that arrives while it runs waits for it (measured: a hover of 683 ms
   * on the 5,000-policy file, right after typing). Never later than WORKSPACE_PASS_MAX_WAIT_MS after it was due.
   */
  function postponeWorkspacePass(): void {
    if (!workspacePass || workspacePassDue === undefined) return;
    if (Date.now() + WORKSPACE_PASS_DELAY_MS - workspacePassDue > WORKSPACE_PASS_MAX_WAIT_MS) return;
    startWorkspacePassTimer();
  }

  function startWorkspacePassTimer(): void {
    if (workspacePass) clearTimeout(workspacePass);
    workspacePass = setTimeout(() => {
      workspacePass = undefined;
      workspacePassDue = undefined;
      guard(connection, 'workspace diagnostics', undefined, () => {
        for (const file of workspace.allFiles()) {
          if (pending.has(file.uri)) continue; // still being typed in: its own publish comes first
          const findings = [...getFileFindings(file, settings), ...workspaceFindings.forFile(file, settings)];
          send(file.uri, findings, positionsOf(file, documents.get(file.uri)), true);
        }
        // Another file's workloads or policies may have changed what an open file's lenses count.
        if (canRefreshCodeLenses) {
          const model = analysis.clusterModel(settings);
          if (model !== lensModel) {
            lensModel = model;
            void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
          }
        }
      });
    }, WORKSPACE_PASS_DELAY_MS);
  }

  function send(uri: string, findings: readonly Finding[], positionAt: (offset: number) => LineCharacter, onlyIfChanged = false): void {
    const diagnostics = findings.map((finding) => toDiagnostic(finding, positionAt));
    const key = JSON.stringify(diagnostics);
    if (onlyIfChanged && published.get(uri) === key) return;
    published.set(uri, key);
    void connection.sendDiagnostics({ uri, diagnostics });
  }
}

function tooLargeFinding(size: number, maxFileSize: number): Finding {
  return {
    code: 'file.too-large',
    severity: 'information',
    message: `This file has ${size} characters, more than netpol.maxFileSize (${maxFileSize * OPEN_FILE_SIZE_FACTOR}): it was skipped. Raise netpol.maxFileSize to analyse it.`,
    start: 0,
    end: 0,
  };
}

const lineIndexes = new WeakMap<ParsedFile, LineIndex>();

/** Offsets to positions: the open document knows its lines; for files on disk, a line index built once per text. */
function positionsOf(file: ParsedFile, open: TextDocument | undefined): (offset: number) => LineCharacter {
  if (open && open.getText() === file.text) return (offset) => open.positionAt(offset);
  let index = lineIndexes.get(file);
  if (!index) lineIndexes.set(file, (index = new LineIndex(file.text)));
  const built = index;
  return (offset) => built.positionAt(offset);
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots: string[] = [];
  for (const uri of uris) {
    if (!uri.startsWith('file:')) continue;
    try {
      roots.push(path.resolve(fileURLToPath(uri)));
    } catch {
      // not a local folder: nothing to scan
    }
  }
  return roots;
}
