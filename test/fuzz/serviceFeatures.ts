import { strict as assert } from 'node:assert';
import * as service from '../../server/src/service';
import {
  applyEdits,
  getCodeActions,
  getCompletions,
  getDocumentSymbols,
  getFileFindings,
  getHover,
  LineIndex,
  ManifestWorkspace,
  parseFile,
  ruleInfo,
  type CompletionFacts,
  type OutlineSymbol,
  type ParsedFile,
  type ServiceSettings,
  type WorkspaceFacts,
} from '../../server/src/service';

/**
 * Every feature the language service exports, run on one text, with the invariants that hold for any input:
 * nothing throws, and every offset a feature returns lies within the text (start <= end). This is what the fuzz
 * tests call on each mutated manifest; the limits tests call it on hostile files.
 *
 * {@link EXERCISED_FEATURES} names the exports exercised here; a test fails (strictly under `npm run fuzz`) when the
 * service exports a feature-like function that is in neither that list nor {@link NOT_FEATURES}.
 */
export const EXERCISED_FEATURES = [
  'getFileFindings',
  'getHover',
  'getCompletions',
  'getDocumentSymbols',
  'getCodeActions',
  'computeReachability',
  'buildClusterModel',
  'parseFile',
  'manifestAt',
  'documentAt',
  'nodeAtOffset',
  'locate',
] as const;

/** Exports that look like features by their names but are helpers that the features above already run. */
export const NOT_FEATURES = ['parseYamlDocument', 'parseKubernetesVersion', 'applySeverityOverrides', 'getDocumentFindings', 'formatFieldPath', 'ruleInfo', 'applyEdits', 'settingsKey'] as const;

/** Names of service exports that look like features (`getX`, `computeX`, ...) and that this harness does not run. */
export function unexercisedFeatures(): string[] {
  const known = new Set<string>([...EXERCISED_FEATURES, ...NOT_FEATURES]);
  return Object.entries(service as Record<string, unknown>)
    .filter(([name, value]) => typeof value === 'function' && /^(get|compute|build|find|provide|explain|describe|resolve|suggest|format|render)[A-Z]/.test(name))
    .map(([name]) => name)
    .filter((name) => !known.has(name))
    .sort();
}

export interface ExerciseOptions {
  readonly settings?: ServiceSettings;
  /** Offsets (any integers: taken modulo the text's length + 1) to ask hovers, completions and code actions at. */
  readonly offsets?: readonly number[];
  /** The file before an edit: the text is also parsed incrementally from it, and must give the same findings. */
  readonly previousText?: string;
  /** Other files of the workspace, for the cross-file features. */
  readonly otherFiles?: ReadonlyMap<string, string>;
}

/** What one run saw: handy for figures (how many findings, hovers, ... the fuzzer reached). */
export interface ExerciseReport {
  findings: number;
  hovers: number;
  completions: number;
  symbols: number;
  codeActions: number;
  reachabilityRuns: number;
}

export const FUZZ_URI = 'file:///fuzz/policy.yaml';

/** Workspace facts with a few odd answers, so that hovers and completions take their "with facts" paths too. */
export const ODD_FACTS: WorkspaceFacts & CompletionFacts = {
  selectedBy: () => ['default/web', 'ns-\u202E/odd`name*', ''],
  matchedByPeer: () => [],
  resolveNamedPort: () => [{ endpoint: 'default/web', ports: [80, 65535] }],
  labelKeys: () => ['app', '__proto__', 'k'.repeat(80)],
  labelValues: () => ['web', ''],
  namespaceNames: () => ['default', 'kube-system'],
  namedPorts: () => ['http', 'metrics'],
};

/**
 * Runs every feature on `text` and checks the invariants; throws (an assertion error, or what a feature threw)
 * when one does not hold.
 */
export function exerciseService(text: string, options: ExerciseOptions = {}): ExerciseReport {
  const settings = options.settings ?? service.DEFAULT_SETTINGS;
  const report: ExerciseReport = { findings: 0, hovers: 0, completions: 0, symbols: 0, codeActions: 0, reachabilityRuns: 0 };
  const file = parseFile(FUZZ_URI, text);
  const length = text.length;

  // Diagnostics: inside the text, with a registered code, and the same whether parsed afresh or after an edit.
  const findings = getFileFindings(file, settings);
  for (const finding of findings) {
    checkSpan(`finding ${finding.code}`, finding.start, finding.end, length);
    assert.ok(ruleInfo(finding.code), `finding code ${finding.code} is not in the rule catalog`);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(finding.severity), `finding severity ${finding.severity}`);
    assert.equal(typeof finding.message, 'string');
    assert.ok(finding.message.length > 0, `finding ${finding.code} has an empty message`);
  }
  report.findings = findings.length;
  if (options.previousText !== undefined) {
    const incremental = parseFile(FUZZ_URI, text, parseFile(FUZZ_URI, options.previousText));
    assert.deepEqual(getFileFindings(incremental, settings), findings, 'an incremental parse gives other findings than a fresh one');
  }

  // Positions: what the LSP and the CLI do with each offset.
  const lines = new LineIndex(text);
  for (const finding of findings) {
    const start = lines.positionAt(finding.start);
    assert.equal(lines.offsetAt(start), finding.start, 'offset -> position -> offset');
  }

  // Outline.
  const visit = (symbol: OutlineSymbol, depth: number) => {
    assert.ok(depth < 20, 'outline deeper than 20');
    checkSpan(`symbol ${symbol.name}`, symbol.start, symbol.end, length);
    checkSpan(`symbol ${symbol.name} selection`, symbol.selectionStart, symbol.selectionEnd, length);
    assert.equal(typeof symbol.name, 'string');
    report.symbols++;
    for (const child of symbol.children) visit(child, depth + 1);
  };
  for (const symbol of getDocumentSymbols(file)) visit(symbol, 0);

  // Cursor features at the chosen offsets, plus the ends of the text.
  const offsets = new Set<number>([0, length]);
  for (const raw of options.offsets ?? []) offsets.add(Math.abs(raw) % (length + 1));
  for (const offset of offsets) {
    for (const facts of [undefined, ODD_FACTS]) {
      const hover = getHover(file, offset, { settings, facts });
      if (hover) {
        checkSpan('hover', hover.start, hover.end, length);
        assert.equal(typeof hover.markdown, 'string');
        report.hovers++;
      }
      for (const proposal of getCompletions(file, offset, { facts })) {
        checkSpan(`completion ${proposal.label}`, proposal.start, proposal.end, length);
        assert.equal(typeof proposal.insertText, 'string');
        report.completions++;
      }
    }
    const target = service.manifestAt(file, offset);
    if (target) checkSpan('manifestAt', target.target.start + target.documentOffset, target.target.end + target.documentOffset, length);
    checkCodeActions(file, offset, Math.min(length, offset + 40), settings, report);
  }
  checkCodeActions(file, 0, length, settings, report);

  // Cross-file: a workspace holding this file and the others.
  const workspace = new ManifestWorkspace();
  for (const [uri, other] of options.otherFiles ?? []) workspace.setFile(uri, other);
  workspace.setFile(FUZZ_URI, text);
  runReachability(workspace, settings, report);
  return report;
}

function checkCodeActions(file: ParsedFile, start: number, end: number, settings: ServiceSettings, report: ExerciseReport): void {
  for (const action of getCodeActions(file, start, end, settings)) {
    assert.equal(typeof action.title, 'string');
    const sorted = [...action.edits].sort((a, b) => a.start - b.start);
    sorted.forEach((edit, i) => {
      checkSpan(`edit of "${action.title}"`, edit.start, edit.end, file.text.length);
      if (i > 0) assert.ok(sorted[i - 1].end <= edit.start, `edits of "${action.title}" overlap`);
    });
    applyEdits(file.text, action.edits);
    report.codeActions++;
  }
}

type Reachability = (workspace: ManifestWorkspace, settings: ServiceSettings, query?: unknown) => unknown;

/**
 * Reachability, through whatever the service exports: `computeReachability` when it exists, else the cluster
 * model that it is built on.
 */
function runReachability(workspace: ManifestWorkspace, settings: ServiceSettings, report: ExerciseReport): void {
  const exports = service as Record<string, unknown>;
  const compute = exports.computeReachability as Reachability | undefined;
  const build = exports.buildClusterModel as ((manifests: unknown, settings: unknown, files?: unknown) => unknown) | undefined;
  if (typeof compute === 'function') {
    compute(workspace, settings);
    compute(workspace, settings, { port: 80, protocol: 'TCP', from: ['*'], to: ['*/web*'] });
    compute(workspace, settings, { port: 'http' });
    report.reachabilityRuns++;
  } else if (typeof build === 'function') {
    build(workspace.manifests(), settings, workspace.allFiles());
    report.reachabilityRuns++;
  }
}

function checkSpan(what: string, start: number, end: number, length: number): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: offsets ${start}..${end} are not integers`);
  assert.ok(0 <= start && start <= end && end <= length, `${what}: span ${start}..${end} is outside the text (length ${length})`);
}
