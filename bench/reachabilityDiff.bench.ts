/**
 * Reachability diff benchmark (issue 14): the 5,000-pod, 1,000-policy cluster of `bench/reachabilityCluster.ts`
 * in a temporary git repository, one policy edited in the working tree; `netpol-lens diff --format json` against
 * HEAD, `diff --base-dir` of two folders, and one `netpol-lens reach --format json` of the same files, in the same
 * process and run. `npx tsx bench/reachabilityDiff.bench.ts [--quick] [--write]`; `--write` puts the figures in
 * docs/benchmarks.md (between the reachability-diff markers).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../server/src/cli/main';
import { FULL_SIZE, generateCluster, type ClusterShape } from './reachabilityCluster';
import packageJson from '../package.json';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const RUNS = quick ? 1 : 3;
/** A size at which `reach --format json` of every port still fits in one string: 1,000 pods, 400 policies. */
const SMALL: ClusterShape = { namespaces: 20, appsPerNamespace: 10, replicas: 5, policiesPerNamespace: 20 };

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, stdio: 'pipe' });

interface Timing {
  readonly ms: number;
  /** This process's CPU time (user + system); git's own (a child process) is not in it, but is in the wall time. */
  readonly cpu: number;
  readonly output: number;
  readonly code: number;
}

async function run(cwd: string, argv: string[]): Promise<Timing> {
  let output = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const code = await main(argv, { cwd, stdout: (text) => (output += text.length), stderr: (text) => process.stderr.write(text) });
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000, output, code };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(cwd: string, argv: string[]): Promise<Timing> {
  const samples: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    samples.push(await run(cwd, argv));
  }
  return { ms: median(samples.map((s) => s.ms)), cpu: median(samples.map((s) => s.cpu)), output: samples[0].output, code: samples[0].code };
}

interface Case {
  readonly shape: ClusterShape;
  readonly pods: number;
  readonly policies: number;
  readonly files: number;
  readonly bytes: number;
  readonly changes: number;
  readonly rows: { command: string; timing: Timing | string }[];
}

/** One cluster in a temporary git repository, one policy edited in the working tree; every command measured. */
async function measureCase(shape: ClusterShape): Promise<Case> {
  const cluster = generateCluster(shape);
  const repo = mkdtempSync(join(tmpdir(), 'netpol-diff-bench-'));
  const oldDir = join(repo, 'old');
  mkdirSync(join(repo, 'k8s'));
  mkdirSync(oldDir);
  let bytes = 0;
  for (const [uri, text] of cluster.files) {
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    writeFileSync(join(repo, 'k8s', name), text);
    writeFileSync(join(oldDir, name), text);
    bytes += text.length;
  }
  git(repo, 'init', '-q');
  git(repo, 'add', 'k8s');
  git(repo, 'commit', '-q', '-m', 'cluster');
  // One policy edited, as in the reachability benchmark's incremental case: a port of one policy in one file.
  const edited = join(repo, 'k8s', 'ns-7.yaml');
  const original = readFileSync(edited, 'utf8');
  writeFileSync(edited, original.replace('    - port: 5432\n', '    - port: 5433\n'));
  try {
    const commands = [
      ['reach', '--format', 'json', 'k8s'],
      ['reach', '--format', 'text', 'k8s'],
      ['diff', '--format', 'json', 'k8s'],
      ['diff', '--base-dir', 'old', '--format', 'json', 'k8s'],
      ['diff', '--format', 'markdown', 'k8s'],
    ];
    const rows: Case['rows'] = [];
    for (const argv of commands) {
      try {
        await run(repo, argv); // warm-up
        rows.push({ command: argv.join(' '), timing: await measure(repo, argv) });
      } catch (error) {
        rows.push({ command: argv.join(' '), timing: `fails: ${String(error).split('\n')[0]}` });
      }
    }
    const countChanges = async () => {
      let count = 0;
      await main(['diff', 'k8s'], {
        cwd: repo,
        stdout: (text) => (count += text.split('\n').filter((line) => /^[-+~] /.test(line)).length),
        stderr: () => undefined,
      });
      return count;
    };
    const changes = await countChanges();
    // A large change: namespace ns-7's default deny selects nothing any more, which opens its pods to everything.
    writeFileSync(
      edited,
      original.replace(
        'spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
        'spec:\n  podSelector: {matchLabels: {none: none}}\n  policyTypes: [Ingress, Egress]\n',
      ),
    );
    const opened = await countChanges();
    rows.push({
      command: `diff --format json k8s, ns-7's default deny selecting nothing instead of the one-policy edit (${opened} changes)`,
      timing: await measure(repo, ['diff', '--format', 'json', 'k8s']),
    });
    return { shape, pods: cluster.pods, policies: cluster.policies, files: cluster.files.size, bytes, changes, rows };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const ms = (value: number) => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`);
const both = (t: Timing) => `${ms(t.cpu)} (${ms(t.ms)})`;
const size = (chars: number) => (chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} MB` : `${(chars / 1e3).toFixed(1)} kB`);

async function benchmark(): Promise<void> {
  const started = new Date();
  const load1 = loadavg()[0];
  const cases: Case[] = [];
  for (const shape of [FULL_SIZE, SMALL]) cases.push(await measureCase(shape));
  const lines = [
    `Measured by \`npx tsx bench/reachabilityDiff.bench.ts${quick ? ' --quick' : ''}\` on ${started.toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; 1-minute load average ${load1.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end. Figures: this process's CPU time (user + system; git's own time is only in the wall time), wall time in parentheses; medians of ${RUNS} runs after a warm-up, in process (\`main()\` of the CLI; the output is counted, not printed).`,
    `- Versions: node ${process.version}, netpol-lens ${packageJson.version}, ${execFileSync('git', ['--version']).toString().trim()}.`,
    '- Input: `bench/reachabilityCluster.ts`, committed to a temporary git repository (and copied to `old/` for `--base-dir`); the working tree edits one policy (its port 5432 becomes 5433 in `ns-7.yaml`).',
  ];
  for (const c of cases) {
    const reference = (name: string) => c.rows.find((row) => row.command === name)?.timing;
    const json = reference('reach --format json k8s');
    const text = reference('reach --format text k8s');
    const base =
      typeof json === 'object'
        ? { name: '`reach --format json`', timing: json }
        : typeof text === 'object'
          ? { name: '`reach --format text`', timing: text }
          : undefined;
    lines.push(
      '',
      `### ${c.pods.toLocaleString('en')} pods, ${c.policies.toLocaleString('en')} policies (${c.files} files, ${(c.bytes / 1e6).toFixed(1)} MB); the edit changes ${c.changes} connections`,
      '',
      `| Command | CPU (wall) | Output | Against ${base?.name ?? 'reach'}, CPU (wall) |`,
      '|---|---:|---:|---:|',
    );
    for (const row of c.rows) {
      const t = row.timing;
      if (typeof t === 'string') lines.push(`| \`${row.command}\` | ${t} | | |`);
      else
        lines.push(
          `| ${row.command.startsWith('diff') ? `**\`${row.command.split(', ')[0]}\`**` : `\`${row.command}\``}${row.command.includes(', ') ? `, ${row.command.slice(row.command.indexOf(', ') + 2)}` : ''} | ${both(t)} | ${size(t.output)} | ${base ? `${(t.cpu / base.timing.cpu).toFixed(2)} x (${(t.ms / base.timing.ms).toFixed(2)} x)` : ''} |`,
        );
    }
  }
  lines.push(
    '',
    'The diff parses each file once (both sides run through one language service, one after the other: a file with the same text keeps its parse, the edited one re-parses its changed document) and computes the head incrementally from the base (one policy re-evaluated); it compares class pairs and expands only those whose ports differ. Target: at most 1.5 x one `reach --format json` of the same files.',
  );
  console.log(lines.join('\n'));
  if (write) {
    const path = join(__dirname, '../docs/benchmarks.md');
    const startMarker = '<!-- reachability-diff-bench:start -->';
    const endMarker = '<!-- reachability-diff-bench:end -->';
    const section = `${startMarker}\n## Reachability diff\n\n${lines.join('\n')}\n${endMarker}`;
    let text = readFileSync(path, 'utf8');
    if (text.includes(startMarker)) text = text.slice(0, text.indexOf(startMarker)) + section + text.slice(text.indexOf(endMarker) + endMarker.length);
    else text = `${text.trimEnd()}\n\n${section}\n`;
    writeFileSync(path, text);
    console.log(`\nWritten to ${path}`);
  }
}

void benchmark();
