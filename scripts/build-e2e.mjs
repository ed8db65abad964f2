// Bundles the extension-host test suite (test/e2e/suite) to out/test/suite: index.js (the module
// `extensionTestsPath` points at) and one bundle per `*.test.ts`. `vscode` comes from the extension host and
// mocha from node_modules (mocha 11 is CommonJS; 12 would break `require('mocha')` here).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './lib/harness.mjs';

// `--web`: the suite for the web worker extension host instead (test/e2e/web/index.ts): one browser bundle,
// out/test/web/index.js, with mocha's browser build and `node:assert/strict` replaced by test/e2e/web/webAssert.ts.
if (process.argv.includes('--web')) {
  const outdir = path.join(repoRoot, 'out', 'test', 'web');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'e2e', 'web', 'index.ts')],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: ['chrome114'],
    sourcemap: 'inline',
    external: ['vscode'],
    alias: { 'node:assert/strict': path.join(repoRoot, 'test', 'e2e', 'web', 'webAssert.ts') },
    logLevel: 'warning',
  });
  process.exit(0);
}

const suiteDir = path.join(repoRoot, 'test', 'e2e', 'suite');
const outdir = path.join(repoRoot, 'out', 'test', 'suite');
const entryPoints = fs
  .readdirSync(suiteDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .map((name) => path.join(suiteDir, name));

fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
