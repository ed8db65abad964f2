// `npm run test:electron`: the same extension-host suite (test/e2e/suite) under desktop VS Code, through
// @vscode/test-electron, for machines that can download VS Code. That download comes from Microsoft's update
// server, which the project's CI and dev machines cannot reach (`getaddrinfo ENOTFOUND`): there the suite runs on
// code-server instead (`npm run test:e2e`, scripts/run-extension-tests.mjs). Not part of `npm test`.
//
// Usage: node scripts/run-test-electron.mjs [--version stable|insiders|1.91.0]   (default: stable)
//   On a desktop without a display, run it under `xvfb-run -a`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildExtension, copyWorkspace, fixtureWorkspace, repoRoot, run } from './lib/harness.mjs';

const versionIndex = process.argv.indexOf('--version');
const version = versionIndex > 0 ? process.argv[versionIndex + 1] : 'stable';

buildExtension();
run('node', [path.join(repoRoot, 'scripts', 'build-e2e.mjs')]);
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-electron-'));
const workspace = copyWorkspace(fixtureWorkspace, runDir);
try {
  const code = await runTests({
    version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(runDir, 'user')],
  });
  process.exitCode = code;
} catch (error) {
  console.error(`run-test-electron: ${error instanceof Error ? error.message : error}`);
  console.error("run-test-electron: VS Code could not be downloaded or started; on this project's machines use `npm run test:e2e`.");
  process.exitCode = 1;
} finally {
  fs.rmSync(runDir, { recursive: true, force: true });
}
