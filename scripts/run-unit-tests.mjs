#!/usr/bin/env node
// Runs the unit tests (test/unit/**/*.test.ts) in ONE Node process: Node 20's test runner would start a process
// per file (one at a time on a 2-core machine), which costs more than the tests. Arguments filter the files by
// substring: `node scripts/run-unit-tests.mjs lints/ golden`. `--root test/robustness` runs another folder the same
// way (the fuzzing and abuse suites: part of `npm test`, kept out of the fast inner loop). Exit code and TAP
// output are node:test's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const testRoot = rootAt === -1 ? path.join('test', 'unit') : args.splice(rootAt, 2)[1];
const filters = args;

function findTests(folder) {
  const found = [];
  for (const name of readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const files = findTests(path.join(root, testRoot)).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (files.length === 0) {
  console.error(`no unit test file matches ${filters.join(' ')}`);
  process.exit(2);
}
const scratch = mkdtempSync(path.join(tmpdir(), 'netpol-unit-'));
const entry = path.join(scratch, 'all.test.mjs');
writeFileSync(entry, files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`).join('\n') + '\n');
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', entry], { cwd: root, stdio: 'inherit' });
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
