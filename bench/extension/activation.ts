import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { repoRoot } from '../lsp/servers';
import { summarize, type Summary } from '../lsp/stats';
import { ACTIVATION_LINE, type ActivationSample } from './activationLine';

/**
 * The extension's own figures: the size of the `.vsix` (`npm run package`) and its activation time in a real
 * VS Code (code-server, the same editor the end-to-end tests drive, through scripts/lib/harness.mjs), loading
 * the extension from the packaged `.vsix` exactly as a user would get it.
 */

export interface ExtensionFigures {
  /** The `.vsix` size, or why there is none. */
  readonly vsix: { readonly bytes: number; readonly path: string; readonly note?: string } | { readonly skipped: string };
  /** Activation in code-server, one sample per fresh editor; or why it was not measured. */
  readonly activation:
    | {
        /** `await extension.activate()` in the extension host. */
        readonly summary: Summary;
        /** VS Code's own split of it ("Developer: Startup Performance"), when it could be read. */
        readonly loadCode?: Summary;
        readonly callActivate?: Summary;
        readonly finishActivate?: Summary;
        /** Their sum per sample: what "Developer: Show Running Extensions" reports as the activation time. */
        readonly vscodeTotal?: Summary;
        readonly editor: string;
        readonly loadedFrom: string;
      }
    | { readonly skipped: string };
}

/** What this file uses of scripts/lib/harness.mjs (plain JavaScript). */
interface Harness {
  startCodeServer(options: {
    tools: EditorTools;
    runDir: string;
    vscodeOptions?: string[];
  }): Promise<{ url: string; port: number; logPath: string; stop(): Promise<void> }>;
  launchChromium(tools: EditorTools): Promise<Browser>;
}

interface EditorTools {
  codeServer: string;
  codeServerVersion: string;
  chromium: string;
}

interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Page {
  exposeFunction(name: string, callback: (...args: unknown[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
}

const ACTIVATION_TIMEOUT_MS = 180_000;

/**
 * Packages the extension (which builds the production bundles), then rebuilds the development bundles so that
 * `dist/` is left as `npm run build` makes it, and measures activation `runs` times.
 */
export async function measureExtension(runDir: string, runs: number, log: (line: string) => void): Promise<ExtensionFigures> {
  const buildLog = path.join(runDir, 'package.log');
  const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  let vsixPath = path.join(repoRoot, `netpol-lens-${version}.vsix`);
  let note: string | undefined;
  const failure = runNpm(['run', 'package'], buildLog);
  if (failure !== undefined) {
    // vsce refuses relative links in the README when the package names no repository. Packaging again with a base
    // URL changes those links only: the files and their sizes are the ones `npm run package` would ship.
    vsixPath = path.join(runDir, `netpol-lens-${version}.vsix`);
    const retry = runNpx(
      [
        'vsce',
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--skip-license',
        '--baseContentUrl',
        'https://netpol-lens.invalid',
        '--baseImagesUrl',
        'https://netpol-lens.invalid',
        '-o',
        vsixPath,
      ],
      buildLog,
    );
    if (retry !== undefined) {
      runNpm(['run', 'build'], buildLog, true);
      return { vsix: { skipped: `npm run package failed: ${failure}; so did vsce with a base URL: ${retry}` }, activation: { skipped: 'no .vsix to load' } };
    }
    note = `\`npm run package\` failed (${failure}); packaged with the same command plus \`--baseContentUrl\`/\`--baseImagesUrl\`, which only rewrites README links`;
  }
  const vsix: ExtensionFigures['vsix'] = { bytes: (await fs.stat(vsixPath)).size, path: path.relative(repoRoot, vsixPath), note };
  const unpacked = path.join(runDir, 'vsix');
  const unzip = spawnSync('unzip', ['-q', '-o', vsixPath, '-d', unpacked]);
  if (unzip.status !== 0) throw new Error(`unzip ${vsixPath} failed: ${unzip.stderr?.toString() ?? unzip.error}`);
  const extensionPath = path.join(unpacked, 'extension');
  const loadedFrom = 'the packaged .vsix, unpacked';
  // Leave dist/ as `npm run build` makes it: the language server benchmarks and the other engineers use it.
  runNpm(['run', 'build'], buildLog, true);

  const skipped = editorMissing();
  if (skipped) return { vsix, activation: { skipped } };
  const tools = JSON.parse(readFileSync(toolsFile(), 'utf8')) as EditorTools;
  const harness = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'harness.mjs')).href)) as Harness;
  const probe = path.join(runDir, 'probe', 'index.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'activationProbe.ts')],
    outfile: probe,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });

  const samples: ActivationSample[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await activateOnce(harness, tools, extensionPath, probe, path.join(runDir, `code-server-${i}`));
    log(`activation ${i + 1}/${runs}: ${JSON.stringify(sample)}`);
    samples.push(sample);
  }
  const vscodeTimes = samples.map((sample) => sample.vscode).filter((times) => times !== undefined);
  return {
    vsix,
    activation: {
      summary: summarize(samples.map((sample) => sample.ms)),
      loadCode: vscodeTimes.length ? summarize(vscodeTimes.map((times) => times.loadCodeMs)) : undefined,
      callActivate: vscodeTimes.length ? summarize(vscodeTimes.map((times) => times.callActivateMs)) : undefined,
      finishActivate: vscodeTimes.length ? summarize(vscodeTimes.map((times) => times.finishActivateMs)) : undefined,
      vscodeTotal: vscodeTimes.length ? summarize(vscodeTimes.map((t) => t.loadCodeMs + t.callActivateMs + t.finishActivateMs)) : undefined,
      editor: `code-server ${tools.codeServerVersion}`,
      loadedFrom,
    },
  };
}

async function activateOnce(harness: Harness, tools: EditorTools, extensionPath: string, probe: string, runDir: string): Promise<ActivationSample> {
  const workspace = path.join(runDir, 'workspace');
  await fs.mkdir(workspace, { recursive: true });
  const server = await harness.startCodeServer({ tools, runDir, vscodeOptions: ['enable-smoke-test-driver'] });
  const remote = (absolutePath: string) => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(probe)],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    browser = await harness.launchChromium(tools);
    const page = await browser.newPage();
    const result = new Promise<ActivationSample>((resolve, reject) => {
      void page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
        const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
        const line = text.split('\n').find((l) => l.startsWith(ACTIVATION_LINE));
        if (!line) return;
        const measured = JSON.parse(line.slice(ACTIVATION_LINE.length)) as ActivationSample;
        if (measured.wasActive) reject(new Error('the extension was active before the probe activated it'));
        else resolve(measured);
      });
      void page.exposeFunction('codeAutomationExit', (code: unknown) => {
        if (Number(code) !== 0) reject(new Error(`the probe failed (exit code ${code}); see ${server.logPath}`));
      });
      timer = setTimeout(() => reject(new Error(`no activation within ${ACTIVATION_TIMEOUT_MS / 1000} s; see ${server.logPath}`)), ACTIVATION_TIMEOUT_MS);
    });
    await page.goto(url);
    return await result;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

function toolsFile(): string {
  return path.join(process.env.NETPOL_LENS_CACHE || path.join(os.homedir(), '.cache', 'netpol-lens'), 'tools.json');
}

/** Why activation cannot be measured here, or undefined when it can. The bench installs no editor itself. */
function editorMissing(): string | undefined {
  if (!existsSync(path.join(repoRoot, 'scripts', 'lib', 'harness.mjs'))) return 'the end-to-end harness (scripts/lib/harness.mjs) is missing';
  if (!existsSync(toolsFile())) return 'no editor installed: run `bash scripts/setup-editor.sh` once (it installs code-server and Chromium)';
  return undefined;
}

function runNpx(args: string[], logFile: string): string | undefined {
  return run('npx', args, logFile, false);
}

/** Runs npm in the repository; returns undefined on success, else the first lines of its error output. */
function runNpm(args: string[], logFile: string, mustSucceed = false): string | undefined {
  return run('npm', args, logFile, mustSucceed);
}

function run(command: string, args: string[], logFile: string, mustSucceed: boolean): string | undefined {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
  appendFileSync(logFile, `$ ${command} ${args.join(' ')}\n${result.stdout}${result.stderr}\n`);
  if (result.status === 0) return undefined;
  const reason = `${result.stderr}`
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('npm warn'))
    .slice(0, 2)
    .join(' ');
  if (mustSucceed) throw new Error(`${command} ${args.join(' ')} failed: ${reason}`);
  return reason.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').trim();
}
