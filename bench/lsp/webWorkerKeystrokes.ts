/**
 * The web extension's server against the Node server, edit for edit (issue 17: a keystroke in the worker within
 * 2x the Node server's). Both get the bench's generated policy file, the same one-character edits (each in
 * another policy), then hovers and completions, with `diagnosticsDelayMs: 0` (the work, no debounce to subtract).
 * Rounds alternate the two servers, so that a busy moment of the machine does not favour one of them.
 *
 *   node --import tsx bench/lsp/webWorkerKeystrokes.ts [--policies 1000] [--rounds 3] [--edits 40] [--workspace-files 2000] [--write]
 *
 * `--write` puts the table into docs/benchmarks.md between the `web-worker-bench` markers. Measures, asserts nothing.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeWorkspace } from '../generate/cli';
import { generatePolicyFile, generateWorkspace } from '../generate/workspaceGenerator';
import { measureFile, measureWorkspace, type EditResults, type FeatureResult } from './scenarios';
import { netpolLens, netpolLensWebWorker, repoRoot, type ServerUnderTest } from './servers';
import { summarize } from './stats';

const { values: options } = parseArgs({
  options: {
    policies: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    edits: { type: 'string', default: '40' },
    'workspace-files': { type: 'string', default: '2000' },
    write: { type: 'boolean', default: false },
  },
});

const policies = Number(options.policies);
const rounds = Number(options.rounds);
const budget = { edits: Number(options.edits), warmupEdits: 2, probes: 20, timeoutMs: 240_000 };

interface Row {
  edits: number[];
  editsP95: number[];
  editsCpu: number[];
  open: number[];
  hover: number[];
  completion: number[];
  scan: number[];
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const medianOf = (feature: FeatureResult): number[] => (typeof feature === 'string' ? [] : [feature.summary.median]);

async function main(): Promise<void> {
  const runDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netpol-web-bench-'));
  const loadAtStart = os.loadavg()[0];
  log(`run folder ${runDir}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  const servers: ServerUnderTest[] = [await netpolLens(runDir, 0), await netpolLensWebWorker(runDir, 0)];
  const rows = new Map<string, Row>(
    servers.map((server) => [server.name, { edits: [], editsP95: [], editsCpu: [], open: [], hover: [], completion: [], scan: [] }]),
  );
  const file = generatePolicyFile(policies);
  const workspaceFiles = Number(options['workspace-files']);
  const workspace = workspaceFiles > 0 ? generateWorkspace(workspaceFiles) : undefined;
  const workspaceRoot = path.join(runDir, 'workspace');
  if (workspace) await writeWorkspace(workspaceRoot, workspace.files);

  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const row = rows.get(server.name)!;
      const outcome = await measureFile(server, file, budget, { runDir, label: `policies-${policies}-${round}` });
      if (!outcome.result) throw new Error(`${server.name}: ${outcome.failure}`);
      const result: EditResults = outcome.result;
      row.edits.push(result.edits.median);
      row.editsP95.push(result.edits.p95);
      row.editsCpu.push(result.editsCpu.median);
      row.open.push(result.openMs);
      row.hover.push(...medianOf(result.hover));
      row.completion.push(...medianOf(result.completion));
      log(
        `round ${round + 1}, ${server.name}: open ${result.openMs.toFixed(0)} ms, keystroke median ${result.edits.median.toFixed(1)} ms (p95 ${result.edits.p95.toFixed(1)}), CPU ${result.editsCpu.median.toFixed(1)} ms, errors ${result.openDiagnostics.errors}`,
      );
      if (workspace) {
        const scanned = await measureWorkspace(
          server,
          { root: workspaceRoot, files: workspace.files },
          true,
          { ...budget, edits: 5, probes: 0 },
          { runDir, label: `workspace-${round}` },
        );
        if (!scanned.result) throw new Error(`${server.name} workspace: ${scanned.failure}`);
        row.scan.push(scanned.result.allDiagnosticsMs);
        log(
          `round ${round + 1}, ${server.name}: workspace of ${workspace.files.length} files, all diagnostics in ${scanned.result.allDiagnosticsMs.toFixed(0)} ms`,
        );
      }
    }
  }

  const median = (values: number[]) => (values.length ? summarize(values).median : NaN);
  const [node, web] = servers.map((server) => rows.get(server.name)!);
  const ratio = median(web.edits) / median(node.edits);
  const figure = (values: number[]) => (values.length ? `${median(values).toFixed(1)} ms` : 'n/a');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}: ${rounds} rounds alternating the servers, each ${budget.edits} measured edits of the ${policies}-policy file (${file.lines} lines) after ${budget.warmupEdits} warm-up edits, \`diagnosticsDelayMs: 0\`. Each figure is the median over the rounds of each round's median (p95: of each round's p95). Load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`,
    '',
    '| | Node server (`dist/server.js`) | web worker server (`dist/web/server.js`) | worker / Node |',
    '|---|---:|---:|---:|',
    `| keystroke to diagnostics | ${figure(node.edits)} | ${figure(web.edits)} | ${ratio.toFixed(2)}x |`,
    `| keystroke to diagnostics, p95 | ${figure(node.editsP95)} | ${figure(web.editsP95)} | ${(median(web.editsP95) / median(node.editsP95)).toFixed(2)}x |`,
    `| server CPU per keystroke | ${figure(node.editsCpu)} | ${figure(web.editsCpu)} | ${(median(web.editsCpu) / median(node.editsCpu)).toFixed(2)}x |`,
    `| open to first diagnostics | ${figure(node.open)} | ${figure(web.open)} | ${(median(web.open) / median(node.open)).toFixed(2)}x |`,
    `| hover | ${figure(node.hover)} | ${figure(web.hover)} | ${(median(web.hover) / median(node.hover)).toFixed(2)}x |`,
    `| completion | ${figure(node.completion)} | ${figure(web.completion)} | ${(median(web.completion) / median(node.completion)).toFixed(2)}x |`,
    ...(workspace
      ? [
          `| workspace scan, ${workspace.files.length} files: \`initialized\` to every file's diagnostics | ${figure(node.scan)} | ${figure(web.scan)} | ${(median(web.scan) / median(node.scan)).toFixed(2)}x |`,
        ]
      : []),
  ];
  const table = lines.join('\n');
  console.log(`\n${table}\n`);
  await fs.writeFile(path.join(runDir, 'results.json'), JSON.stringify({ policies, rounds, budget, rows: Object.fromEntries(rows) }, null, 2));
  if (options.write) {
    const docs = path.join(repoRoot, 'docs', 'benchmarks.md');
    const text = await fs.readFile(docs, 'utf8');
    const start = '<!-- web-worker-bench:start -->';
    const end = '<!-- web-worker-bench:end -->';
    if (!text.includes(start) || !text.includes(end)) throw new Error(`docs/benchmarks.md has no ${start} ... ${end} markers`);
    await fs.writeFile(docs, text.slice(0, text.indexOf(start) + start.length) + '\n' + table + '\n' + text.slice(text.indexOf(end)));
    log('docs/benchmarks.md written');
  }
  await fs.rm(runDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
