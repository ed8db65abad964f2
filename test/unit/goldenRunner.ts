import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { main } from '../../server/src/cli/main';
import {
  createNetpolService,
  DEFAULT_SETTINGS,
  isRuleCode,
  LineIndex,
  type Finding,
  type LineCharacter,
  type NetpolService,
  type ParsedFile,
  type RuleCode,
  type ServiceSettings,
} from '../../server/src/service';
import { findYamlFiles } from '../../server/src/node/yamlFiles';

/**
 * Golden fixtures: `<case>.yaml` beside `<case>.expected.json` (its findings) and an optional
 * `<case>.settings.json` (settings over the defaults, e.g. `{"kubernetesVersion": "1.35"}`) and an optional
 * `<case>.workspace.yaml` (manifests loaded beside the case, for the workspace-aware findings). One runner serves
 * every fixture folder; `UPDATE_GOLDEN=1` rewrites the expectations, to be reviewed by eye before committing.
 */

/** A finding as the expectations record it: zero-based line/character ranges, and the text they cover. */
export interface GoldenFinding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly path?: string;
  readonly range: { readonly start: LineCharacter; readonly end: LineCharacter };
  /** The highlighted text (first 80 characters), so that a reviewer sees where each finding sits. */
  readonly text: string;
}

/**
 * How a folder's cases are analysed: by default the file findings (and with a companion, the workspace findings),
 * as the editor and the CLI get them.
 */
export interface GoldenFolderOptions {
  /** May be asynchronous (e.g. the language server's diagnostics, for what only the server reports). */
  readonly analyze?: (uri: string, text: string, settings: ServiceSettings) => readonly Finding[] | Promise<readonly Finding[]>;
  /** Keeps only the codes this folder is about (e.g. validation fixtures leave the lints out). */
  readonly includeCode?: (code: string) => boolean;
}

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** A code read back from outside the service (the CLI's JSON, the server's diagnostics), checked to be in the catalog. */
export function asRuleCode(code: string): RuleCode {
  assert.ok(isRuleCode(code), `${code} is not a code of the rule catalog`);
  return code;
}

export function analyzeFile(uri: string, text: string, settings: ServiceSettings): readonly Finding[] {
  const service = createNetpolService();
  service.setFile(uri, text);
  return service.getDiagnostics(uri, settings, { workspace: 'none' });
}

/**
 * Every folder under `root` (itself included) that holds `*.yaml` fixtures, sorted, except the folders (relative
 * paths, with everything under them) that `skip` names: fixtures that another suite runs in its own format.
 */
export function fixtureFolders(root: string, skip: readonly string[] = []): string[] {
  if (!existsSync(root)) return [];
  const folders: string[] = [];
  const visit = (folder: string): void => {
    if (skip.includes(relative(root, folder))) return;
    const entries = readdirSync(folder).sort();
    if (entries.some((entry) => entry.endsWith('.yaml'))) folders.push(folder);
    for (const entry of entries) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) visit(path);
    }
  };
  visit(root);
  return folders;
}

/**
 * `<case>.workspace.yaml` beside a case: manifests loaded with it into one workspace (the Services and workloads
 * that workspace-aware findings and fixes read), as in test/fixtures/hovers. A companion is not a case.
 */
export const COMPANION_SUFFIX = '.workspace.yaml';

/** The case names of a folder: its `*.yaml` files without the extension, companions left out. */
export function fixtureCases(folder: string): string[] {
  return readdirSync(folder)
    .filter((entry) => entry.endsWith('.yaml') && !entry.endsWith(COMPANION_SUFFIX))
    .map((entry) => entry.slice(0, -'.yaml'.length))
    .sort();
}

/** The text of a case's companion (`<case>.workspace.yaml`, beside `caseFile`), or undefined. */
export function companionText(caseFile: string): string | undefined {
  const companion = caseFile.replace(/\.yaml$/, COMPANION_SUFFIX);
  return existsSync(companion) ? readFileSync(companion, 'utf8') : undefined;
}

/** A case as the language server sees it: the parsed file, its findings, and what workspace-aware fixes read. */
export interface LoadedCase {
  readonly file: ParsedFile;
  /** The file's findings, and with a companion the workspace findings too. */
  readonly findings: readonly Finding[];
  /** The service that analysed it: ask it for code actions as the server does. */
  readonly service: NetpolService;
  /** `none`: a case without a companion, analysed without the workspace lints. */
  readonly workspace: 'cached' | 'none';
}

/**
 * A case (`text`, the content of `caseFile` or an edit of it) loaded beside its companion into one workspace; a case
 * without a companion is a file alone, with its file findings only (as the CLI's `check` of that file).
 */
export function loadCase(caseFile: string, text: string, settings: ServiceSettings): LoadedCase {
  const companion = companionText(caseFile);
  const service = createNetpolService();
  if (companion === undefined) {
    const file = service.setFile(caseFile, text);
    return { file, findings: service.getDiagnostics(caseFile, settings, { workspace: 'none' }), service, workspace: 'none' };
  }
  const uri = `file:///${basename(caseFile)}`;
  const file = service.setFile(uri, text);
  service.setFile(`file:///${basename(caseFile, '.yaml')}${COMPANION_SUFFIX}`, companion);
  return { file, findings: service.getDiagnostics(uri, settings), service, workspace: 'cached' };
}

/** The findings of a case as the language server shows them (see `loadCase`). */
export function analyzeWithCompanion(caseFile: string, text: string, settings: ServiceSettings): readonly Finding[] {
  return loadCase(caseFile, text, settings).findings;
}

/** `*.expected.json`, `*.settings.json` and `*.workspace.yaml` files whose `.yaml` is missing: stale, to be deleted. */
export function orphanFiles(folder: string): string[] {
  const cases = new Set(fixtureCases(folder));
  const suffix = /\.(expected\.json|settings\.json|workspace\.yaml)$/;
  return readdirSync(folder)
    .filter((entry) => suffix.test(entry))
    .filter((entry) => !cases.has(entry.replace(suffix, '')))
    .sort();
}

/**
 * A case's settings: `<case>.settings.json` over the defaults. Keys beyond the service's (the server's
 * `maxFileSize`) are passed on as they are, for the folders whose `analyze` reads them.
 */
export function caseSettings(folder: string, name: string): ServiceSettings {
  const file = join(folder, `${name}.settings.json`);
  if (!existsSync(file)) return DEFAULT_SETTINGS;
  return { ...DEFAULT_SETTINGS, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceSettings>) };
}

/** The findings of `text` in the expectations' form, in the order of the text. */
export function toGolden(text: string, findings: readonly Finding[]): GoldenFinding[] {
  const lines = new LineIndex(text);
  return [...findings]
    .sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code) || a.message.localeCompare(b.message))
    .map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      ...(finding.path === undefined ? {} : { path: finding.path }),
      range: { start: lines.positionAt(finding.start), end: lines.positionAt(finding.end) },
      text: text.slice(finding.start, finding.end).slice(0, 80),
    }));
}

/** Compares a case with its expectations, or rewrites them under `UPDATE_GOLDEN=1`. */
export async function checkGoldenCase(folder: string, name: string, options: GoldenFolderOptions = {}): Promise<void> {
  const yamlFile = join(folder, `${name}.yaml`);
  const text = readFileSync(yamlFile, 'utf8');
  const analyze = options.analyze ?? analyzeWithCompanion;
  const findings = (await analyze(yamlFile, text, caseSettings(folder, name))).filter((finding) => options.includeCode?.(finding.code) ?? true);
  checkExpectations(join(folder, `${name}.expected.json`), toGolden(text, findings));
}

/** Compares findings with an `*.expected.json` file, or (re)writes it under `UPDATE_GOLDEN=1`. */
export function checkExpectations(expectedFile: string, actual: readonly GoldenFinding[]): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(expectedFile), { recursive: true });
    writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.ok(existsSync(expectedFile), `${expectedFile} is missing: run \`npm run test:golden:update\` and review it`);
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as GoldenFinding[];
  assert.deepEqual(actual, expected);
}

/** One diagnostic of `netpol-lens check --format json`. */
interface CliDiagnostic {
  readonly file: string;
  readonly range: { readonly start: LineCharacter; readonly end: LineCharacter };
  readonly severity: Finding['severity'];
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

/**
 * The findings of every YAML file under `folder`, as `netpol-lens check --format json <folder>` reports them (the
 * CLI itself, in process: all the files are one workspace), by path relative to `folder`; clean files too.
 */
export async function analyzeFolderWithCli(folder: string): Promise<Map<string, { text: string; findings: Finding[] }>> {
  let stdout = '';
  let stderr = '';
  const status = await main(['check', '--format', 'json', '.'], { cwd: folder, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  assert.equal(stderr, '', 'the CLI read every file');
  assert.ok(status === 0 || status === 1, `exit status ${status}`);
  const files = new Map<string, { text: string; findings: Finding[] }>();
  for (const file of await findYamlFiles(folder)) {
    files.set(relative(folder, file).split(sep).join('/'), { text: readFileSync(file, 'utf8'), findings: [] });
  }
  for (const diagnostic of (JSON.parse(stdout) as { diagnostics: CliDiagnostic[] }).diagnostics) {
    const file = files.get(diagnostic.file.split(sep).join('/'));
    assert.ok(file, `a finding in ${diagnostic.file}, which is not a YAML file of ${folder}`);
    const lines = new LineIndex(file.text);
    file.findings.push({
      code: asRuleCode(diagnostic.code),
      severity: diagnostic.severity,
      message: diagnostic.message,
      start: lines.offsetAt(diagnostic.range.start),
      end: lines.offsetAt(diagnostic.range.end),
      ...(diagnostic.path === undefined ? {} : { path: diagnostic.path }),
    });
  }
  return files;
}
