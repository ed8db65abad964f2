// As a user sees it: the installed .vsix, a policy with an invalid CIDR opened through Quick Open, the squiggle
// in the editor, and the error's row in the Problems panel with netpol's message and code.
import * as assert from 'node:assert/strict';

export const name = 'Problems panel lists the invalid CIDR as a netpol error';

/**
 * @param {{ page: import('playwright-core').Page, step: (label: string) => void }} context
 */
export async function run({ page, step }) {
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
  assert.match(text, /not a valid CIDR/, `row text: ${text}`);
  assert.match(text, /netpol/, `row text: ${text}`);
  assert.match(text, /\[Ln 15, Col \d+\]/, `row text: ${text}`);
  return text;
}
