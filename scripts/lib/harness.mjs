// What the end-to-end runners share: the cached editor tools, building and packaging the extension, a
// code-server on a free loopback port with its own throw-away user data, and a headless Debian Chromium.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots and logs of failed runs; gitignored. */
export const artifactsRoot = path.join(repoRoot, '.e2e');
export const fixtureWorkspace = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace');

const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
export const extensionId = `${packageJson.publisher}.${packageJson.name}`;
export const vsixPath = path.join(repoRoot, `${packageJson.name}-${packageJson.version}.vsix`);

/**
 * Runs scripts/setup-editor.sh (about 0.1 s when everything is cached) and returns the paths it recorded.
 * @returns {{node24Bin: string, codeServer: string, codeServerVersion: string, chromium: string, nvim: string, cache: string}}
 */
export function ensureEditorTools() {
  run('bash', [path.join(repoRoot, 'scripts', 'setup-editor.sh'), '--quiet']);
  const cache = process.env.NETPOL_LENS_CACHE || path.join(os.homedir(), '.cache', 'netpol-lens');
  return JSON.parse(fs.readFileSync(path.join(cache, 'tools.json'), 'utf8'));
}

/** The environment code-server needs: Node 24 first on PATH. */
export function node24Env(tools, extra = {}) {
  return { ...process.env, PATH: `${tools.node24Bin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/** Runs a command in the foreground, inheriting stdio; throws on a non-zero exit. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** `npm run build`: dist/client.js, dist/languageClient.js, dist/server.js, dist/cli.js. Skipped when the caller already built. */
export function buildExtension() {
  if (process.env.NETPOL_E2E_BUILT === '1') return;
  run('npm', ['run', '--silent', 'build']);
}

/**
 * `npm run package`: the .vsix, exactly as a user would install it. NETPOL_E2E_VSIX=path uses that .vsix instead
 * (a release candidate, say); NETPOL_E2E_PACKAGED=1 reuses the one a caller just packaged.
 */
export function packageExtension() {
  if (process.env.NETPOL_E2E_VSIX) return path.resolve(process.env.NETPOL_E2E_VSIX);
  if (process.env.NETPOL_E2E_PACKAGED !== '1' || !fs.existsSync(vsixPath)) {
    run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!fs.existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return vsixPath;
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh scratch folder for one run: code-server's config, user data, extensions and a copy of the workspace. */
export function makeRunDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `netpol-${label}-`));
}

/** Copies a workspace into the run folder, so tests may change files without touching the repo. */
export function copyWorkspace(from, runDir) {
  const to = path.join(runDir, 'workspace');
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** User settings for a quiet workbench: no welcome page, tips, AI features, update checks or trust prompts. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

function codeServerArgs(runDir) {
  return ['--config', path.join(runDir, 'config.yaml'), '--user-data-dir', path.join(runDir, 'user'), '--extensions-dir', path.join(runDir, 'extensions')];
}

function prepareCodeServerDir(runDir, settings) {
  // Without --config code-server would write ~/.config/code-server/config.yaml.
  fs.writeFileSync(path.join(runDir, 'config.yaml'), 'auth: none\ncert: false\n');
  const userDir = path.join(runDir, 'user', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.mkdirSync(path.join(runDir, 'extensions'), { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
}

/** `code-server --install-extension VSIX` into the run folder's extensions dir (about 2 s). */
export function installExtension(tools, runDir, vsix) {
  prepareCodeServerDir(runDir, {});
  execFileSync(tools.codeServer, [...codeServerArgs(runDir), '--install-extension', vsix], {
    env: node24Env(tools),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts code-server on 127.0.0.1 (webviews need a secure context) and waits for `/healthz`.
 * Its output goes to `RUNDIR/code-server.log`. `stop()` ends its whole process group: the server, the
 * extension host and the language server the extension started.
 * @param {object} options
 * @param {object} options.tools from ensureEditorTools()
 * @param {string} options.runDir from makeRunDir()
 * @param {string} [options.workspace] the folder code-server opens by default
 * @param {number} [options.port] defaults to a free port
 * @param {string[]} [options.vscodeOptions] passed as `--vscode-option X`
 * @param {object} [options.settings] extra user settings
 * @param {boolean} [options.inheritOutput] print the server's output instead of logging it to a file
 */
export async function startCodeServer({ tools, runDir, workspace, port, vscodeOptions = [], settings = {}, inheritOutput = false }) {
  prepareCodeServerDir(runDir, settings);
  port ??= await freePort();
  const logPath = path.join(runDir, 'code-server.log');
  const logFd = fs.openSync(logPath, 'a');
  const args = [
    ...codeServerArgs(runDir),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...vscodeOptions.flatMap((option) => ['--vscode-option', option]),
    ...(workspace ? [workspace] : []),
  ];
  const child = spawn(tools.codeServer, args, {
    env: node24Env(tools),
    detached: true, // its own process group, so stop() reaches every child it starts
    stdio: ['ignore', inheritOutput ? 'inherit' : logFd, inheritOutput ? 'inherit' : logFd],
  });
  fs.closeSync(logFd);
  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve(code ?? signal);
    }),
  );
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exitPromise;
    clearTimeout(timer);
  };
  stopOnExit(stop, child);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited early; see ${logPath}\n${tail(logPath)}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port, logPath, stop, exited: exitPromise };
}

const cleanups = new Set();
let handlersInstalled = false;
/** Makes sure a started server dies with the runner, even on Ctrl+C or an uncaught error. */
function stopOnExit(stop, child) {
  cleanups.add(child);
  child.on('exit', () => cleanups.delete(child));
  if (handlersInstalled) return;
  handlersInstalled = true;
  const killAll = () => {
    for (const c of cleanups) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Debian's Chromium, headless, through playwright-core (which downloads no browser of its own). */
export async function launchChromium(tools) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Removes what an earlier run of this runner left in .e2e/, so only this run's failures show there. */
export function resetArtifacts(label) {
  fs.rmSync(path.join(artifactsRoot, label), { recursive: true, force: true });
}

/** Where a failed run leaves its screenshot and logs. */
export function artifactsDir(label) {
  const dir = path.join(artifactsRoot, label);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The closing line every runner prints, e.g. `ui: 1 passed, 0 failed`; run-e2e.mjs adds them up. */
export function closingLine(label, passed, failed) {
  return `${label}: ${passed} passed, ${failed} failed`;
}

export function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
