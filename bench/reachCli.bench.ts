/**
 * `netpol-lens reach` at scale (issue 13): the CLI as a user runs it, `bin/netpol-lens reach` in a child process
 * under `/usr/bin/time -v` (wall and CPU time, peak resident set), its output written with `-o` and measured, on
 * generated workspaces of Deployments (`bench/reachabilityCluster.ts`, `workloads: 'deployments'`: 100 apps per
 * namespace, 20 policies per namespace).
 *
 *   npm run build && npx tsx bench/reachCli.bench.ts [--quick] [--write]
 *
 * `--quick`: 2,000 Deployments only; `--write` puts the figures in docs/benchmarks.md (between the reach-cli
 * markers).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateCluster } from './reachabilityCluster';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const root = join(__dirname, '..');
const bin = join(root, 'bin', 'netpol-lens');

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly bytes: number;
  readonly code: number;
  readonly error?: string;
}

/** `reach ARGS -o out` on `dir`, timed by /usr/bin/time -v. */
function run(dir: string, args: readonly string[]): Run {
  const out = join(dir, '..', 'out');
  const child = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, 'reach', ...args, '-o', out, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const stderr = child.stderr;
  const field = (name: string) => stderr.match(new RegExp(`${name}: (.+)`))?.[1]?.trim() ?? '';
  const clock = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
  let bytes = 0;
  try {
    bytes = statSync(out).size;
    rmSync(out);
  } catch {
    // No output: the run failed (its error is kept).
  }
  const error = stderr.match(/internal error: .*/)?.[0];
  return {
    wall: clock,
    cpu: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    rssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    bytes,
    code: child.status ?? -1,
    ...(error ? { error } : {}),
  };
}

function workspace(namespaces: number): { dir: string; deployments: number; policies: number; bytes: number } {
  const base = mkdtempSync(join(tmpdir(), 'netpol-reach-cli-'));
  const dir = join(base, 'k8s');
  mkdirSync(dir);
  const cluster = generateCluster({ namespaces, appsPerNamespace: 100, replicas: 3, policiesPerNamespace: 20, workloads: 'deployments' });
  let bytes = 0;
  for (const [uri, text] of cluster.files) {
    writeFileSync(join(dir, uri.slice(uri.lastIndexOf('/') + 1)), text);
    bytes += Buffer.byteLength(text);
  }
  return { dir, deployments: cluster.pods, policies: cluster.policies, bytes };
}

const size = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
const seconds = (value: number) => `${value.toFixed(1)} s`;

const CASES: readonly { readonly args: readonly string[]; readonly target?: string; readonly largest?: boolean }[] = [
  { args: ['--port', '8080', '--format', 'json-compact'], target: '<= 20 s, <= 1.5 GB, <= 20 MB' },
  { args: ['--format', 'json-compact'], target: '<= 60 s, <= 1.5 GB, <= 20 MB' },
  { args: ['--port', '8080', '--format', 'json'] },
  { args: ['--port', '8080', '--format', 'text'] },
  { args: ['--format', 'text'] },
  { args: ['--format', 'json'] },
];

const lines: string[] = [];
const log = (line = '') => {
  lines.push(line);
  console.log(line);
};
const started = new Date();
const loadStart = loadavg()[0];
log('<!-- reach-cli-bench:start -->');
log('## `netpol-lens reach` at scale');
log('');
log(`Measured by \`npx tsx bench/reachCli.bench.ts${quick ? ' --quick' : ''}\` on ${started.toISOString().replace(/\.\d+Z$/, 'Z')}.`);
log('');
const measured: string[] = [];
for (const namespaces of quick ? [20] : [20, 50]) {
  const { dir, deployments, policies, bytes } = workspace(namespaces);
  log(`### ${deployments.toLocaleString('en-US')} Deployments, ${policies.toLocaleString('en-US')} policies (${namespaces} files, ${size(bytes)})`);
  log('');
  log('| Command | Wall | CPU (user + system) | Peak RSS | Output | Target at 5,000 |');
  log('|---|---|---|---|---|---|');
  for (const { args, target } of CASES) {
    const result = run(dir, args);
    const outcome = result.code === 0 ? size(result.bytes) : `fails (exit ${result.code}${result.error ? `: ${result.error.slice(0, 80)}` : ''})`;
    log(
      `| \`reach ${args.join(' ')} -o out k8s\` | ${seconds(result.wall)} | ${seconds(result.cpu)} | ${Math.round(result.rssMb)} MB | ${outcome} | ${target ?? ''} |`,
    );
  }
  log('');
  measured.push(`${deployments} Deployments`);
  rmSync(join(dir, '..'), { recursive: true, force: true });
}
log(
  `- Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; 1-minute load average ${loadStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end. One run each: \`/usr/bin/time -v node bin/netpol-lens reach ARGS -o out k8s\` (the bundle \`dist/cli.js\`), wall clock, user + system CPU and the maximum resident set; the output is the size of the \`-o\` file. On a loaded machine the wall time is several times the CPU time: compare the CPU times.`,
);
log(
  "- Input: `bench/reachabilityCluster.ts` with `workloads: 'deployments'`: namespaces of 100 Deployments each (named ports, tiers, two versions), 20 policies per namespace (default deny, DNS, named ports, namespace selectors with expressions, endPort ranges, ipBlocks with except), one file per namespace; the external ranges the ipBlocks name are endpoints too (203 at 50 namespaces).",
);
log('<!-- reach-cli-bench:end -->');

if (write) {
  const path = join(root, 'docs', 'benchmarks.md');
  const text = readFileSync(path, 'utf8');
  const block = lines.join('\n');
  const start = text.indexOf('<!-- reach-cli-bench:start -->');
  const end = text.indexOf('<!-- reach-cli-bench:end -->');
  const next = start === -1 ? `${text.trimEnd()}\n\n${block}\n` : `${text.slice(0, start)}${block}${text.slice(end + '<!-- reach-cli-bench:end -->'.length)}`;
  writeFileSync(path, next);
  console.log(`wrote ${path} (${measured.join(', ')})`);
}
