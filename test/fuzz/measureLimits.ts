/**
 * Measures every hostile input of hostileInputs.ts, each in a fresh process so that peak memory is its own:
 * through every feature of the service, through `netpol-lens check`, and opened in the language server (time to
 * its diagnostics, then a hover and a completion at the end of the text). `npm run fuzz -- --only limits`.
 *
 * Run directly with `--one <name> --mode service|cli|lsp` it measures one input and prints a JSON line.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/cli/inputs';
import { HOSTILE_INPUTS, type HostileInput } from './hostileInputs';

type Mode = 'service' | 'cli' | 'lsp';

interface Measure {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly codes: readonly string[];
  readonly note?: string;
}

/** Wall time a measurement may take before it counts as a hang. */
const HANG_MS = 600_000;

export async function measureAllLimits(out: (line?: string) => void, names?: readonly string[]): Promise<boolean> {
  let failed = false;
  out(
    '| input | size | service: wall / CPU / peak RSS | CLI check: wall / CPU / peak RSS / exit | server: wall / CPU / peak RSS / diagnostics after | finding |',
  );
  out('|---|---|---|---|---|---|');
  for (const input of HOSTILE_INPUTS.filter((i) => !names || names.includes(i.name))) {
    const size = input.build().length;
    const results: Partial<Record<Mode, Measure>> = {};
    // The service itself has no size limit (the server and the CLI apply netpol.maxFileSize): files over the
    // default limit are measured where users meet them.
    for (const mode of ['service', 'cli', 'lsp'] as const)
      if (mode !== 'service' || size <= DEFAULT_MAX_FILE_SIZE) results[mode] = await measureInChild(input.name, mode);
    const cell = (m: Measure | undefined) =>
      !m ? 'over the limit: not run' : !m.ok ? `**FAILED** ${m.note ?? ''}` : `${seconds(m.wallMs)} / ${seconds(m.cpuMs)} / ${m.maxRssMb} MB`;
    const codes = new Set([...(results.service?.codes ?? []), ...(results.lsp?.codes ?? [])]);
    const expected = input.expectCode;
    if (Object.values(results).some((m) => m && !m.ok)) failed = true;
    if (expected && !codes.has(expected)) {
      failed = true;
      codes.add(`**expected ${expected}**`);
    }
    // CPU time as well as wall time: on a shared machine the wall time grows while a process waits for a core.
    const noted = (m: Measure | undefined) => `${cell(m)}${m?.ok && m.note ? ` / ${m.note}` : ''}`;
    out(
      `| ${input.name} | ${megabytes(size)} | ${cell(results.service)} | ${noted(results.cli)} | ${noted(results.lsp)} | ${[...codes].join(', ') || '(none)'} |`,
    );
  }
  return failed;
}

function measureInChild(name: string, mode: Mode): Promise<Measure> {
  return new Promise((resolve) => {
    const child = fork(__filename, ['--one', name, '--mode', mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, wallMs: HANG_MS, cpuMs: 0, maxRssMb: 0, codes: [], note: `no answer within ${HANG_MS / 1000} s` });
    }, HANG_MS);
    child.on('message', (message) => {
      clearTimeout(timer);
      resolve(message as Measure);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        wallMs: 0,
        cpuMs: 0,
        maxRssMb: 0,
        codes: [],
        note: `the process ${signal ?? `exited with ${code}`}: ${stderr.split('\n').filter(Boolean).slice(-2).join(' ').slice(0, 200)}`,
      });
    });
  });
}

async function measureOne(input: HostileInput, mode: Mode): Promise<Measure> {
  const text = input.build();
  const offsets = input.offsets?.(text) ?? [0, text.length];
  // Modules loaded before the clock starts.
  const { exerciseService, exampleCluster } = await import('./serviceFeatures');
  const { getFileFindings, parseFile, DEFAULT_SETTINGS, LineIndex } = await import('../../server/src/service');
  const { main } = await import('../../server/src/cli/main');
  const { LspHarness } = await import('../unit/lsp/lspHarness');
  const started = performance.now();
  const cpu = process.cpuUsage();
  let codes: string[] = [];
  let note: string | undefined;
  if (mode === 'service') {
    exerciseService(text, { otherFiles: exampleCluster(), offsets });
    codes = [...new Set(getFileFindings(parseFile('file:///hostile.yaml', text), DEFAULT_SETTINGS).map((f) => f.code))];
  } else if (mode === 'cli') {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-limits-'));
    writeFileSync(path.join(folder, 'hostile.yaml'), text);
    let stdout = '';
    let stderr = '';
    const code = await main(['check', '--format', 'json', 'hostile.yaml'], { cwd: folder, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    codes = [...new Set((JSON.parse(stdout || '{"diagnostics":[]}').diagnostics as { code: string }[]).map((d) => d.code))];
    note = `exit ${code}${stderr ? `, stderr: ${stderr.trim().split('\n')[0].slice(0, 100)}` : ''}`;
  } else {
    const lsp = new LspHarness();
    await lsp.initialize(null);
    const uri = pathToFileURL(path.join(tmpdir(), 'hostile.yaml')).toString();
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const published = await lsp.diagnostics(uri, () => true, HANG_MS);
    codes = [...new Set(published.diagnostics.map((d) => String(d.code)))];
    note = `${seconds(performance.now() - started)} to diagnostics`;
    const lines = new LineIndex(text);
    for (const offset of offsets) {
      const position = lines.positionAt(offset);
      await lsp.client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await lsp.client.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    }
    lsp.dispose();
  }
  const used = process.cpuUsage(cpu);
  return {
    ok: true,
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    codes,
    note,
  };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(0)} s`;
}

function megabytes(bytes: number): string {
  return bytes >= 100_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} KB`;
}

const { values } = parseArgs({ options: { one: { type: 'string' }, mode: { type: 'string' }, only: { type: 'string', multiple: true } }, strict: false });
if (values.one && process.send) {
  const input = HOSTILE_INPUTS.find((i) => i.name === values.one)!;
  void measureOne(input, values.mode as Mode).then((measure) => process.send!(measure, () => process.exit(0)));
} else if (require.main === module) {
  void measureAllLimits((line = '') => process.stdout.write(`${line}\n`), values.only as string[] | undefined).then(
    (failed) => (process.exitCode = failed ? 1 : 0),
  );
}
