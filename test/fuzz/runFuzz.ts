/**
 * `npm run fuzz`: the long robustness run of issue 7, with its figures (docs/robustness.md quotes them).
 *
 *   npm run fuzz                                  100,000 service cases on 2 workers, 5,000 edit-keeping cases,
 *                                                 a 20,000-edit LSP session, then every hostile input measured
 *   npm run fuzz -- --runs 2000 --seed 20260701  replay the unit suite's run (a failure prints seed and path)
 *   npm run fuzz -- --seed 5 --path 1234          replay one failing case of worker seed 5 (and shrink it)
 *   npm run fuzz -- --only limits|service|keep|lsp
 *
 * Exits 1 when any property fails, a case exceeds its CPU budget, or the service exports a feature that the
 * fuzzer does not exercise.
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { emptyFigures, fuzzSeeds, serviceFuzzProperty, type FuzzFigures } from './fuzzService';

const CASE_BUDGET_MS = 5_000;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    path: { type: 'string' },
    only: { type: 'string' },
    worker: { type: 'boolean', default: false },
    'max-seed-bytes': { type: 'string', default: '40000' },
  },
});

interface WorkerResult {
  readonly seed: number;
  readonly figures: FuzzFigures;
  readonly failure?: string;
  readonly wallMs: number;
}

if (values.worker) {
  // One worker: its share of the cases, from its own seed.
  const seed = Number(values.seed);
  const figures = emptyFigures();
  const started = performance.now();
  const result = fc.check(serviceFuzzProperty(fuzzSeeds(Number(values['max-seed-bytes'])), figures, CASE_BUDGET_MS), {
    seed,
    numRuns: Number(values.runs),
    path: values.path,
    endOnFailure: values.path === undefined,
    includeErrorInReport: true,
  });
  const message: WorkerResult = {
    seed,
    figures,
    failure: result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : undefined,
    wallMs: performance.now() - started,
  };
  process.send!(message, () => process.exit(0));
} else {
  void main().then((code) => (process.exitCode = code));
}

async function main(): Promise<number> {
  process.env.NETPOL_FUZZ_STRICT = '1';
  const only = values.only;
  let failed = false;
  const out = (line = '') => process.stdout.write(`${line}\n`);

  if (!only || only === 'service') failed = (await serviceRun(out)) || failed;
  if (!only || only === 'keep') failed = (await keepTextRun(out)) || failed;
  if (!only || only === 'lsp') failed = (await lspRun(out)) || failed;
  if (!only || only === 'limits') failed = (await limitsRun(out)) || failed;
  const { unexercisedFeatures } = await import('./serviceFeatures');
  const missing = unexercisedFeatures();
  if (missing.length > 0) {
    out(`\nFAIL: the service exports features the fuzzer does not run: ${missing.join(', ')} (add them to test/fuzz/serviceFeatures.ts)`);
    failed = true;
  }
  out(failed ? '\nFAILED' : '\nAll robustness runs passed.');
  return failed ? 1 : 0;
}

async function serviceRun(out: (line?: string) => void): Promise<boolean> {
  const runs = Number(values.runs);
  const workers = values.path ? 1 : Math.max(1, Number(values.workers));
  const baseSeed = Number(values.seed);
  out(
    `## Service fuzzing: ${runs} cases, ${workers} worker(s), seeds ${baseSeed}..${baseSeed + workers - 1}, seed files up to ${values['max-seed-bytes']} bytes`,
  );
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const share = Math.floor(runs / workers) + (i < runs % workers ? 1 : 0);
      const args = ['--worker', '--seed', String(baseSeed + i), '--runs', String(share), '--max-seed-bytes', String(values['max-seed-bytes'])];
      if (values.path) args.push('--path', values.path);
      return new Promise<WorkerResult>((resolve, reject) => {
        const child = fork(__filename, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        child.on('message', (message) => resolve(message as WorkerResult));
        child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`worker ${baseSeed + i} exited with ${code}`))));
      });
    }),
  );
  const wall = performance.now() - started;
  const totals = emptyFigures();
  for (const { figures } of results) {
    totals.cases += figures.cases;
    totals.totalMs += figures.totalMs;
    totals.casesWithFindings += figures.casesWithFindings;
    for (const key of Object.keys(figures.totals) as (keyof FuzzFigures['totals'])[]) totals.totals[key] += figures.totals[key];
    if (figures.slowestMs > totals.slowestMs)
      Object.assign(totals, { slowestMs: figures.slowestMs, slowestSeed: figures.slowestSeed, slowestCase: figures.slowestCase });
  }
  out(
    `- cases: ${totals.cases} in ${(wall / 1000).toFixed(0)} s wall, ${(totals.totalMs / 1000).toFixed(0)} s CPU in the service (${(totals.totalMs / Math.max(1, totals.cases)).toFixed(1)} ms a case)`,
  );
  out(`- cases with findings: ${totals.casesWithFindings} (${((100 * totals.casesWithFindings) / Math.max(1, totals.cases)).toFixed(0)} %)`);
  out(
    `- reached: ${Object.entries(totals.totals)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out(`- slowest case: ${totals.slowestMs.toFixed(0)} ms CPU (${totals.slowestSeed})`);
  // CPU time counts the collector too: a slow case may be paying for the garbage of those before it.
  if (totals.slowestCase) out(`  its case (seed file index, mutations, offsets): ${JSON.stringify(totals.slowestCase).slice(0, 2000)}`);
  const failures = results.filter((r) => r.failure);
  for (const failure of failures) out(`\nFAIL (worker seed ${failure.seed}):\n${failure.failure}`);
  return failures.length > 0;
}

async function keepTextRun(out: (line?: string) => void): Promise<boolean> {
  const { loadSeedFiles } = await import('./corpus');
  const { applyLayoutChanges, checkAllActions, layoutChangeArbitrary, policySeeds } = await import('./editsKeepText');
  const { exampleCluster } = await import('./serviceFeatures');
  const runs = Math.max(1, Math.round(Number(values.runs) / 20));
  const policies = policySeeds(loadSeedFiles({ maxBytes: 200_000 })).filter((seed) => seed.text.length < 40_000);
  const cluster = exampleCluster();
  let actions = 0;
  const started = performance.now();
  const result = fc.check(
    fc.property(fc.nat({ max: policies.length - 1 }), fc.array(layoutChangeArbitrary, { minLength: 1, maxLength: 12 }), (index, changes) => {
      actions += checkAllActions(applyLayoutChanges(policies[index].text, changes), cluster);
    }),
    { seed: Number(values.seed), numRuns: runs, endOnFailure: true, includeErrorInReport: true },
  );
  out(`\n## Edits keep the user's text: ${runs} cases, ${actions} code actions checked in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (result.failed) out(`FAIL:\n${fc.defaultReportMessage(result)}`);
  return result.failed;
}

async function lspRun(out: (line?: string) => void): Promise<boolean> {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
  const { runAbuseSession, sessionWorkspace } = await import('./lspSession');
  const { REPO_ROOT } = await import('./corpus');
  const edits = Math.max(1_000, Math.round(Number(values.runs) / 5));
  const folder = sessionWorkspace();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'src', 'server.ts'), '--stdio'], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let exited: string | undefined;
  server.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  server.stderr.resume();
  const client = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  client.onNotification('textDocument/publishDiagnostics', () => undefined);
  client.onNotification('window/logMessage', () => undefined);
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  const rootUri = pathToFileURL(folder).toString();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { clientCommands: ['netpol.showReachability'] },
  });
  await client.sendNotification('initialized', {});
  const rss: number[] = [];
  const resident = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024);
  const started = performance.now();
  let failure: string | undefined;
  try {
    const { figures } = await runAbuseSession(client, folder, {
      seed: Number(values.seed),
      edits,
      checkpointEvery: 1_000,
      onCheckpoint: () => rss.push(resident()),
    });
    out(
      `\n## Live server: ${figures.edits} edits, ${figures.requests} requests (${figures.cancelled} cancelled, ${figures.answeredAfterCancel} answered anyway), slowest answer ${figures.maxRequestMs.toFixed(0)} ms, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    out(`- server resident memory at each 1,000 steps (MB): ${rss.join(', ')}`);
    if (exited) failure = `the server ${exited}`;
    else if (rss.length > 2 && Math.max(...rss.slice(1)) > rss[0] + 200) failure = `memory grew from ${rss[0]} MB to ${Math.max(...rss)} MB`;
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    client.dispose();
    server.kill();
  }
  if (failure) out(`FAIL: ${failure}`);
  return failure !== undefined;
}

async function limitsRun(out: (line?: string) => void): Promise<boolean> {
  const { measureAllLimits } = await import('./measureLimits');
  out('\n## Hostile inputs (each in a fresh process: every feature of the service, the CLI, the server)');
  return measureAllLimits(out);
}
