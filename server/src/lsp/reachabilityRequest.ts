import type { CancellationToken } from 'vscode-languageserver';
import {
  ExplainConnectionRequest,
  PolicyFocusRequest,
  ReachabilityChangedNotification,
  ReachabilityRequest,
  type ReachabilityScope,
} from '../protocol/reachabilityProtocol';
import { isViewFilter, RequestCancelled, type AnalysisScope, type NetpolService, type RefFormatter } from '../service';
import type { DiskFiles } from './diskFiles';
import { guard } from './guard';
import { onGuardedRequest, type Lifecycle } from './lifecycle';
import type { PositionAt } from './positions';
import type { SettingsStore } from './settingsStore';
import { isInsideFolder, relativeToFolder, uriBasename, uriPath } from './uris';
import type { Connection } from 'vscode-languageserver';

/** How long the workspace must stay unchanged before panels are told to ask again. */
const CHANGED_DELAY_MS = 250;

/** What the reachability handlers need from the server that holds the workspace. */
export interface ReachabilityHost {
  readonly connection: Connection;
  readonly lifecycle: Lifecycle;
  readonly service: NetpolService;
  readonly settings: SettingsStore;
  readonly disk: DiskFiles;
  /** The workspace folders (URIs, as {@link DiskFiles} reads them). */
  roots(): readonly string[];
  /** Brings documents whose changes wait for the diagnostics debounce up to date. */
  flushPending(): void;
  positionsForUri(uri: string): PositionAt;
  /** Change notifications only for a client that can show the panel. */
  notifies(): boolean;
}

export interface ReachabilityHandlers {
  /** Call on every change of the workspace: panels are notified once changes pause. */
  workspaceChanged(): void;
}

/**
 * The reachability panel's requests (server/src/protocol/reachabilityProtocol.ts): the view of a scope (the
 * workspace, or a folder), the explanation of a cell and the focus of the policy under the cursor. The service
 * keeps an engine and a view per scope; this file only resolves the scope, reads a lone file's folder, and
 * formats places as the panel shows them. A folder outside the workspace folders is read alone (not below it),
 * within the scan's limits, and its files never get diagnostics; the requests are cancellable.
 */
export function registerReachabilityRequests(host: ReachabilityHost): ReachabilityHandlers {
  const { connection, lifecycle, service, settings } = host;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let notified = -1;

  onGuardedRequest(connection, lifecycle, ReachabilityRequest, 'reachability', null, async (params, token) => {
    const scope = await prepare(params, token);
    return service.getReachabilityView(settings.workspace, scope.analysis, { title: titleOf(scope), formatRef: refFormatter(scope), signal: token });
  });

  onGuardedRequest(connection, lifecycle, ExplainConnectionRequest, 'explain connection', null, async (params, token) => {
    const scope = await prepare(params, token);
    if (typeof params.from !== 'string' || typeof params.to !== 'string' || !isViewFilter(params.filter)) return null;
    return service.getExplanationViews(settings.workspace, scope.analysis, params.from, params.to, params.filter, refFormatter(scope)) ?? null;
  });

  onGuardedRequest(connection, lifecycle, PolicyFocusRequest, 'policy focus', null, async (params, token) => {
    const scope = await prepare(params, token);
    const target =
      typeof params.policy === 'string'
        ? { policy: params.policy }
        : typeof params.uri === 'string' && typeof params.offset === 'number'
          ? { uri: params.uri, offset: params.offset }
          : undefined;
    if (!target) return null;
    return service.getPolicyFocus(settings.workspace, scope.analysis, target, refFormatter(scope)) ?? null;
  });

  return {
    workspaceChanged() {
      if (!host.notifies()) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        guard(connection, 'reachability notification', undefined, () => {
          if (service.version === notified) return;
          notified = service.version;
          void connection.sendNotification(ReachabilityChangedNotification, { generation: notified });
        });
      }, CHANGED_DELAY_MS);
    },
  };

  /** Checks the scope, reads a folder outside the workspace once, and brings pending edits in. */
  async function prepare(params: ReachabilityScope, token: CancellationToken): Promise<Scope> {
    host.flushPending();
    const folderUri = params.folder;
    const folder = typeof folderUri === 'string' ? host.disk.folder(folderUri) : undefined;
    if (folder === undefined) return { analysis: {} };
    if (!host.roots().some((root) => isInsideFolder(folder, root))) await host.disk.scanOutsideFolder(folder, settings.workspace, token);
    if (token.isCancellationRequested) throw new RequestCancelled();
    return { folder, analysis: { uriPrefix: folder.replace(/\/?$/, '/') } };
  }

  function titleOf(scope: Scope): string {
    if (scope.folder) return uriBasename(scope.folder) || uriPath(scope.folder);
    const roots = host.roots();
    return roots.length === 0 ? 'open files' : roots.map((root) => uriBasename(root) || uriPath(root)).join(', ');
  }

  /** `folder/file.yaml:12:5`, relative to the scope or the workspace folder that holds the file. */
  function refFormatter(scope: Scope): RefFormatter {
    const bases = scope.folder ? [scope.folder] : host.roots();
    return (ref) => {
      const { line, character } = host.positionsForUri(ref.uri)(ref.start);
      let shown = ref.uri;
      if (!ref.uri.startsWith('untitled:')) {
        const base = bases.find((candidate) => isInsideFolder(ref.uri, candidate));
        // Several workspace folders: the folder's name first, as in VS Code's own labels.
        shown = base ? (bases.length > 1 ? `${uriBasename(base)}/` : '') + relativeToFolder(base, ref.uri) : host.disk.describe(ref.uri);
      }
      return `${shown}:${line + 1}:${character + 1}`;
    };
  }
}

interface Scope {
  readonly folder?: string;
  readonly analysis: AnalysisScope;
}
