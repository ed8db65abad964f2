// UI tests through a real browser: packages the .vsix (`npm run package`), installs it into a throw-away
// code-server with `--install-extension`, opens the fixture workspace in headless Debian Chromium and runs each
// test/e2e/ui/*.ui.mjs (a module exporting `name` and `run({ page, step, workspace, repoRoot })`) in a fresh page.
// A failed test leaves a screenshot, the code-server log and the workbench logs in .e2e/ui/.
//
// Usage: node scripts/run-ui-tests.mjs [--keep]
//   NETPOL_E2E_VSIX=path  test that .vsix instead of packaging one
// Prints each test and `ui: N passed, M failed`; exits 0 only when every test passed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  artifactsDir,
  buildExtension,
  closingLine,
  copyWorkspace,
  ensureEditorTools,
  fixtureWorkspace,
  installExtension,
  launchChromium,
  makeRunDir,
  packageExtension,
  repoRoot,
  resetArtifacts,
  seconds,
  startCodeServer,
} from './lib/harness.mjs';

const TEST_TIMEOUT_MS = 120_000;
const keep = process.argv.includes('--keep');
const started = Date.now();
resetArtifacts('ui');

const tools = ensureEditorTools();
let vsix;
try {
  buildExtension(); // the CLI (bin/netpol-lens) gives the expected messages
  vsix = packageExtension();
} catch (error) {
  console.log(`✘ could not build or package the extension: ${error instanceof Error ? error.message : error}`);
  console.log(closingLine('ui', 0, 1));
  process.exit(1);
}
const runDir = makeRunDir('ui');
installExtension(tools, runDir, path.resolve(vsix));
const workspace = copyWorkspace(fixtureWorkspace, runDir);
const server = await startCodeServer({ tools, runDir, workspace });

const uiDir = path.join(repoRoot, 'test', 'e2e', 'ui');
const testFiles = fs
  .readdirSync(uiDir)
  .filter((file) => file.endsWith('.ui.mjs'))
  .sort();

let passed = 0;
let failed = 0;
const browser = await launchChromium(tools);
try {
  for (const file of testFiles) {
    const test = await import(pathToFileURL(path.join(uiDir, file)).href);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let currentStep = 'start';
    const testStarted = Date.now();
    let timer;
    try {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
      });
      const detail = await Promise.race([
        test.run({
          page,
          workspace,
          repoRoot,
          step: (label) => {
            currentStep = label;
          },
        }),
        timeout,
      ]);
      passed++;
      console.log(`✔ ${test.name} (${seconds(testStarted)})`);
      if (detail) console.log(`    ${detail}`);
    } catch (error) {
      failed++;
      console.log(`✘ ${test.name} (${seconds(testStarted)})`);
      console.log(`    at step "${currentStep}": ${error instanceof Error ? error.message : error}`);
      const dir = artifactsDir('ui');
      const base = path.basename(file, '.ui.mjs');
      await page.screenshot({ path: path.join(dir, `${base}.png`) }).catch(() => {});
      saveLogs(dir);
      console.log(`    screenshot and logs in ${path.relative(repoRoot, dir)}/`);
    } finally {
      clearTimeout(timer);
      await page.close().catch(() => {});
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}

/** code-server's own log and the workbench's (extension host, the extension's output channel). */
function saveLogs(dir) {
  fs.copyFileSync(server.logPath, path.join(dir, 'code-server.log'));
  const logs = path.join(runDir, 'user', 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'logs'), { recursive: true });
}

if (keep) console.log(`run-ui-tests: scratch folder kept: ${runDir}`);
else fs.rmSync(runDir, { recursive: true, force: true });
console.log(`run-ui-tests: done in ${seconds(started)}`);
console.log(closingLine('ui', passed, failed));
process.exit(failed === 0 && passed > 0 ? 0 : 1);
