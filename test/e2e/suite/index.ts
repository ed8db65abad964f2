/**
 * The @vscode/test-electron contract: the extension host loads this module (`extensionTestsPath`) and awaits
 * `run()`, which runs mocha over the bundled `*.test.js` files beside it. The same file runs under code-server
 * (scripts/run-extension-tests.mjs) and under desktop VS Code (scripts/run-test-electron.mjs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // No colours: the output travels through the workbench's console forwarding, not a terminal.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // The closing line the runners look for, counted by mocha itself.
      console.log(`exthost: ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
