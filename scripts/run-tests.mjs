#!/usr/bin/env node
// `npm test`: every suite, one after the other, each echoed as it runs, then one summary line per suite and a
// total, e.g.
//   unit: 960 passed, 0 failed (25 s)
//   total: 1210 passed, 0 failed (6 min 2 s)
// The exit status is 1 when any suite failed (a suite that exits non-zero without a count counts as one failure),
// else 0. Every suite runs even after a failure, so the summary is complete; `--bail` stops at the first.
//
// Usage: node scripts/run-tests.mjs [--bail] [SUITE...]   (suites: typecheck lint unit robustness webview e2e)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npmScripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Node's test runner ends with `# pass N` and `# fail N` (TAP). */
const tapCounts = (output) => {
  const pass = [...output.matchAll(/^# pass (\d+)$/gm)].pop();
  const fail = [...output.matchAll(/^# fail (\d+)$/gm)].pop();
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : undefined;
};

/** Each suite: how to run it and how to read its counts from its standard output (undefined: pass/fail by exit code). */
const SUITES = {
  typecheck: {
    command: [npm, 'run', '--silent', 'typecheck'],
    counts: (output, code) => ({ passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : Math.max(1, (output.match(/error TS\d+/g) ?? []).length) }),
  },
  lint: { command: [npm, 'run', '--silent', 'lint'], counts: (output, code) => ({ passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 }) },
  unit: { command: [process.execPath, 'scripts/run-unit-tests.mjs'], counts: tapCounts },
  robustness: { command: [process.execPath, 'scripts/run-unit-tests.mjs', '--root', 'test/robustness'], counts: tapCounts },
  webview: { command: [npm, 'run', '--silent', 'test:webview'], counts: tapCounts },
  e2e: {
    command: [process.execPath, 'scripts/run-e2e.mjs'],
    counts: (output) => {
      const match = [...output.matchAll(/^e2e: (\d+) passed, (\d+) failed/gm)].pop();
      return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
    },
  },
};

const args = process.argv.slice(2);
const bail = args.includes('--bail');
const chosen = args.filter((arg) => !arg.startsWith('-'));
for (const name of chosen) {
  if (!(name in SUITES)) {
    console.error(`run-tests: unknown suite ${name} (known: ${Object.keys(SUITES).join(', ')})`);
    process.exit(2);
  }
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Runs one suite, echoing its output; resolves to its counts. */
function run(suite) {
  return new Promise((resolve) => {
    const [command, ...rest] = suite.command;
    const child = spawn(command, rest, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
      if (output.length > 4_000_000) output = output.slice(-2_000_000); // the counts are at the end
    });
    child.on('error', (error) => {
      console.error(`run-tests: ${error.message}`);
      resolve({ passed: 0, failed: 1 });
    });
    child.on('close', (code) => {
      const counts = suite.counts(output, code) ?? { passed: 0, failed: 0 };
      // A suite that died before its counts, or exited non-zero despite them, counts as one failure.
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve(counts);
    });
  });
}

const started = Date.now();
const lines = [];
let passed = 0;
let failed = 0;
for (const [name, suite] of Object.entries(SUITES)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  if (suite.optional && !npmScripts[name]) {
    lines.push(`${name}: skipped (no "${name}" script in package.json)`);
    continue;
  }
  console.log(`\n── ${name} ──`);
  const suiteStarted = Date.now();
  const counts = await run(suite);
  passed += counts.passed;
  failed += counts.failed;
  lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed (${duration(Date.now() - suiteStarted)})`);
  if (bail && counts.failed > 0) break;
}
console.log(`\n${lines.join('\n')}\ntotal: ${passed} passed, ${failed} failed (${duration(Date.now() - started)})`);
process.exit(failed > 0 ? 1 : 0);
