/**
 * The extension-host suite in the web worker extension host (scripts/run-extension-tests.mjs --web): the same
 * contract as test/e2e/suite/index.ts (`run()` runs mocha), but bundled into this one file for the browser: a web
 * extension host resolves no module but `vscode`, and has no `fs` to list the test files. Mocha is its browser
 * build; `node:assert/strict` is test/e2e/web/webAssert.ts (build-e2e.mjs aliases it).
 *
 * The shared tests need no process: diagnostics, hovers, completion, quick fixes, CodeLenses, document symbols,
 * the commands and the reachability panel. webHost.test.ts checks that they ran where they should.
 */
import 'mocha/mocha.js';

declare const mocha: BrowserMocha;
interface BrowserMocha {
  setup(options: { ui: string; reporter: string; color: boolean; timeout: number }): void;
  run(done: (failures: number) => void): { stats?: { passes: number; failures: number } };
}

export function run(): Promise<void> {
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  // After setup: the files call the `describe` and `it` it defines. webHost first: if the extension did not
  // run in the web worker, nothing after it proves anything.
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('./webHost.test');
  require('../suite/diagnostics.test');
  require('../suite/hover.test');
  require('../suite/completion.test');
  require('../suite/quickFixes.test');
  require('../suite/codeLens.test');
  require('../suite/documentSymbols.test');
  require('../suite/commands.test');
  require('../suite/reachability.test');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // The closing line the runner looks for, counted by mocha itself.
      console.log(`web: ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} web extension-host test(s) failed`));
      else resolve();
    });
  });
}
