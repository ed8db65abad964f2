import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import {
  ExplainConnectionRequest,
  PolicyFocusRequest,
  ReachabilityChangedNotification,
  ReachabilityRequest,
  type ReachabilityScope,
} from '../protocol/reachabilityProtocol';
import type { LineCharacter, ManifestWorkspace, WorkspaceAnalysis } from '../service';
import { buildClusterModel } from '../service/cluster/buildClusterModel';
import type { ClusterModel } from '../service/cluster/clusterModel';
import type { SourceRef } from '../service/cluster/sourceRef';
import { ReachabilityEngine } from '../service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../service/reachabilityView/buildReachabilityView';
import { explainCell } from '../service/reachabilityView/explanationView';
import { policyAt, policyFocus } from '../service/reachabilityView/policyFocus';
import type { ReachabilityView } from '../service/reachabilityView/viewModel';
import { isViewFilter } from '../service/reachabilityView/validateView';
import { guard, guardAsync } from './guard';
import type { ServerSettings } from './serverSettings';

/** How long the workspace must stay unchanged before panels are told to ask again. */
const CHANGED_DELAY_MS = 250;

/** What the reachability handlers need from the server that holds the workspace. */
export interface ReachabilityHost {
  readonly workspace: ManifestWorkspace;
  readonly analysis: WorkspaceAnalysis;
  settings(): ServerSettings;
  /** The workspace folders (absolute paths). */
  roots(): readonly string[];
  /** Brings documents whose changes wait for the diagnostics debounce up to date. */
  flushPending(): void;
  /** Reads a folder outside the workspace folders into the workspace (a panel for a lone file's folder). */
  scanFolder(folder: string): Promise<void>;
  positionAt(uri: string, offset: number): LineCharacter;
}

export interface ReachabilityHandlers {
  /** Call on every change of the workspace: panels are notified once changes pause. */
  workspaceChanged(): void;
}

/**
 * The reachability panel's requests: the view of a scope (the workspace, or a folder), the explanation of a cell
 * and the focus of the policy under the cursor. Every handler is guarded, and the view comes from an engine kept
 * per scope, so typing in one policy recomputes only what that policy touches.
 */
export function registerReachabilityRequests(connection: Connection, host: ReachabilityHost, options: { notify: () => boolean }): ReachabilityHandlers {
  const engines = new Map<string, ReachabilityEngine>();
  const models = new Map<string, { version: number; defaultNamespace: string; model: ClusterModel }>();
  const scanned = new Set<string>();
  const views = new Map<string, { version: number; defaultNamespace: string; view: ReachabilityView }>();
  let timer: NodeJS.Timeout | undefined;
  let notified = -1;

  connection.onRequest(ReachabilityRequest, (params) =>
    guardAsync<ReachabilityView | null>(connection, 'reachability', null, async () => {
      const scope = await prepare(params);
      const settings = host.settings();
      const key = scope.folder ?? '';
      const cached = views.get(key);
      if (cached && cached.version === host.workspace.version && cached.defaultNamespace === settings.defaultNamespace) return cached.view;
      const model = modelFor(scope);
      let engine = engines.get(key);
      if (!engine) engines.set(key, (engine = new ReachabilityEngine()));
      const view = buildReachabilityView(engine.compute(model), { title: titleOf(scope), generation: host.workspace.version, formatRef: refFormatter(scope) });
      views.set(key, { version: host.workspace.version, defaultNamespace: settings.defaultNamespace, view });
      return view;
    }),
  );

  connection.onRequest(ExplainConnectionRequest, (params) =>
    guardAsync(connection, 'explain connection', null, async () => {
      const scope = await prepare(params);
      if (typeof params.from !== 'string' || typeof params.to !== 'string' || !isViewFilter(params.filter)) return null;
      return explainCell(modelFor(scope), params.from, params.to, params.filter, refFormatter(scope)) ?? null;
    }),
  );

  connection.onRequest(PolicyFocusRequest, (params) =>
    guardAsync(connection, 'policy focus', null, async () => {
      const scope = await prepare(params);
      const model = modelFor(scope);
      let policy;
      if (typeof params.policy === 'string') policy = model.policies.find((candidate) => candidate.id === params.policy);
      else if (typeof params.uri === 'string' && typeof params.offset === 'number') {
        const file = host.workspace.getFile(params.uri);
        policy = file && policyAt(model, file, params.offset);
      }
      return policy ? policyFocus(model, policy, refFormatter(scope)) : null;
    }),
  );

  return {
    workspaceChanged() {
      if (!options.notify()) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        guard(connection, 'reachability notification', undefined, () => {
          if (host.workspace.version === notified) return;
          notified = host.workspace.version;
          void connection.sendNotification(ReachabilityChangedNotification, { generation: notified });
        });
      }, CHANGED_DELAY_MS);
    },
  };

  /** Checks the scope, reads a folder outside the workspace once, and brings pending edits in. */
  async function prepare(params: ReachabilityScope | undefined): Promise<Scope> {
    host.flushPending();
    const folderUri = params?.folder;
    if (typeof folderUri !== 'string' || !folderUri.startsWith('file:')) return {};
    let folder: string;
    try {
      folder = path.resolve(fileURLToPath(folderUri));
    } catch {
      return {};
    }
    const insideRoot = host.roots().some((root) => isInside(folder, root));
    if (!insideRoot && !scanned.has(folder)) {
      scanned.add(folder);
      await host.scanFolder(folder);
    }
    return { folder, prefix: pathToFileURL(folder).toString().replace(/\/?$/, '/') };
  }

  function modelFor(scope: Scope): ClusterModel {
    const settings = host.settings();
    if (!scope.folder) return host.analysis.clusterModel(settings);
    const cached = models.get(scope.folder);
    if (cached && cached.version === host.workspace.version && cached.defaultNamespace === settings.defaultNamespace) return cached.model;
    const inScope = (uri: string) => uri.startsWith(scope.prefix!);
    const model = buildClusterModel(
      host.workspace.manifests().filter((manifest) => inScope(manifest.uri)),
      settings,
      [...host.workspace.allFiles()].filter((file) => inScope(file.uri)),
    );
    models.set(scope.folder, { version: host.workspace.version, defaultNamespace: settings.defaultNamespace, model });
    return model;
  }

  function titleOf(scope: Scope): string {
    if (scope.folder) return path.basename(scope.folder) || scope.folder;
    const roots = host.roots();
    return roots.length === 0 ? 'open files' : roots.map((root) => path.basename(root) || root).join(', ');
  }

  /** `folder/file.yaml:12:5`, relative to the scope or the workspace folder that holds the file. */
  function refFormatter(scope: Scope): (ref: SourceRef) => string {
    const bases = scope.folder ? [scope.folder] : host.roots();
    return (ref) => {
      const { line, character } = host.positionAt(ref.uri, ref.start);
      let shown = ref.uri;
      try {
        const file = fileURLToPath(ref.uri);
        const base = bases.find((candidate) => isInside(file, candidate));
        shown = base ? path.relative(bases.length > 1 ? path.dirname(base) : base, file).split(path.sep).join('/') : file;
      } catch {
        // not a file: URI (an untitled document): show it as it is
      }
      return `${shown}:${line + 1}:${character + 1}`;
    };
  }
}

interface Scope {
  readonly folder?: string;
  /** The folder as a `file:` URI ending in `/`. */
  readonly prefix?: string;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
