// As a user sees it: the installed .vsix, a policy with an invalid CIDR opened through Quick Open, the squiggle
// in the editor, and the error's row in the Problems panel with netpol's message and code. The expected message
// is the CLI's (`netpol-lens check --format json`): the editor and the CLI must say the same thing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const name = 'Problems panel lists the invalid CIDR as a netpol error';

/**
 * @param {{ page: import('playwright-core').Page, step: (label: string) => void, workspace: string, repoRoot: string }} context
 */
export async function run({ page, step, workspace, repoRoot }) {
  step("the CLI's finding");
  const expected = cliFinding(repoRoot, path.join(workspace, 'bad-cidr.yaml'), 'ipblock.cidr-invalid');
  assert.equal(expected.range.start.line, 14, "the fixture's bad CIDR is on line 15");

  step('workbench ready');
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });

  step('open bad-cidr.yaml with Quick Open');
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor();
  await quickOpen.fill('bad-cidr.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'bad-cidr.yaml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'cidr: 10.0.0.0/33' }).waitFor();

  step('error squiggle in the editor');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 45_000 });

  step('Problems panel row');
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'ipblock.cidr-invalid' }).first();
  await row.waitFor({ timeout: 30_000 });
  const text = (await row.innerText()).replace(/\s+/g, ' ');
  assert.ok(text.includes(expected.message.replace(/\s+/g, ' ')), `row text: ${text}\nCLI message: ${expected.message}`);
  assert.match(text, /netpol/, `row text: ${text}`);
  const { line, character } = expected.range.start;
  assert.ok(text.includes(`[Ln ${line + 1}, Col ${character + 1}]`), `row text: ${text}`);
  return text;
}

/** The first finding with `code` that `netpol-lens check --format json FILE` reports (it exits 1 on errors). */
function cliFinding(repoRoot, file, code) {
  let output;
  try {
    output = execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'netpol-lens'), 'check', '--format', 'json', file], {
      encoding: 'utf8',
    });
  } catch (error) {
    output = error.stdout;
  }
  const finding = JSON.parse(output).diagnostics.find((diagnostic) => diagnostic.code === code);
  assert.ok(finding, `the CLI reports no ${code} for ${file}: ${output}`);
  return finding;
}
