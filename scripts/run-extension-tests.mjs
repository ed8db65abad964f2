// Runs the extension-host tests (test/e2e/suite, the @vscode/test-electron contract) in a real VS Code:
// code-server on 127.0.0.1, opened by headless Debian Chromium. code-server has no --extensionDevelopmentPath or
// --extensionTestsPath flags; its workbench takes both from the page URL's `payload` parameter, but only when the
// server runs with `--vscode-option enable-smoke-test-driver`. The workbench then reports the extension host's
// console through `window.codeAutomationLog` and the result of `run()` through `window.codeAutomationExit`.
//
// `--web` runs the extension in code-server's web worker extension host instead (its `browser` entry,
// dist/web/client.js, with the language server in a web worker): the user setting `remote.extensionKind` makes it
// a `web` extension, and the suite is test/e2e/web (one browser bundle, built by build-e2e.mjs --web).
//
// Usage: node scripts/run-extension-tests.mjs [--web] [--keep]   (--keep leaves the scratch folder for inspection)
// Prints mocha's output and `exthost: N passed, M failed` (`web: ...` with --web); exits 0 only when every test
// passed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  artifactsDir,
  buildExtension,
  closingLine,
  copyWorkspace,
  ensureEditorTools,
  extensionId,
  fixtureWorkspace,
  launchChromium,
  makeRunDir,
  resetArtifacts,
  repoRoot,
  run,
  seconds,
  startCodeServer,
  tail,
} from './lib/harness.mjs';

const TIMEOUT_MS = Number(process.env.NETPOL_E2E_TIMEOUT_MS ?? 5 * 60_000);
const keep = process.argv.includes('--keep');
const web = process.argv.includes('--web');
const label = web ? 'web' : 'exthost';
const started = Date.now();
resetArtifacts(label);

const tools = ensureEditorTools();
try {
  buildExtension();
  run('node', [path.join(repoRoot, 'scripts', 'build-e2e.mjs'), ...(web ? ['--web'] : [])]);
} catch (error) {
  console.log(`✘ could not build the extension or the suite: ${error instanceof Error ? error.message : error}`);
  console.log(closingLine(label, 0, 1));
  process.exit(1);
}

const runDir = makeRunDir(label);
const workspace = copyWorkspace(fixtureWorkspace, runDir);
// A git repository with one commit, for the reachability changes (test/e2e/suite/reachabilityChanges.test.ts):
// the extension reads the base side through VS Code's git extension, which the Node extension host runs.
if (!web) initGitRepository(workspace);
// The extension has both entries (`main` and `browser`): by default it runs in the remote (Node) extension host;
// `remote.extensionKind` moves it into the web worker extension host.
// The Node extension host runs VS Code's git extension for the reachability changes (the quiet settings turn it off).
const settings = web ? { 'remote.extensionKind': { [extensionId]: ['web'] } } : { 'git.enabled': true };
const server = await startCodeServer({ tools, runDir, vscodeOptions: ['enable-smoke-test-driver'], settings });

const remote = (absolutePath) => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
const payload = [
  ['extensionDevelopmentPath', remote(repoRoot)],
  ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', ...(web ? ['web'] : ['suite']), 'index.js'))],
];
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

/** The workbench's own chatter, and the offline gallery's errors: kept in the console log, not printed. */
const isNoise = (text) =>
  /ENOTFOUND|open-vsx\.org|authentication provider 'github'|^Creating a socket|^\[Service Worker\]|^\[AgentHost|^\[AccountPolicyGate\]|^Resolv(ing|ed) connection token|^\[reconnection-grace-time\]|^Updating additional builtin extensions|^Creation of workbench contribution/.test(
    text,
  );
const consoleLog = path.join(runDir, `${label}-console.log`);

let browser;
let exitCode = 1;
let sawClosingLine = false;
let passedTests = 0;
try {
  browser = await launchChromium(tools);
  const page = await browser.newPage();
  // Both must exist before the workbench loads: it looks for them once the extension host starts.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The workbench forwards console calls unformatted: ('%s%s', a, b).
    const text = format(...(Array.isArray(args) ? args : [args]));
    fs.appendFileSync(consoleLog, `[${type}] ${text}\n`);
    if (isNoise(text)) return;
    for (const line of text.split('\n')) {
      const closing = new RegExp(`^${label}: (\\d+) passed, \\d+ failed$`).exec(line.trim());
      if (closing) {
        sawClosingLine = true;
        passedTests = Number(closing[1]);
      }
      // Mocha's reporter writes through console.log; anything else is flagged with its level.
      process.stdout.write(type === 'info' || type === 'log' ? `${line}\n` : `[${type}] ${line}\n`);
    }
  });
  let settle;
  const result = new Promise((resolve) => {
    settle = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
  await page.goto(url);
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      console.error(`run-extension-tests: no result within ${TIMEOUT_MS / 1000} s`);
      resolve(1);
    }, TIMEOUT_MS);
  });
  exitCode = await Promise.race([result, timeout]);
  clearTimeout(timer);
  if (web && exitCode === 0) exitCode = await checkPanel(page);
  if (exitCode !== 0) {
    const dir = artifactsDir(label);
    await page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
  }
} catch (error) {
  console.error(`run-extension-tests: ${error instanceof Error ? error.stack : error}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server.stop();
}

/**
 * With --web, one more check from the browser's side, which the extension host cannot see: the reachability panel
 * that the suite's last test left open shows the view the worker server computed (the webview is two iframes
 * deep). Counted as one more test in the closing line.
 */
async function checkPanel(page) {
  const name = "the reachability panel shows the web worker server's view (read in Chromium)";
  const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  try {
    const summary = panel.locator('#summary', { hasText: /Covers \d+ endpoints?\b/ });
    await summary.waitFor({ timeout: 30_000 });
    console.log(`    ✅ ${name}: ${(await summary.textContent()).replace(/\s+/g, ' ').trim()}`);
    console.log(closingLine(label, passedTests + 1, 0));
    return 0;
  } catch (error) {
    console.log(`    ✘ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    console.log(closingLine(label, passedTests, 1));
    return 1;
  }
}

if (exitCode !== 0) {
  const dir = artifactsDir(label);
  fs.copyFileSync(server.logPath, path.join(dir, 'code-server.log'));
  if (fs.existsSync(consoleLog)) fs.copyFileSync(consoleLog, path.join(dir, `${label}-console.log`));
  console.error(`run-extension-tests: logs and screenshot in ${path.relative(repoRoot, dir)}/`);
  console.error(tail(server.logPath, 15));
  // run() never settled or never loaded: count the whole suite as one failure so the total is honest.
  if (!sawClosingLine) console.log(closingLine(label, 0, 1));
}
if (keep) console.error(`run-extension-tests: scratch folder kept: ${runDir}`);
else fs.rmSync(runDir, { recursive: true, force: true });
console.error(`run-extension-tests: ${exitCode === 0 ? 'passed' : 'FAILED'} in ${seconds(started)}`);
process.exit(exitCode === 0 ? 0 : 1);

/** `git init`, add and commit the workspace copy, with a fixed identity and no hooks or signing from the user's config. */
function initGitRepository(folder) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'netpol-lens e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'netpol-lens e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'e2e workspace'],
  ]) {
    run('git', args, { cwd: folder, env });
  }
}
