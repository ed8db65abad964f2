import { buildClusterModel } from './cluster/buildClusterModel';
import type { ClusterModel } from './cluster/clusterModel';
import type { PolicyModel } from './cluster/networkPolicy';
import type { SourceRef } from './cluster/sourceRef';
import { getFileFindings } from './diagnostics/fileFindings';
import { WorkspaceFindings } from './diagnostics/workspaceFindings';
import { getCodeLenses, type PolicyLens } from './features/codeLenses';
import { getCompletions, type CompletionProposal } from './features/completion';
import { getDocumentSymbols, type OutlineSymbol } from './features/documentSymbols';
import { getHover, type HoverResult } from './features/hover';
import type { Finding } from './findings';
import { getCodeActions } from './fixes/getCodeActions';
import type { FlowsReport } from './flows/evaluateFlows';
import { FlowsChecker } from './flows/flowsChecker';
import type { QuickFix } from './fixes/quickFix';
import type { ParsedFile, TextChange } from './parse/parsedFile';
import { explainConnection, type ConnectionExplanation, type ExplainQuery } from './reachability/explain';
import { ReachabilityEngine } from './reachability/reachabilityEngine';
import type { ReachabilityQuery, ReachabilityResult } from './reachability/result';
import { buildReachabilityView } from './reachabilityView/buildReachabilityView';
import { explainCell } from './reachabilityView/explanationView';
import { policyAt, policyFocus } from './reachabilityView/policyFocus';
import type { ExplanationView, PolicyFocus, ReachabilityView, ViewFilter } from './reachabilityView/viewModel';
import type { ServiceSettings } from './settings';
import { ManifestWorkspace } from './workspace';
import { WorkspaceAnalysis } from './workspaceAnalysis';

/**
 * What part of the workspace a reachability question is about: every file (no prefix), or the files whose URI
 * starts with `uriPrefix` (a folder's `file:` URI ending in `/`). Plain strings: the host resolves folders.
 */
export interface AnalysisScope {
  readonly uriPrefix?: string;
}

/** How a host shows a place in a file (`shop/policies.yaml:12:5`): it knows the paths and the line tables. */
export type RefFormatter = (ref: SourceRef) => string;

/** A policy to focus on: the one at an offset of a file, or one by `namespace/name`. */
export type PolicyTarget = { readonly uri: string; readonly offset: number } | { readonly policy: string };

/**
 * Checked between the steps of a long request; `isCancellationRequested` is the LSP token's own field, so the
 * server passes its token as it is.
 */
export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

/** Thrown by a method whose {@link CancellationSignal} was set between two of its steps. */
export class RequestCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'RequestCancelled';
  }
}

export interface DiagnosticsOptions {
  /**
   * `current` (the default) brings the workspace-aware findings up to date, building the cluster model when the
   * workspace changed; `cached` returns those last computed for the file's unchanged documents, which costs
   * nothing: what an edit shows at once, before the workspace pass that follows; `none` leaves them out (the
   * document's own validation and lints only).
   */
  readonly workspace?: 'current' | 'cached' | 'none';
}

/**
 * The NetworkPolicy Lens language service: one object that owns the workspace's files, the cluster model built
 * from them, the workspace-aware findings and the reachability engines with their caches. Every host (the
 * language server, the CLI, the tests) calls these methods, so they agree by construction.
 *
 * Methods take offsets and return plain data (offsets into the file's text): positions are the host's business.
 * Settings are passed per call and never kept; the cluster model depends on `defaultNamespace` only.
 */
export interface NetpolService {
  /** Sets a file's text; re-parses only the documents whose text changed (`change`: the edit, when known). */
  setFile(uri: string, text: string, change?: TextChange): ParsedFile;
  deleteFile(uri: string): boolean;
  getFile(uri: string): ParsedFile | undefined;
  files(): IterableIterator<ParsedFile>;
  /** Increases on every change of the workspace: the key of every cross-file cache. */
  readonly version: number;

  /** Every finding of a file (its own and the workspace-aware ones), at file offsets, with `settings.rules` applied. */
  getDiagnostics(uri: string, settings: ServiceSettings, options?: DiagnosticsOptions): Finding[];
  getHover(uri: string, offset: number, settings: ServiceSettings): HoverResult | undefined;
  getCompletions(uri: string, offset: number, settings: ServiceSettings): CompletionProposal[];
  /** Quick fixes for the findings in `[start, end)` (workspace-aware ones included), then refactorings. */
  getCodeActions(uri: string, start: number, end: number, settings: ServiceSettings, options?: { readonly workspace?: 'cached' | 'none' }): QuickFix[];
  getCodeLenses(uri: string, settings: ServiceSettings, options: { readonly canShowReachability: boolean }): PolicyLens[];
  getDocumentSymbols(uri: string): OutlineSymbol[];

  /** The cluster model of a scope (built once per workspace version and default namespace). */
  getClusterModel(settings: ServiceSettings, scope?: AnalysisScope): ClusterModel;
  /** Who may reach whom in a scope, for every port or for one `query` port. */
  getReachability(settings: ServiceSettings, scope?: AnalysisScope, query?: ReachabilityQuery): ReachabilityResult;
  /** The panel's view of a scope, for every port (cached per scope and workspace version). */
  getReachabilityView(
    settings: ServiceSettings,
    scope: AnalysisScope,
    options: { readonly title: string; readonly formatRef: RefFormatter; readonly signal?: CancellationSignal },
  ): ReachabilityView;
  /** Why `from` may or may not open connections to `to` (endpoint keys), for one port or every port; undefined when one is gone. */
  explainConnection(settings: ServiceSettings, scope: AnalysisScope, from: string, to: string, query?: ExplainQuery): ConnectionExplanation | undefined;
  /** The panel's explanation of a cell, per protocol the filter covers; undefined when an endpoint is gone. */
  getExplanationViews(
    settings: ServiceSettings,
    scope: AnalysisScope,
    from: string,
    to: string,
    filter: ViewFilter,
    formatRef: RefFormatter,
  ): ExplanationView[] | undefined;
  /** What a policy selects and allows; undefined when there is no such policy. */
  getPolicyFocus(settings: ServiceSettings, scope: AnalysisScope, target: PolicyTarget, formatRef: RefFormatter): PolicyFocus | undefined;
  /**
   * The flows of a file (intended connections, docs/flows.md), evaluated against the whole workspace; undefined when
   * there is no such file. Any file can be read as one; `getDiagnostics` does so for `netpol-flows.yaml` and
   * `*.netpol-flows.yaml`.
   */
  evaluateFlows(uri: string, settings: ServiceSettings): FlowsReport | undefined;
}

interface ScopeCache {
  engine: ReachabilityEngine;
  model?: { version: number; defaultNamespace: string; model: ClusterModel };
  view?: { version: number; defaultNamespace: string; title: string; view: ReachabilityView };
}

/** Scopes whose engines and views are kept; the least recently used beyond this many are dropped. */
const MAX_SCOPES = 8;

/**
 * Creates the language service. `workspace` may be given to share one (tests); by default the service owns a
 * new, empty one.
 */
export function createNetpolService(init: { readonly workspace?: ManifestWorkspace } = {}): NetpolService {
  const workspace = init.workspace ?? new ManifestWorkspace();
  const analysis = new WorkspaceAnalysis(workspace);
  const workspaceFindings = new WorkspaceFindings(analysis);
  /** Per scope key (`''`: the whole workspace): its engine, model and view; Map order is recency. */
  const scopes = new Map<string, ScopeCache>();
  const flows = new FlowsChecker((settings) => {
    const model = analysis.clusterModel(settings);
    return { model, result: scopeCache({}).engine.compute(model) };
  });

  function scopeCache(scope: AnalysisScope): ScopeCache {
    const key = scope.uriPrefix ?? '';
    let cache = scopes.get(key);
    if (cache) scopes.delete(key);
    else cache = { engine: new ReachabilityEngine() };
    scopes.set(key, cache);
    while (scopes.size > MAX_SCOPES) scopes.delete(scopes.keys().next().value as string);
    return cache;
  }

  function getClusterModel(settings: ServiceSettings, scope: AnalysisScope = {}): ClusterModel {
    const prefix = scope.uriPrefix;
    if (prefix === undefined) return analysis.clusterModel(settings);
    const cache = scopeCache(scope);
    const cached = cache.model;
    if (cached && cached.version === workspace.version && cached.defaultNamespace === settings.defaultNamespace) return cached.model;
    const inScope = (uri: string): boolean => uri.startsWith(prefix);
    const model = buildClusterModel(
      workspace.manifests().filter((manifest) => inScope(manifest.uri)),
      settings,
      [...workspace.allFiles()].filter((file) => inScope(file.uri)),
    );
    cache.model = { version: workspace.version, defaultNamespace: settings.defaultNamespace, model };
    return model;
  }

  function findPolicy(model: ClusterModel, target: PolicyTarget): PolicyModel | undefined {
    if ('policy' in target) return model.policies.find((candidate) => candidate.id === target.policy);
    const file = workspace.getFile(target.uri);
    return file && policyAt(model, file, target.offset);
  }

  return {
    setFile: (uri, text, change) => workspace.setFile(uri, text, change),
    deleteFile: (uri) => workspace.deleteFile(uri),
    getFile: (uri) => workspace.getFile(uri),
    files: () => workspace.allFiles(),
    get version() {
      return workspace.version;
    },

    getDiagnostics(uri, settings, options = {}) {
      const file = workspace.getFile(uri);
      if (!file) return [];
      const own = getFileFindings(file, settings);
      if (options.workspace === 'none') return [...own, ...flows.findings(file, settings, 'none')];
      const cross = options.workspace === 'cached' ? workspaceFindings.cachedForFile(file, settings) : workspaceFindings.forFile(file, settings);
      return [...own, ...cross, ...flows.findings(file, settings, options.workspace)];
    },

    getHover(uri, offset, settings) {
      const file = workspace.getFile(uri);
      return file && getHover(file, offset, { settings, facts: analysis.interactiveFacts(settings) });
    },

    getCompletions(uri, offset, settings) {
      const file = workspace.getFile(uri);
      return file ? getCompletions(file, offset, { facts: analysis.interactiveFacts(settings) }) : [];
    },

    getCodeActions(uri, start, end, settings, options = {}) {
      const file = workspace.getFile(uri);
      if (!file) return [];
      if (options.workspace === 'none') return getCodeActions(file, start, end, settings);
      // The workspace-aware findings as last published (recomputing them needs the whole model), and the model
      // and facts the workspace fixes read.
      const lintContext = { model: analysis.clusterModel(settings), settings };
      return getCodeActions(file, start, end, settings, { findings: workspaceFindings.cachedForFile(file, settings), lintContext });
    },

    getCodeLenses(uri, settings, options) {
      const file = workspace.getFile(uri);
      return file ? getCodeLenses(file, analysis.facts(settings), options) : [];
    },

    getDocumentSymbols(uri) {
      const file = workspace.getFile(uri);
      return file ? getDocumentSymbols(file) : [];
    },

    getClusterModel,

    getReachability(settings, scope = {}, query) {
      // The scope's engine keeps its per-class results: the next question after an edit costs what changed.
      return scopeCache(scope).engine.compute(getClusterModel(settings, scope), query);
    },

    getReachabilityView(settings, scope, options) {
      const cache = scopeCache(scope);
      const cached = cache.view;
      if (cached && cached.version === workspace.version && cached.defaultNamespace === settings.defaultNamespace && cached.title === options.title)
        return cached.view;
      const version = workspace.version;
      const model = getClusterModel(settings, scope);
      if (options.signal?.isCancellationRequested) throw new RequestCancelled();
      const result = cache.engine.compute(model);
      if (options.signal?.isCancellationRequested) throw new RequestCancelled();
      const view = buildReachabilityView(result, { title: options.title, generation: version, formatRef: options.formatRef });
      cache.view = { version, defaultNamespace: settings.defaultNamespace, title: options.title, view };
      return view;
    },

    explainConnection(settings, scope, from, to, query) {
      return explainConnection(getClusterModel(settings, scope), from, to, query);
    },

    getExplanationViews(settings, scope, from, to, filter, formatRef) {
      return explainCell(getClusterModel(settings, scope), from, to, filter, formatRef);
    },

    getPolicyFocus(settings, scope, target, formatRef) {
      const model = getClusterModel(settings, scope);
      const policy = findPolicy(model, target);
      return policy && policyFocus(model, policy, formatRef);
    },

    evaluateFlows(uri, settings) {
      const file = workspace.getFile(uri);
      return file && flows.evaluate(file, settings);
    },
  };
}
