// `npm run test:e2e`: every end-to-end suite, one after the other, each in its own process:
//   nvim     Neovim as an LSP client (scripts/run-nvim-tests.mjs)
//   exthost  extension-host tests in code-server (scripts/run-extension-tests.mjs)
//   web      the same tests, with the web extension in code-server's web worker extension host
//            (scripts/run-extension-tests.mjs --web)
//   ui       the packaged .vsix driven through Chromium (scripts/run-ui-tests.mjs)
// Builds once, then adds up the runners' closing lines into `e2e: N passed, M failed`.
//
// Usage: node scripts/run-e2e.mjs [nvim] [exthost] [web] [ui]   (default: all four)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { buildExtension, ensureEditorTools, repoRoot, seconds } from './lib/harness.mjs';

const suites = {
  nvim: 'run-nvim-tests.mjs',
  exthost: 'run-extension-tests.mjs',
  web: ['run-extension-tests.mjs', '--web'],
  ui: 'run-ui-tests.mjs',
};
const chosen = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const name of chosen) {
  if (!(name in suites)) {
    console.error(`run-e2e: unknown suite ${name} (known: ${Object.keys(suites).join(', ')})`);
    process.exit(2);
  }
}
const started = Date.now();
ensureEditorTools();
buildExtension();

/** Runs one runner, echoing its output, and returns the counts from its closing line. */
function runSuite(name) {
  return new Promise((resolve) => {
    const [script, ...args] = [suites[name]].flat();
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', script), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NETPOL_E2E_BUILT: '1' },
    });
    let counts;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const match = new RegExp(`^${name}: (\\d+) passed, (\\d+) failed$`).exec(line.trim());
        if (match) counts = { passed: Number(match[1]), failed: Number(match[2]) };
      }
    });
    child.on('close', (code) => {
      // A runner that died before its closing line, or exited non-zero despite it, counts as one failure.
      counts ??= { passed: 0, failed: 0 };
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve(counts);
    });
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const name of chosen.length ? chosen : Object.keys(suites)) {
  const suiteStarted = Date.now();
  console.log(`\n── e2e ${name} ──`);
  const counts = await runSuite(name);
  passed += counts.passed;
  failed += counts.failed;
  summary.push(`${name} ${counts.passed}/${counts.passed + counts.failed} in ${seconds(suiteStarted)}`);
}
console.log(`\nrun-e2e: ${summary.join(', ')}; ${seconds(started)} in all`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
