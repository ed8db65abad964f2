/**
 * test/fixtures/flows/: each `<case>.netpol-flows.yaml` is a flows file, checked against its companion
 * `<case>.netpol-flows.workspace.yaml` (the same small shop in every case). The generic golden runner
 * (test/unit/golden.test.ts) checks the findings the editor shows (`<case>.netpol-flows.expected.json`); this suite
 * checks what `netpol-lens test` prints and its exit status (`<case>.netpol-flows.expected.txt`). `UPDATE_GOLDEN=1`
 * rewrites both, to be reviewed by eye.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';

const FOLDER = resolve(__dirname, '../../fixtures/flows');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function runTest(cwd: string, argv: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await main(['test', ...argv], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return `$ netpol-lens test ${argv.join(' ')}\n${stdout}${stderr ? `--- stderr\n${stderr}` : ''}--- exit ${code}\n`;
}

describe('golden: netpol-lens test (test/fixtures/flows)', () => {
  const cases = readdirSync(FOLDER)
    .filter((name) => name.endsWith('.netpol-flows.yaml'))
    .map((name) => name.slice(0, -'.netpol-flows.yaml'.length))
    .sort();

  it('has the cases the issue asks for', () => {
    for (const name of [
      'holds',
      'fails',
      'globs',
      'selectors',
      'ranges',
      'named-ports',
      'outside',
      'any-namespace',
      'except',
      'matches-nothing',
      'malformed',
    ]) {
      assert.ok(cases.includes(name), name);
    }
  });

  for (const name of cases) {
    it(name, async () => {
      const flows = `${name}.netpol-flows.yaml`;
      const actual = await runTest(FOLDER, [flows, `${name}.netpol-flows.workspace.yaml`]);
      const expectedFile = join(FOLDER, `${name}.netpol-flows.expected.txt`);
      if (UPDATE) return writeFileSync(expectedFile, actual);
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_GOLDEN=1 and review it`);
      assert.equal(actual, readFileSync(expectedFile, 'utf8'));
    });
  }
});
