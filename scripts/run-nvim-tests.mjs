// Neovim as a second LSP client, once per way of starting the server for editors other than VS Code (the bundle
// itself, and the CLI's `lsp` subcommand) and per script in test/e2e/nvim: check.lua (diagnostics and hover) and
// features.lua (completion and code actions).
//
// Usage: node scripts/run-nvim-tests.mjs
// Prints each check and `nvim: N passed, M failed`; exits 0 only when every check passed.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactsDir, buildExtension, closingLine, ensureEditorTools, fixtureWorkspace, repoRoot, resetArtifacts, seconds } from './lib/harness.mjs';

const TIMEOUT_MS = 60_000;
const started = Date.now();
resetArtifacts('nvim');
const tools = ensureEditorTools();
buildExtension();

const cases = [
  { name: 'node dist/server.js --stdio', cmd: [process.execPath, path.join(repoRoot, 'dist', 'server.js'), '--stdio'] },
  { name: 'bin/netpol-lens lsp --stdio', cmd: [process.execPath, path.join(repoRoot, 'bin', 'netpol-lens'), 'lsp', '--stdio'] },
];

const scripts = [
  {
    what: 'diagnostics and hover',
    script: 'check.lua',
    env: {
      NETPOL_FIXTURE: path.join(fixtureWorkspace, 'bad-cidr.yaml'),
      NETPOL_EXPECT_LINE: '14', // `cidr: 10.0.0.0/33`, 0-based
    },
  },
  { what: 'completion and code actions', script: 'features.lua', env: { NETPOL_FIXTURE: path.join(fixtureWorkspace, 'quick-fixes.yaml') } },
];

/** Runs a script of test/e2e/nvim in headless Neovim; resolves with its exit code and output. */
function check(script, cmd, scriptEnv) {
  return new Promise((resolve) => {
    const child = spawn(tools.nvim, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(repoRoot, 'test', 'e2e', 'nvim', script)}`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NETPOL_LSP_CMD: JSON.stringify(cmd),
        ...scriptEnv,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `timed out after ${TIMEOUT_MS / 1000} s\n`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, signal, output });
    });
  });
}

let passed = 0;
let failed = 0;
for (const { name, cmd } of cases)
  for (const { what, script, env } of scripts) {
    const caseStarted = Date.now();
    const { code, output } = await check(script, cmd, env);
    const ok = code === 0 && /^PASS$/m.test(output);
    console.log(`${ok ? '✔' : '✘'} neovim: ${what} via ${name} (${seconds(caseStarted)})`);
    if (ok) {
      passed++;
      process.stdout.write(
        output
          .split('\n')
          .filter((line) => line.startsWith('  '))
          .map((line) => `  ${line}\n`)
          .join(''),
      );
    } else {
      failed++;
      process.stdout.write(`${output.trimEnd().replace(/^/gm, '    ')}\n`);
      const log = path.join(artifactsDir('nvim'), `${path.basename(script, '.lua')}-${name.replace(/\W+/g, '-')}.log`);
      fs.writeFileSync(log, output);
    }
  }
console.log(`run-nvim-tests: done in ${seconds(started)}`);
console.log(closingLine('nvim', passed, failed));
process.exit(failed === 0 ? 0 : 1);
