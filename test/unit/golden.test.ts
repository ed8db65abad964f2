import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { LINT_RULES } from '../../server/src/service/lints/lintRules';
import {
  analyzeFolderWithCli,
  checkExpectations,
  checkGoldenCase,
  fixtureCases,
  fixtureFolders,
  orphanFiles,
  toGolden,
  type GoldenFolderOptions,
} from './goldenRunner';
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
  // Workspaces of several files (a folder per case), run by test/unit/workspaceLints/workspaceGolden.test.ts.
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

/**
 * examples/, checked as a user checks it (`netpol-lens check --format json examples/`: every file in one
 * workspace): each file's findings in test/fixtures/examples/<path>.expected.json, so that examples/ holds only
 * what users read. To be reviewed by eye: each file of mistakes/ should show its mistake, the others no error.
 */
const EXAMPLES = resolve(__dirname, '../../examples');
const EXAMPLE_EXPECTATIONS = join(FIXTURES, 'examples');

/** Files under `folder` whose names match `pattern`, as sorted `/`-separated paths relative to it. */
function filesUnder(folder: string, pattern: RegExp, prefix = ''): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .flatMap((entry) =>
      statSync(join(folder, entry)).isDirectory()
        ? filesUnder(join(folder, entry), pattern, `${prefix}${entry}/`)
        : pattern.test(entry)
          ? [`${prefix}${entry}`]
          : [],
    );
}

/** An example's expectations, relative to test/fixtures/examples/: `policies/a.yaml` -> `policies/a.expected.json`. */
const expectationsOf = (example: string): string => `${example.replace(/\.ya?ml$/i, '')}.expected.json`;

if (!ONLY || ONLY === 'examples') {
  describe('golden: examples', () => {
    const examples = filesUnder(EXAMPLES, /\.ya?ml$/i);
    let analysed: Awaited<ReturnType<typeof analyzeFolderWithCli>>;
    before(async () => {
      analysed = await analyzeFolderWithCli(EXAMPLES);
    });

    it('has an expectation for each example, and none without its example', () => {
      assert.deepEqual([...analysed.keys()].sort(), [...examples].sort(), 'the CLI reads the files listed here');
      const expected = new Set(examples.map(expectationsOf));
      assert.deepEqual(
        filesUnder(EXAMPLE_EXPECTATIONS, /./).filter((file) => !expected.has(file)),
        [],
        'stale expectations, to be deleted',
      );
    });
    for (const example of examples) {
      it(example, () => {
        const file = analysed.get(example);
        assert.ok(file, `the CLI did not read ${example}`);
        checkExpectations(join(EXAMPLE_EXPECTATIONS, expectationsOf(example)), toGolden(file.text, file.findings));
      });
    }
  });
}
