// As a user writes a new policy: an empty YAML file opened through Quick Open, the snippet's prefix typed, the
// suggestion accepted from the suggest widget, the file saved. The saved text must be the contributed snippet with
// its defaults, the server must read it (its CodeLens shows) and no error squiggle may appear, in agreement with
// `netpol-lens check` on the saved file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const name = 'a snippet typed by its prefix and accepted from the suggest widget makes a valid policy';

const PREFIX = 'netpol-deny-all';
const FILE = 'deny-all.yaml';

/**
 * @param {{ page: import('playwright-core').Page, step: (label: string) => void, workspace: string, repoRoot: string }} context
 */
export async function run({ page, step, workspace, repoRoot }) {
  step('the snippet as contributed');
  const expected = expandedSnippet(repoRoot, PREFIX);

  step('an empty YAML file in the workspace');
  const file = path.join(workspace, FILE);
  fs.writeFileSync(file, '');

  step('workbench ready');
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });

  step(`open ${FILE} with Quick Open`);
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor();
  await quickOpen.fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: FILE }).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('textarea.inputarea, .native-edit-context').first().waitFor({ state: 'attached' });
  await page.locator('.monaco-editor.focused').waitFor();

  step(`type ${PREFIX} and open the suggest widget`);
  await page.keyboard.type(PREFIX);
  // YAML's plain scalars count as strings, where quick suggestions are off by default: ask for them as a user
  // would. (Were the widget already open, Ctrl+Space would only toggle its details pane.)
  await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: PREFIX }).first();
  await row.waitFor({ timeout: 30_000 });
  const focused = page.locator('.suggest-widget.visible .monaco-list-row.focused');
  await focused.waitFor();
  const focusedText = (await focused.innerText()).replace(/\s+/g, ' ');
  assert.ok(focusedText.includes(PREFIX), `the focused suggestion is "${focusedText}", not ${PREFIX}`);

  step('accept the suggestion');
  await page.keyboard.press('Enter');
  await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
  await editor.locator('.view-lines', { hasText: 'kind: NetworkPolicy' }).waitFor();
  // Leave snippet mode (its first placeholder, the name, is selected) and save.
  await page.keyboard.press('Escape');

  step('the editor shows the policy');
  const shown = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  for (const line of expected.split('\n')) {
    assert.ok(shown.includes(line.trim()), `the editor does not show "${line.trim()}":\n${shown}`);
  }

  step('save and read the file');
  // In the browser files.autoSave defaults to afterDelay: the tab shows no dirty mark, and the half-typed prefix
  // may reach the disk first. Wait for the saved text to be the snippet (the error shows what is on disk instead).
  await page.keyboard.press('Control+S');
  await fileText(file, (text) => text === expected, 30_000);

  step('the server reads it: CodeLens above the policy');
  // The server answers CodeLens from the text it has and publishes that text's diagnostics before it answers,
  // so once the lens shows, its squiggles (if any) have been sent.
  await editor.locator('.codelens-decoration', { hasText: 'isolates ingress and egress' }).first().waitFor({ timeout: 45_000 });

  step('no error squiggle');
  const squiggles = await editor.locator('.squiggly-error').count();
  assert.equal(squiggles, 0, 'the editor shows an error squiggle in the snippet');
  const cli = cliErrors(repoRoot, file);
  assert.deepEqual(cli, [], 'netpol-lens check reports errors in the saved snippet');
  const warnings = await editor.locator('.squiggly-warning').count();
  return `${FILE}: ${expected.split('\n').length} lines, 0 errors, ${warnings} warning squiggle(s)`;
}

/** Resolves with the file's text once `accept` returns true for it (checked now and on each change in its folder). */
function fileText(file, accept, timeoutMs) {
  return new Promise((resolve, reject) => {
    const read = () => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined; // between an atomic save's delete and rename
      }
    };
    const check = () => {
      const text = read();
      if (text === undefined || !accept(text)) return;
      finish();
      resolve(text);
    };
    const watcher = fs.watch(path.dirname(file), (_event, changed) => {
      if (!changed || changed === path.basename(file)) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${path.basename(file)} not saved within ${timeoutMs / 1000} s; on disk: ${JSON.stringify(read())}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      watcher.close();
    };
    check();
  });
}

/** The snippet with prefix `prefix` from the repo's snippets file, every placeholder at its default. */
function expandedSnippet(repoRoot, prefix) {
  const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'networkpolicy.json'), 'utf8'));
  const snippet = Object.values(snippets).find((candidate) => candidate.prefix === prefix);
  assert.ok(snippet, `no snippet with prefix ${prefix}`);
  return snippet.body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** The errors `netpol-lens check --format json FILE` reports (it exits 1 when there are some). */
function cliErrors(repoRoot, file) {
  let output;
  try {
    output = execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'netpol-lens'), 'check', '--format', 'json', file], { encoding: 'utf8' });
  } catch (error) {
    output = error.stdout;
  }
  return JSON.parse(output)
    .diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.code} ${diagnostic.message}`);
}
