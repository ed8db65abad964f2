import { strict as assert } from 'node:assert';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { LINT_RULES } from '../../server/src/service/lints/lintRules';
import { checkGoldenCase, fixtureCases, fixtureFolders, orphanFiles, type GoldenFolderOptions } from './goldenRunner';
import { analyzeOpenedInServer } from './goldenServer';

const FIXTURES = resolve(__dirname, '../fixtures');

/**
 * Per-folder options, by path under test/fixtures/. A folder not listed gets every finding of the file.
 * The validation fixtures are about the API server's checks: the lints (which sit on top and change more often)
 * are left out of their expectations and have fixtures of their own.
 */
const FOLDER_OPTIONS: Record<string, GoldenFolderOptions> = {
  validation: { includeCode: (code) => !(code in LINT_RULES) },
  // What only the language server reports: its size gate (`file.too-large`, with a small `maxFileSize` per case).
  'file-size': { analyze: analyzeOpenedInServer },
};

/** Fixture folders that other suites own, in formats of their own (never touched by this runner). */
const OWNED_ELSEWHERE = [
  // Truth tables (`.expected.txt`), run by test/unit/reachability/semantics.test.ts.
  'reachability',
  // Workspaces of several files (a folder per case), run by test/unit/workspaceLints/golden.test.ts.
  'workspace-lints',
  // Hovers at marked places (`‸`), run by test/unit/features/hoverGolden.test.ts.
  'hovers',
];

/** `GOLDEN_ONLY=validation` runs (and with UPDATE_GOLDEN=1 rewrites) that folder's fixtures alone. */
const ONLY = process.env.GOLDEN_ONLY;

for (const folder of fixtureFolders(FIXTURES, OWNED_ELSEWHERE)) {
  const name = relative(FIXTURES, folder) || '.';
  if (ONLY && name !== ONLY && !name.startsWith(`${ONLY}/`)) continue;
  describe(`golden: ${name}`, () => {
    it('has no expectations or settings without their .yaml', () => {
      assert.deepEqual(orphanFiles(folder), []);
    });
    for (const fixture of fixtureCases(folder)) {
      it(fixture, () => checkGoldenCase(folder, fixture, FOLDER_OPTIONS[name]));
    }
  });
}
