/**
 * `npm run bench`: the editor benchmarks of issue 6. Generates the workspaces, drives our language server and
 * yaml-language-server side by side over stdio, measures the extension in code-server, and writes the figures to
 * docs/benchmarks.md (between the `lsp-bench` markers) and everything as JSON into the run folder.
 *
 *   npm run bench                    # about 10 minutes on 2 cores
 *   npm run bench -- --quick         # fewer samples, one activation: a few minutes
 *   npm run bench -- --skip-extension --sizes 10,1000 --no-write
 *   npm run bench -- --report-from /tmp/netpol-bench-XXXX/results.json   # only rewrite the report
 *
 * Not part of `npm test`: it measures, it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { measureExtension } from './extension/activation';
import { writeWorkspace } from './generate/cli';
import { generatePolicyFile, generateWorkspace } from './generate/workspaceGenerator';
import { findProfile, summarizeProfile, type ProfileSummary } from './lsp/cpuProfile';
import type { InProcessResult } from './lsp/inProcessPipeline';
import { measureFile, measureWorkspace, type Budget, type PhaseWindows } from './lsp/scenarios';
import { netpolLens, repoRoot, yamlLanguageServer } from './lsp/servers';
import type { YamlParseBaseline } from './lsp/yamlParseBaseline';
import { writeReport } from './report';
import type { BenchResults, FileSizeResults, WorkspaceSizeResults } from './results';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-extension': { type: 'boolean', default: false },
    'skip-workspace': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    sizes: { type: 'string', default: '10,100,1000,5000' },
    files: { type: 'string', default: '2000' },
    /** Only writes docs/benchmarks.md again from an earlier run's results.json. */
    'report-from': { type: 'string' },
  },
});

const quick = options.quick;
const sizes = options.sizes.split(',').map(Number);
const PROFILED_SIZE = Math.max(...sizes);
const TIMEOUT_MS = 240_000;

/** Our server answers in milliseconds: many samples. */
const oursBudget: Budget = { edits: quick ? 15 : 40, warmupEdits: 2, probes: quick ? 15 : 40, timeoutMs: TIMEOUT_MS };

/** yaml-language-server needs seconds per edit on the large files: fewer samples there, to stay within minutes. */
function theirBudget(policies: number): Budget {
  const edits = policies >= 5000 ? (quick ? 2 : 5) : policies >= 1000 ? (quick ? 4 : 10) : quick ? 8 : 20;
  return { edits, warmupEdits: 1, probes: policies >= 5000 ? 5 : quick ? 8 : 20, timeoutMs: TIMEOUT_MS };
}

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function main(): Promise<void> {
  if (options['report-from']) {
    const earlier = JSON.parse(await fs.readFile(options['report-from'], 'utf8')) as BenchResults;
    await writeReport(path.join(repoRoot, 'docs', 'benchmarks.md'), earlier);
    log(`docs/benchmarks.md written from ${options['report-from']}`);
    return;
  }
  const runDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netpol-bench-'));
  const loadAtStart = os.loadavg()[0];
  log(`run folder ${runDir}; load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores`);
  if (loadAtStart > os.cpus().length / 2) log('warning: the machine is busy; every figure will be inflated');

  // First: packaging rebuilds dist/ for production, then rebuilds it as `npm run build` does.
  let extension: BenchResults['extension'];
  if (options['skip-extension']) {
    npmBuild();
  } else {
    log('extension: npm run package, then activation in code-server');
    extension = await measureExtension(runDir, quick ? 1 : 3, log).catch((error: unknown) => ({
      skipped: String(error instanceof Error ? error.message : error),
    }));
  }

  const ours = await netpolLens(runDir);
  const oursNoWait = await netpolLens(runDir, 0);
  const theirs = await yamlLanguageServer(runDir);
  const files: FileSizeResults[] = [];
  for (const policies of sizes) {
    const file = generatePolicyFile(policies);
    log(`${policies} policies (${file.lines} lines): yaml parse, in process, ${ours.name}, ${theirs.name}`);
    const yamlParse = runChild<YamlParseBaseline>('yamlParseBaseline.ts', [policies]);
    const inProcess = runChild<InProcessResult>('inProcessPipeline.ts', [policies, oursBudget.edits, oursBudget.warmupEdits]);
    const label = `policies-${policies}`;
    const oursOutcome = await measureFile(ours, file, oursBudget, { runDir, label });
    log(`  ${ours.name}: ${brief(oursOutcome)}`);
    const noWaitOutcome = await measureFile(oursNoWait, file, { ...oursBudget, probes: 0 }, { runDir, label: `${label}-no-wait` });
    log(`  ${ours.name}, diagnosticsDelayMs 0: ${brief(noWaitOutcome)}`);
    const theirOutcome = await measureFile(theirs, file, theirBudget(policies), { runDir, label });
    log(`  ${theirs.name}: ${brief(theirOutcome)}`);
    files.push({
      policies,
      lines: file.lines,
      bytes: file.text.length,
      yamlParse,
      inProcess,
      ours: oursOutcome,
      oursNoWait: noWaitOutcome,
      yamlLanguageServer: theirOutcome,
    });
  }

  log(`profile: ${ours.name} under --cpu-prof, ${PROFILED_SIZE} policies`);
  let profile = await profileOurServer(runDir, PROFILED_SIZE);

  let workspace: WorkspaceSizeResults | undefined;
  if (!options['skip-workspace']) {
    const generated = generateWorkspace(Number(options.files));
    const root = path.join(runDir, 'workspace');
    await writeWorkspace(root, generated.files);
    log(`workspace: ${generated.files.length} files`);
    const spec = { root, files: generated.files };
    const budget = (b: Budget) => ({ ...b, edits: Math.min(b.edits, 20), probes: Math.min(b.probes, 20) });
    const oursOutcome = await measureWorkspace(ours, spec, true, budget(oursBudget), { runDir, label: 'workspace' });
    log(`  ${ours.name}: ${oursOutcome.result ? `${oursOutcome.result.allDiagnosticsMs.toFixed(0)} ms` : oursOutcome.failure}`);
    const theirOutcome = await measureWorkspace(theirs, spec, false, budget(theirBudget(100)), { runDir, label: 'workspace' });
    log(`  ${theirs.name}: ${theirOutcome.result ? `${theirOutcome.result.allDiagnosticsMs.toFixed(0)} ms` : theirOutcome.failure}`);
    workspace = { files: generated.files.length, policies: generated.policies, ours: oursOutcome, yamlLanguageServer: theirOutcome };
    log(`profile: ${ours.name}'s workspace scan under --cpu-prof`);
    const scan = await profileWorkspaceScan(runDir, spec);
    if (profile && scan) profile = { ...profile, scan: { files: generated.files.length, summary: scan } };
  }

  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
      os: `${os.type()} ${os.release()}`,
      loadAtStart,
      loadAtEnd: os.loadavg()[0],
    },
    versions: {
      node: process.version,
      'netpol-lens': ours.version,
      'yaml-language-server': theirs.version,
      yaml: packageVersion('yaml'),
      'vscode-languageserver': packageVersion('vscode-languageserver'),
    },
    debounceMs: { ours: ours.debounceMs, yamlLanguageServer: theirs.debounceMs },
    yamlLanguageServerSchema: `\`${theirs.schemaSource}\``,
    files,
    workspace,
    profile,
    extension,
    durationS: (performance.now() - started) / 1000,
  };
  const json = path.join(runDir, 'results.json');
  await fs.writeFile(json, JSON.stringify(results, null, 2));
  log(`results: ${json}`);
  if (!options['no-write']) {
    await writeReport(path.join(repoRoot, 'docs', 'benchmarks.md'), results);
    log('written to docs/benchmarks.md');
  }
}

/** Our server on the largest file again, this time under `--cpu-prof`, cut into the open and the edits. */
async function profileOurServer(runDir: string, policies: number): Promise<BenchResults['profile']> {
  const profileDir = path.join(runDir, 'cpu-profile');
  await fs.mkdir(profileDir, { recursive: true });
  const windows: PhaseWindows = {};
  const outcome = await measureFile(
    await netpolLens(runDir),
    generatePolicyFile(policies),
    { ...oursBudget, probes: 0 },
    {
      runDir,
      label: 'profiled',
      cpuProfileDir: profileDir,
      windows,
    },
  );
  if (!outcome.result || !windows.open || !windows.edits) {
    log(`  profile failed: ${outcome.failure}`);
    return undefined;
  }
  const file = await findProfile(profileDir);
  log(`  ${file}`);
  return {
    policies,
    open: await summarizeProfile(file, windows.open),
    edits: await summarizeProfile(file, windows.edits),
    edit: outcome.result.edits,
  };
}

/** Our server's workspace scan once more, under `--cpu-prof`, cut to the scan. */
async function profileWorkspaceScan(
  runDir: string,
  spec: { root: string; files: readonly { path: string; text: string }[] },
): Promise<ProfileSummary | undefined> {
  const profileDir = path.join(runDir, 'cpu-profile-scan');
  await fs.mkdir(profileDir, { recursive: true });
  const windows: PhaseWindows = {};
  const budget = { ...oursBudget, edits: 1, warmupEdits: 0, probes: 0 };
  const outcome = await measureWorkspace(await netpolLens(runDir), spec, true, budget, {
    runDir,
    label: 'workspace-profiled',
    cpuProfileDir: profileDir,
    windows,
  });
  if (!outcome.result || !windows.scan) {
    log(`  profile failed: ${outcome.failure}`);
    return undefined;
  }
  return summarizeProfile(await findProfile(profileDir), windows.scan);
}

/** Runs one of bench/lsp's measuring scripts in a fresh Node process and parses the JSON it prints. */
function runChild<T>(script: string, args: readonly number[]): T {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lsp', script), ...args.map(String)], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function npmBuild(): void {
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stderr}`);
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function brief(outcome: FileSizeResults['ours']): string {
  const r = outcome.result;
  if (!r) return `failed: ${outcome.failure}`;
  return `open ${r.openMs.toFixed(0)} ms, keystroke median ${r.edits.median.toFixed(1)} ms, peak ${r.memory.peakMb.toFixed(0)} MB`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
