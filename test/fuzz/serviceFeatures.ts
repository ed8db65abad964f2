import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as service from '../../server/src/service';
import {
  CellWords,
  computeExposure,
  computeReachabilityDiff,
  createNetpolService,
  describeCounterexample,
  describeFailure,
  describeFlow,
  describeTraffic,
  getCodeActions,
  getCodeLenses,
  getNotUtf8FileFindings,
  getCompletions,
  getDocumentSymbols,
  getFileFindings,
  getHover,
  LineIndex,
  ManifestWorkspace,
  parseFile,
  ruleInfo,
  WorkspaceAnalysis,
  WorkspaceFindings,
  type CompletionFacts,
  type Finding,
  type OutlineSymbol,
  type ParsedFile,
  type ServiceSettings,
  type WorkspaceFacts,
  type WorkspaceFixContext,
} from '../../server/src/service';
import * as reachability from '../../server/src/service/reachability';
import * as reachabilityView from '../../server/src/service/reachabilityView';
import {
  Aggregator,
  axisItems,
  buildReachabilityView,
  CellVerdicts,
  checkView,
  explainCell,
  groupId,
  policyAt,
  policyFocus,
  searchEndpoints,
} from '../../server/src/service/reachabilityView';
import type { SourceRef } from '../../server/src/service/cluster/sourceRef';
import {
  computeReachability,
  describeExplanation,
  explainConnection,
  ReachabilityEngine,
  type ReachabilityResult,
} from '../../server/src/service/reachability';
import { REPO_ROOT } from './corpus';
import { checkEditKeepsText } from './editsKeepText';

/**
 * Every feature of the language service, run on one text, with the invariants that hold for any input: nothing
 * throws, and every offset a feature returns lies within its file (start <= end). The fuzz tests call this on each
 * mutated manifest; the limits tests call it on hostile files.
 *
 * {@link EXERCISED} names what is run here; {@link unexercisedFeatures} lists what the service exports that looks
 * like a feature and is in neither that list nor {@link NOT_FEATURES}: a new feature must be added here.
 */
export const EXERCISED = [
  'getFileFindings',
  'getHover',
  'getCompletions',
  'getDocumentSymbols',
  'getCodeActions',
  'getCodeLenses',
  'WorkspaceAnalysis',
  'ModelFacts',
  'WorkspaceFindings',
  'ManifestWorkspace',
  'computeReachability',
  'ReachabilityEngine',
  'explainConnection',
  'describeExplanation',
  'buildReachabilityView',
  'explainCell',
  'policyAt',
  'policyFocus',
  'searchEndpoints',
  'checkView',
  'CellVerdicts',
  'Aggregator',
  'axisItems',
  'parseFile',
  'manifestAt',
  'documentAt',
  'nodeAtOffset',
  'LineIndex',
  // Through the facade (createNetpolService): flows files are checked by its FlowsChecker.
  'FlowsChecker',
  'describeFlow',
  'describeFailure',
  'describeCounterexample',
  'computeExposure',
  'computeReachabilityDiff',
  'CellWords',
  'describeTraffic',
  'getNotUtf8FileFindings',
] as const;

/** Exports that look like features by their names but are helpers of the features above, or plain data. */
export const NOT_FEATURES = [
  'parseYamlDocument',
  'parseKubernetesVersion',
  'applySeverityOverrides',
  'getDocumentFindings',
  'formatFieldPath',
  'ruleInfo',
  'applyEdits',
  'settingsKey',
  'locate',
  'formatPortSet',
  'portSetKey',
  'endpointIndex',
  'Bitset',
  'PortSetTable',
  // Helpers of the reachability view, and the webview's own layout (the webview is tested in test/webview/).
  'wantedPorts',
  'classify',
  'isSelf',
  'parseSearch',
  'matchesSearch',
  'groupId',
  'membersOf',
  'toExplanationView',
  'toViewRef',
  'isRef',
  'isRecord',
  'pairKey',
  // An error class (a cancelled request), not a feature.
  'RequestCancelled',
] as const;

/** Names of exports of the service (and of its reachability modules) that look like features and are not run here. */
export function unexercisedFeatures(): string[] {
  const known = new Set<string>([...EXERCISED, ...NOT_FEATURES]);
  const exports = { ...(service as Record<string, unknown>), ...(reachability as Record<string, unknown>), ...(reachabilityView as Record<string, unknown>) };
  return Object.entries(exports)
    .filter(
      ([name, value]) =>
        typeof value === 'function' && (/^(get|compute|build|find|provide|explain|describe|resolve|suggest|render)[A-Z]/.test(name) || /^[A-Z]/.test(name)),
    )
    .map(([name]) => name)
    .filter((name) => !known.has(name))
    .sort();
}

/**
 * A long-lived workspace, as in the language server: the fuzzed file is replaced case after case, beside the other
 * files, so that every cache (parsed documents, findings, the cluster model, the reachability engine) sees random
 * edits. Each result is also checked against a fresh computation.
 */
export class FuzzSession {
  readonly workspace = new ManifestWorkspace();
  readonly analysis = new WorkspaceAnalysis(this.workspace);
  readonly workspaceFindings = new WorkspaceFindings(this.analysis);
  readonly engine = new ReachabilityEngine();

  constructor(otherFiles: ReadonlyMap<string, string> = new Map()) {
    for (const [uri, text] of otherFiles) this.workspace.setFile(uri, text);
  }
}

export interface ExerciseOptions {
  /** The workspace to run in; a new one (with `otherFiles`) when absent. */
  readonly session?: FuzzSession;
  readonly settings?: ServiceSettings;
  /** Offsets (any integers: taken modulo the text's length + 1) to ask hovers, completions and code actions at. */
  readonly offsets?: readonly number[];
  /** The file before an edit: the text is also parsed incrementally from it, and must give the same findings. */
  readonly previous?: ParsedFile;
  /** Other files of the workspace (uri -> text), for the cross-file features. */
  readonly otherFiles?: ReadonlyMap<string, string>;
  /** Also run reachability between every pair of endpoints through `explainConnection` (slower). */
  readonly explainAllPairs?: boolean;
}

/** What one run saw: how far past the parser the fuzzing reached. */
export interface ExerciseReport {
  findings: number;
  workspaceFindings: number;
  hovers: number;
  completions: number;
  symbols: number;
  codeLenses: number;
  codeActions: number;
  endpoints: number;
  explanations: number;
}

export const FUZZ_URI = 'file:///fuzz/policy.yaml';

/** Workspace facts with odd answers, so that hovers and completions format strange workspace values too. */
export const ODD_FACTS: WorkspaceFacts & CompletionFacts = {
  selectedBy: () => ['default/web', 'ns-\u202E/odd`name*|', ''],
  matchedByPeer: () => [],
  resolveNamedPort: () => [{ endpoint: 'default/web', ports: [80, 65535] }],
  labelKeys: () => ['app', '__proto__', 'k'.repeat(80)],
  labelValues: () => ['web', ''],
  namespaceNames: () => ['default', 'kube-system'],
  namedPorts: () => ['http', 'metrics'],
};

/** The examples' namespaces and workloads: a small cluster for policies to select. */
export function exampleCluster(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['examples/cluster/namespaces.yaml', 'examples/cluster/platform.yaml', 'examples/shop/workloads.yaml']) {
    files.set(`file:///fuzz/${path.basename(name)}`, readFileSync(path.join(REPO_ROOT, name), 'utf8'));
  }
  return files;
}

export function emptyReport(): ExerciseReport {
  return { findings: 0, workspaceFindings: 0, hovers: 0, completions: 0, symbols: 0, codeLenses: 0, codeActions: 0, endpoints: 0, explanations: 0 };
}

/**
 * Runs every feature on `text` (in a workspace with `otherFiles`) and checks the invariants; throws (an assertion
 * error, or what a feature threw) when one does not hold.
 */
export function exerciseService(text: string, options: ExerciseOptions = {}): ExerciseReport {
  const settings = options.settings ?? service.DEFAULT_SETTINGS;
  const report = emptyReport();
  // The workspace parses each file once for every feature, the cross-file ones included.
  const session = options.session ?? new FuzzSession(options.otherFiles);
  const { workspace, analysis } = session;
  const file = workspace.setFile(FUZZ_URI, text);
  const length = text.length;

  // Diagnostics: inside the text, with a registered code, and the same whether parsed afresh or after an edit.
  const findings = getFileFindings(file, settings);
  findings.forEach((finding) => checkFinding(finding, length));
  report.findings = findings.length;
  if (options.previous) {
    const incremental = parseFile(FUZZ_URI, text, options.previous);
    assert.deepEqual(getFileFindings(incremental, settings), findings, 'an incremental parse gives other findings than a fresh one');
  }
  const workspaceFindings = session.workspaceFindings.forFile(file, settings);
  for (const finding of workspaceFindings) {
    checkFinding(finding, length);
    report.workspaceFindings++;
  }
  assert.deepEqual(session.workspaceFindings.cachedForFile(file, settings), workspaceFindings, 'cached workspace findings differ from the last computed');
  if (options.session) {
    const fresh = new WorkspaceFindings(new WorkspaceAnalysis(workspace)).forFile(file, settings);
    assert.deepEqual(workspaceFindings, fresh, 'workspace findings after many edits differ from a fresh computation');
  }

  // Positions: what the LSP and the CLI do with each offset.
  const lines = new LineIndex(text);
  for (const finding of findings) assert.equal(lines.offsetAt(lines.positionAt(finding.start)), finding.start, 'offset -> position -> offset');

  // Outline and CodeLens.
  const visit = (symbol: OutlineSymbol, depth: number) => {
    assert.ok(depth < 20, 'outline deeper than 20');
    checkSpan(`symbol ${symbol.name}`, symbol.start, symbol.end, length);
    checkSpan(`symbol ${symbol.name} selection`, symbol.selectionStart, symbol.selectionEnd, length);
    assert.equal(typeof symbol.name, 'string');
    report.symbols++;
    for (const child of symbol.children) visit(child, depth + 1);
  };
  for (const symbol of getDocumentSymbols(file)) visit(symbol, 0);
  const facts = analysis.facts(settings);
  for (const useFacts of [facts, undefined]) {
    for (const lens of getCodeLenses(file, useFacts, { canShowReachability: true })) {
      checkSpan(`lens ${lens.title}`, lens.start, lens.end, length);
      checkText('lens title', lens.title);
      if (lens.command?.kind === 'showWorkloads') lens.command.locations.forEach((ref) => checkRef(ref, workspace));
      report.codeLenses++;
    }
  }

  // What the language server passes to code actions, so that workspace-aware findings get their fixes too.
  const fixContext: WorkspaceFixContext = { findings: workspaceFindings, lintContext: { model: analysis.clusterModel(settings), settings } };

  // Cursor features at the chosen offsets and at both ends, with the workspace's facts, odd facts, or none.
  const offsets = [0, length, ...(options.offsets ?? []).map((raw) => Math.abs(raw) % (length + 1))];
  for (const [index, offset] of offsets.entries()) {
    const cursorFacts = [facts, ODD_FACTS, undefined][index % 3];
    const hover = getHover(file, offset, { settings, facts: cursorFacts });
    if (hover) {
      checkSpan('hover', hover.start, hover.end, length);
      checkText('hover', hover.markdown);
      report.hovers++;
    }
    for (const proposal of getCompletions(file, offset, { facts: cursorFacts })) {
      checkSpan(`completion ${String(proposal.label)}`, proposal.start, proposal.end, length);
      checkText('completion label', proposal.label);
      checkText('completion insertText', proposal.insertText);
      if (proposal.detail !== undefined) checkText('completion detail', proposal.detail);
      if (proposal.documentation !== undefined) checkText('completion documentation', proposal.documentation);
      report.completions++;
    }
    const target = service.manifestAt(file, offset);
    if (target) checkSpan('manifestAt', target.target.start + target.documentOffset, target.target.end + target.documentOffset, length);
    report.codeActions += checkCodeActions(file, offset, Math.min(length, offset + 40), settings, fixContext);
  }
  report.codeActions += checkCodeActions(file, 0, length, settings, fixContext);

  // Reachability over the workspace: the whole picture, one port, a named port, globs; and explanations.
  const model = analysis.clusterModel(settings);
  const fresh = computeReachability(model);
  if (options.session)
    assert.deepEqual(byPortSet(session.engine.compute(model)), byPortSet(fresh), 'the incremental reachability engine disagrees with a fresh computation');
  const results: ReachabilityResult[] = [
    fresh,
    computeReachability(model, { port: 80, protocol: 'TCP', from: ['*'], to: ['*/web*', '??*'] }),
    computeReachability(model, { port: 'http', protocol: 'UDP' }),
  ];
  for (const result of results) {
    assert.equal(result.classOf.length, result.endpoints.length);
    for (const endpoint of result.endpoints) if (endpoint.ref) checkRef(endpoint.ref, workspace);
    for (const policy of result.policies) checkRef(policy.ref, workspace);
  }
  report.endpoints = model.endpoints.length;

  // The reachability panel's view of it (what the server sends the webview, and the HTML report renders), which
  // must pass the webview's own check; a search; the explanation of a cell; the focus of the policy at a cursor.
  const formatRef = (ref: SourceRef) => `${ref.uri}:${ref.start}`;
  const view = buildReachabilityView(fresh, { title: 'fuzz \u202e<b>', generation: workspace.version, formatRef });
  assert.equal(checkView(JSON.parse(JSON.stringify(view))), undefined, 'the view fails the webview check');
  searchEndpoints(view, offsets.length % 2 === 0 ? 'app=web ns:shop' : '*/( [');
  for (const filter of [
    { port: 'any' as const, protocol: 'any' as const },
    { port: 80, protocol: 'TCP' as const },
    { port: 'http', protocol: 'UDP' as const },
  ]) {
    if (model.endpoints.length > 0) explainCell(model, model.endpoints[0].key, model.endpoints[model.endpoints.length - 1].key, filter, formatRef);
  }
  explainCell(model, 'no/such', 'endpoint', { port: 'any', protocol: 'any' }, formatRef);
  // The panel's matrix: every cell's verdict, and the summaries of the collapsed and expanded groups.
  for (const filter of [
    { port: 'any' as const, protocol: 'any' as const },
    { port: 'http', protocol: 'TCP' as const },
  ]) {
    const verdicts = new CellVerdicts(view, filter);
    for (const from of view.sources) for (const to of view.destinations) verdicts.level(from, to);
    const aggregator = new Aggregator(verdicts);
    const collapsed = new Set(view.groups.filter((_, i) => i % 2 === 0).map((_, i) => groupId(view, i * 2)));
    const rows = axisItems(view, view.sources, undefined, collapsed);
    const columns = axisItems(view, view.destinations, searchEndpoints(view, 'a'), new Set());
    for (const row of rows) for (const column of columns) aggregator.aggregate(row, column);
  }
  for (const offset of offsets) {
    const policy = policyAt(model, file, offset);
    if (policy) policyFocus(model, policy, formatRef);
  }
  // The cells in words (the CLI's formats), what is exposed beyond the workspace, and what the text changes
  // against the workspace without it (the diff).
  const words = new CellWords(view);
  describeTraffic(view);
  for (const from of view.sources.slice(0, 20)) for (const to of view.destinations.slice(0, 20)) words.cell(from, to);
  for (const exposure of computeExposure(model, fresh)) assert.equal(typeof exposure, 'object');
  const others = [...workspace.allFiles()].filter((other) => other.uri !== file.uri).map((other) => ({ uri: other.uri, text: other.text }));
  const diff = computeReachabilityDiff({ base: others, head: [...others, { uri: file.uri, text }], settings });
  assert.ok(Array.isArray(diff.diff.connections), 'the diff has its connections');
  // The text as a flows file (and as bytes that are not UTF-8), through the facade as the server runs it.
  const flowsService = createNetpolService();
  for (const [uri, other] of exampleCluster()) flowsService.setFile(uri, other);
  const flowsUri = 'file:///fuzz/fuzz.netpol-flows.yaml';
  flowsService.setFile(flowsUri, text);
  for (const finding of flowsService.getDiagnostics(flowsUri, settings)) checkSpan(`flows finding ${finding.code}`, finding.start, finding.end, text.length);
  for (const result of flowsService.evaluateFlows(flowsUri, settings)?.results ?? []) {
    describeFlow(result.entry);
    if (!result.holds) describeFailure(result);
    for (const counterexample of result.counterexamples) describeCounterexample(counterexample);
  }
  const bytes = new TextEncoder().encode(text);
  assert.equal(getNotUtf8FileFindings(Uint8Array.of(...bytes.slice(0, 64), 0xff), settings).length, 1);
  const keys = model.endpoints.map((endpoint) => endpoint.key);
  const pairs: [string, string][] = options.explainAllPairs
    ? keys.flatMap((a) => keys.map((b): [string, string] => [a, b]))
    : keys.length > 0
      ? [[keys[0], keys[keys.length - 1]]]
      : [];
  for (const [from, to] of pairs) {
    for (const query of [{}, { port: 80 }, { port: 'http' }]) {
      const explanation = explainConnection(model, from, to, query);
      assert.ok(explanation, `no explanation for known endpoints ${from} -> ${to}`);
      describeExplanation(explanation, (ref) => `${ref.uri}:${ref.start}`);
      report.explanations++;
    }
  }
  return report;
}

/**
 * A result with each cell's port set in place of its index into `portSets`: the incremental engine keeps its table
 * of port sets from one computation to the next, so its `portSets` may hold sets no cell uses any more.
 */
function byPortSet(result: ReachabilityResult): unknown {
  const { portSets, cells, ...rest } = result;
  return { ...rest, cells: cells?.map((row) => row.map((index) => portSets?.[index])) };
}

function checkFinding(finding: Finding, length: number): void {
  checkSpan(`finding ${finding.code}`, finding.start, finding.end, length);
  assert.ok(ruleInfo(finding.code), `finding code ${finding.code} is not in the rule catalog`);
  assert.ok(['error', 'warning', 'information', 'hint'].includes(finding.severity), `finding severity ${finding.severity}`);
  assert.equal(typeof finding.message, 'string');
  assert.ok(finding.message.length > 0, `finding ${finding.code} has an empty message`);
}

/** Code actions on a range: each within the text, and keeping the user's text (see editsKeepText.ts). */
function checkCodeActions(file: ParsedFile, start: number, end: number, settings: ServiceSettings, fixContext: WorkspaceFixContext): number {
  const actions = getCodeActions(file, start, end, settings, fixContext);
  for (const action of actions) {
    checkText('code action title', action.title);
    checkEditKeepsText(file.text, action, settings);
  }
  return actions.length;
}

function checkRef(ref: { uri: string; start: number; end: number }, workspace: ManifestWorkspace): void {
  const target = workspace.getFile(ref.uri);
  assert.ok(target, `a reference to ${ref.uri}, which is not in the workspace`);
  checkSpan(`reference into ${ref.uri}`, ref.start, ref.end, target.text.length);
}

/**
 * Text shown to the user is a string, and never JavaScript's own functions: a lookup like `TABLE[key]` with the
 * key `constructor` or `toString` (from the user's YAML) finds `Object.prototype`'s.
 */
function checkText(what: string, text: unknown): void {
  assert.equal(typeof text, 'string', `${what} is a ${typeof text}, not a string`);
  assert.ok(!(text as string).includes('[native code]'), `${what} shows a JavaScript function: ${JSON.stringify(text)}`);
}

export function checkSpan(what: string, start: number, end: number, length: number): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: offsets ${start}..${end} are not integers`);
  assert.ok(0 <= start && start <= end && end <= length, `${what}: span ${start}..${end} is outside the text (length ${length})`);
}
