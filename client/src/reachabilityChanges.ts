/**
 * What the workspace's changes open and close (issue 14): the base side is read through VS Code's git extension
 * (its API works wherever git runs: local, remote and web workspaces with git), sent to the language server as the
 * texts that differ (`netpol/reachabilityDiff`, server/src/protocol/changesProtocol.ts); the server compares them
 * with the live workspace, unsaved edits included. A status bar item says "opens N · closes M" and follows the
 * server's `netpol/reachabilityChanged`; its command lists the changes with their before and after explanations.
 * Without git the command says so and nothing else changes.
 */
import * as vscode from 'vscode';
import type {
  BaseFile,
  BaseRepository,
  ChangeReasonLine,
  ConnectionChangeView,
  ReachabilityDiffParams,
  ReachabilityDiffView,
} from '../../server/src/protocol/changesProtocol';
import type { ReachabilityChangedParams } from '../../server/src/protocol/reachabilityProtocol';
import { CHOOSE_CHANGES_BASE_COMMAND, SHOW_REACHABILITY_CHANGES_COMMAND } from '../../server/src/protocol/commands';

/** What the changes ask of the language server. */
export interface ChangesServer {
  reachabilityDiff(params: ReachabilityDiffParams): Promise<ReachabilityDiffView | null>;
  onReachabilityChanged(listener: (params: ReachabilityChangedParams) => void): vscode.Disposable;
}

/** The base revision: a ref (`HEAD`, a branch, a commit) or the merge base of HEAD with a branch. */
export type ChangesBase = { readonly ref: string } | { readonly mergeBaseWith: string };

export const NO_GIT_MESSAGE = 'Changes need a git repository.';

/** The part of the git extension's API (extensions/git/src/api/git.d.ts, version 1) used here. */
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}
interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
  readonly status: number;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly workingTreeChanges: readonly GitChange[];
    readonly untrackedChanges?: readonly GitChange[];
    readonly onDidChange: vscode.Event<void>;
  };
  show(ref: string, path: string): Promise<string>;
  diffWith(ref: string): Promise<GitChange[]>;
  getMergeBase(ref1: string, ref2: string): Promise<string | undefined>;
  getBranches?(query: { remote?: boolean }): Promise<{ readonly name?: string; readonly remote?: string }[]>;
}

/** git's Status enum (the values the API returns). */
const Status = { INDEX_ADDED: 1, INDEX_DELETED: 2, INDEX_RENAMED: 3, DELETED: 6, UNTRACKED: 7, INTENT_TO_ADD: 9, ADDED_BY_US: 11 } as const;

const isYaml = (uri: vscode.Uri) => /\.ya?ml$/i.test(uri.path);
const REFRESH_DELAY_MS = 300;

/** The latest answer, for the status bar and the tests. */
export interface ChangesState {
  readonly text?: string;
  readonly view?: ReachabilityDiffView;
  readonly reason?: string;
}

/**
 * The status bar item, the commands' state, and a CodeLens "this change opens N · closes M" above each policy that
 * explains some of the changes.
 */
export class ReachabilityChanges implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly item = vscode.window.createStatusBarItem('netpol.changes', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item, this.lensesChanged];
  private readonly watched = new Set<GitRepository>();
  private base: ChangesBase = { ref: 'HEAD' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private latest: ChangesState = {};
  private readonly listeners: ((state: ChangesState) => void)[] = [];

  constructor(private readonly server: () => Promise<ChangesServer>) {
    this.item.name = 'NetworkPolicy Lens: reachability changes';
    this.item.command = SHOW_REACHABILITY_CHANGES_COMMAND;
  }

  /** Once the client is loaded: follow the server's change notifications and the repositories' states. */
  start(server: ChangesServer): vscode.Disposable {
    this.disposables.push(server.onReachabilityChanged(() => this.schedule()));
    this.schedule();
    return this;
  }

  get state(): ChangesState {
    return this.latest;
  }

  /** Resolves with the next state computed after this call (tests wait on it). */
  nextState(): Promise<ChangesState> {
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  setBase(base: ChangesBase): void {
    this.base = base;
    this.schedule(0);
  }

  schedule(delay = REFRESH_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  /** One computation at a time; a request during one runs once more after it. */
  async refresh(): Promise<ChangesState> {
    if (this.running) {
      this.again = true;
      await this.running;
      return this.latest;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          this.show(await this.compute());
        } catch (error) {
          this.show({ reason: error instanceof Error ? error.message : String(error) });
        }
      } while (this.again);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return this.latest;
  }

  /** Asks the server now. */
  async compute(): Promise<ChangesState> {
    const api = await gitApi();
    if (!api) return { reason: NO_GIT_MESSAGE };
    const repositories = repositoriesOf(api);
    if (repositories.length === 0) return { reason: NO_GIT_MESSAGE };
    for (const repository of repositories) this.watch(repository);
    const base = this.base;
    const label = 'ref' in base ? base.ref : `merge base with ${base.mergeBaseWith}`;
    const sent: BaseRepository[] = [];
    for (const repository of repositories) sent.push(await readBase(repository, base));
    const view = await (await this.server()).reachabilityDiff({ base: label, repositories: sent });
    if (!view) return { reason: 'The language server could not compare the reachability.' };
    return { view, text: statusText(view) };
  }

  private show(state: ChangesState): void {
    this.latest = state;
    if (state.view && state.text) {
      this.item.text = `$(git-compare) ${state.text}`;
      this.item.tooltip = `Reachability changes since ${state.view.base}: ${headline(state.view)} Click to list them.`;
      this.item.show();
    } else this.item.hide();
    this.lensesChanged.fire();
    for (const listener of this.listeners.splice(0)) listener(state);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const view = this.latest.view;
    if (!view) return [];
    const uri = document.uri.toString();
    return view.policies
      .filter((policy) => policy.ref.uri === uri && (policy.opens > 0 || policy.closes > 0))
      .map((policy) => {
        const at = document.positionAt(policy.ref.start);
        return new vscode.CodeLens(new vscode.Range(at, at), {
          title: `since ${view.base}: opens ${policy.opens} · closes ${policy.closes}`,
          tooltip: `Connections whose verdict changed and that ${policy.policy} takes part in; click to list every change.`,
          command: SHOW_REACHABILITY_CHANGES_COMMAND,
        });
      });
  }

  private watch(repository: GitRepository): void {
    if (this.watched.has(repository)) return;
    this.watched.add(repository);
    // A commit, a checkout or a save moves the base side or the disk's texts.
    this.disposables.push(repository.state.onDidChange(() => this.schedule()));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** The command: the changes in a quick pick; choosing one shows its before and after explanations. */
  async showList(): Promise<void> {
    const state = await this.refresh();
    if (!state.view) {
      void vscode.window.showInformationMessage(`NetworkPolicy Lens: ${state.reason ?? NO_GIT_MESSAGE}`);
      return;
    }
    const view = state.view;
    if (view.connections.length === 0) {
      void vscode.window.showInformationMessage(`NetworkPolicy Lens: no reachability changes since ${view.base}.`);
      return;
    }
    type ChangeItem = vscode.QuickPickItem & { change: ConnectionChangeView };
    const items: ChangeItem[] = view.connections.map((change) => ({
      label: `${change.change === 'added' ? '$(add)' : change.change === 'removed' ? '$(remove)' : '$(diff-modified)'} ${change.from} → ${change.to}`,
      description: `${change.protocol} ${change.change === 'ports-changed' ? `${change.before} → ${change.after}` : change.ports} · ${changeWord(change)}`,
      detail: change.summary,
      change,
    }));
    const title = `Since ${view.base}: ${headline(view)}${view.omitted > 0 ? ` (${view.omitted} more not listed)` : ''}`;
    const chosen = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: 'Choose a change to see why, before and after',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (chosen) await this.showExplanation(view, chosen.change);
  }

  private async showExplanation(view: ReachabilityDiffView, change: ConnectionChangeView): Promise<void> {
    type LineItem = vscode.QuickPickItem & { line?: ChangeReasonLine; before?: boolean };
    const lines = (list: readonly ChangeReasonLine[], before: boolean): LineItem[] =>
      list.map((line) => ({ label: line.text, description: line.place, line, before }));
    const items: LineItem[] = [
      {
        label: `Before (${view.base}): ${change.before === 'none' ? 'denied' : `${change.protocol} ${change.before}`}`,
        kind: vscode.QuickPickItemKind.Separator,
      },
      ...lines(change.beforeWhy, true),
      { label: `Now: ${change.after === 'none' ? 'denied' : `${change.protocol} ${change.after}`}`, kind: vscode.QuickPickItemKind.Separator },
      ...lines(change.afterWhy, false),
    ];
    const chosen = await vscode.window.showQuickPick(items, {
      title: `${change.from} → ${change.to} ${change.protocol} ${change.port}: ${changeWord(change)}`,
      placeHolder: 'Choose a line to open its YAML',
    });
    if (!chosen?.line) return;
    await reveal(chosen.line, chosen.before === true, view.base, this.base);
  }

  /** The command that chooses the base: HEAD, a local branch, or the merge base with one. */
  async chooseBase(): Promise<void> {
    const api = await gitApi();
    const repository = api ? repositoriesOf(api)[0] : undefined;
    if (!repository) {
      void vscode.window.showInformationMessage(`NetworkPolicy Lens: ${NO_GIT_MESSAGE}`);
      return;
    }
    const branches = ((await repository.getBranches?.({ remote: false }).catch(() => [])) ?? []).flatMap((branch) => (branch.name ? [branch.name] : []));
    type BaseItem = vscode.QuickPickItem & { base: ChangesBase };
    const items: BaseItem[] = [
      { label: 'HEAD', description: 'the last commit', base: { ref: 'HEAD' } },
      ...branches.map((name) => ({
        label: `merge base with ${name}`,
        description: 'what this branch changes, as a pull request would',
        base: { mergeBaseWith: name },
      })),
      ...branches.map((name) => ({ label: name, description: 'the branch as it is now', base: { ref: name } })),
    ];
    const chosen = await vscode.window.showQuickPick(items, { title: 'Compare reachability with' });
    if (chosen) {
      this.setBase(chosen.base);
      await this.showList();
    }
  }
}

/** Registers the commands and the status bar item; `start` it once the language client is loaded. */
export function registerReachabilityChanges(context: vscode.ExtensionContext, server: () => Promise<ChangesServer>): ReachabilityChanges {
  const changes = new ReachabilityChanges(server);
  context.subscriptions.push(
    changes,
    vscode.commands.registerCommand(SHOW_REACHABILITY_CHANGES_COMMAND, async (argument?: unknown) => {
      const base = readBaseArgument(argument);
      if (base) changes.setBase(base);
      await changes.showList();
    }),
    vscode.commands.registerCommand(CHOOSE_CHANGES_BASE_COMMAND, () => changes.chooseBase()),
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, changes),
  );
  return changes;
}

function readBaseArgument(argument: unknown): ChangesBase | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { base, mergeBaseWith } = argument as { base?: unknown; mergeBaseWith?: unknown };
  if (typeof mergeBaseWith === 'string' && mergeBaseWith !== '') return { mergeBaseWith };
  if (typeof base === 'string' && base !== '') return { ref: base };
  return undefined;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** `opens 2 · closes 1` (and `· 3 ports changed`). */
function statusText(view: ReachabilityDiffView): string {
  return `opens ${view.added} · closes ${view.removed}${view.portsChanged > 0 ? ` · ${view.portsChanged} ports changed` : ''}`;
}

/** `This change opens 2 connections and closes 1.`, as the CLI's diff says it. */
export function headline(view: ReachabilityDiffView): string {
  const ports = view.portsChanged > 0 ? `; changes the ports of ${plural(view.portsChanged, 'connection', 'connections')}` : '';
  return `this change opens ${plural(view.added, 'connection', 'connections')} and closes ${view.removed}${ports}.`;
}

function changeWord(change: ConnectionChangeView): string {
  return change.change === 'added' ? 'opened' : change.change === 'removed' ? 'closed' : 'ports changed';
}

/** The git extension's API once it has found the repositories; undefined without git. */
async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  let exports: GitExtension;
  try {
    exports = extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      const listener = api.onDidChangeState((state) => {
        if (state !== 'initialized') return;
        clearTimeout(timer);
        listener.dispose();
        resolve();
      });
    });
  }
  return api;
}

/** The repositories that hold the workspace folders (each once). */
function repositoriesOf(api: GitApi): GitRepository[] {
  const found: GitRepository[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const repository = api.getRepository(folder.uri);
    if (repository && !found.includes(repository)) found.push(repository);
  }
  return found;
}

/**
 * The texts at the base that differ from what the server holds: files changed, deleted or renamed since the base
 * (`git show`), and open documents with unsaved edits that git sees as unchanged (their base text is the disk's);
 * files absent at the base are listed as added.
 */
async function readBase(repository: GitRepository, base: ChangesBase): Promise<BaseRepository> {
  const ref = 'ref' in base ? base.ref : await repository.getMergeBase('HEAD', base.mergeBaseWith);
  if (!ref) throw new Error(`No merge base with ${'mergeBaseWith' in base ? base.mergeBaseWith : ''}.`);
  const changed: BaseFile[] = [];
  const added: string[] = [];
  const seen = new Set<string>();
  const showBase = async (uri: vscode.Uri) => {
    seen.add(uri.toString());
    try {
      changed.push({ uri: uri.toString(), text: await repository.show(ref, uri.fsPath) });
    } catch {
      added.push(uri.toString()); // not at the base after all
    }
  };
  const untracked = repository.state.untrackedChanges ?? repository.state.workingTreeChanges.filter((change) => change.status === Status.UNTRACKED);
  for (const change of [...(await repository.diffWith(ref)), ...untracked]) {
    const uri = change.renameUri ?? change.uri;
    if (change.status === Status.INDEX_RENAMED) {
      if (isYaml(change.originalUri)) await showBase(change.originalUri);
      if (isYaml(uri)) {
        seen.add(uri.toString());
        added.push(uri.toString());
      }
      continue;
    }
    if (!isYaml(uri) || seen.has(uri.toString())) continue;
    if (
      change.status === Status.INDEX_ADDED ||
      change.status === Status.UNTRACKED ||
      change.status === Status.INTENT_TO_ADD ||
      change.status === Status.ADDED_BY_US
    ) {
      seen.add(uri.toString());
      added.push(uri.toString());
    } else await showBase(uri);
  }
  const root = repository.rootUri.toString().replace(/\/?$/, '/');
  const decoder = new TextDecoder();
  for (const document of vscode.workspace.textDocuments) {
    const key = document.uri.toString();
    if (!document.isDirty || document.uri.scheme !== repository.rootUri.scheme || !key.startsWith(root) || !isYaml(document.uri) || seen.has(key)) continue;
    try {
      changed.push({ uri: key, text: decoder.decode(await vscode.workspace.fs.readFile(document.uri)) });
    } catch {
      added.push(key); // not on disk: new, never saved
    }
  }
  return { root: repository.rootUri.toString(), changed, added };
}

/** Opens a line's YAML: the live document at the ref's offsets, or the base revision's text at its line. */
async function reveal(line: ChangeReasonLine, before: boolean, baseLabel: string, base: ChangesBase): Promise<void> {
  if (line.ref && !before) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(line.ref.uri));
    const range = new vscode.Range(document.positionAt(line.ref.start), document.positionAt(line.ref.end));
    await vscode.window.showTextDocument(document, { selection: range });
    return;
  }
  const match = line.place ? /^(.*):(\d+):(\d+)$/.exec(line.place) : null;
  if (!match) return;
  const [, file, lineNumber, column] = match;
  const folder =
    vscode.workspace.workspaceFolders?.find((candidate) => file === candidate.name || file.startsWith(`${candidate.name}/`)) ??
    vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const relative = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? file.slice(folder.name.length + 1) : file;
  let uri = vscode.Uri.joinPath(folder.uri, relative);
  const api = await gitApi();
  if (api && 'ref' in base) uri = api.toGitUri(uri, base.ref);
  else if (api && 'mergeBaseWith' in base) {
    const ref = await api.getRepository(uri)?.getMergeBase('HEAD', base.mergeBaseWith);
    if (ref) uri = api.toGitUri(uri, ref);
  }
  const position = new vscode.Position(Number(lineNumber) - 1, Number(column) - 1);
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
  } catch {
    void vscode.window.showInformationMessage(`NetworkPolicy Lens: ${line.place} at ${baseLabel} could not be opened.`);
  }
}
