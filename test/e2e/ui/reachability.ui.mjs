// The reachability panel as a user sees it, on the installed .vsix: open the examples, run "NetworkPolicy: Show
// Reachability" from the palette, read a cell's verdict and its explanation, follow a link to the policy (and one
// into another file), see the policy at the cursor highlighted, edit the policy and see the cell change, reload,
// focus the graph on the frontend, and open the panel again from the editor's title bar. Saves screenshots of the
// panel in light and dark themes and of the focused graph in .e2e/ui/ (and, with
// NETPOL_UPDATE_SCREENSHOTS=1, in docs/screenshots/ for the README).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const name = 'Reachability panel: verdict, explanation, link to the policy, live edit, themes';

const FRONTEND = 'shop/Deployment/frontend';
const BACKEND = 'shop/Deployment/backend';

/**
 * @param {{ page: import('playwright-core').Page, step: (label: string) => void, workspace: string, repoRoot: string }} context
 */
export async function run({ page, step, workspace, repoRoot }) {
  step('the examples, copied beside the fixture workspace');
  const runDir = path.dirname(workspace);
  const examples = path.join(runDir, 'examples');
  fs.cpSync(path.join(repoRoot, 'examples'), examples, { recursive: true });
  const tiersPath = path.join(examples, 'policies', 'shop-web-tiers.yaml');
  const tiers = fs.readFileSync(tiersPath, 'utf8');
  setTheme(runDir, 'Default Light Modern');
  const url = new URL(page.url());
  url.searchParams.set('folder', examples);
  await page.goto(url.toString());
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });

  step('open shop-web-tiers.yaml with Quick Open');
  await quickOpen(page, 'shop-web-tiers.yaml');
  await page.locator('.monaco-editor .view-lines', { hasText: 'frontend-from-ingress-controller' }).waitFor();

  step('run NetworkPolicy: Show Reachability from the palette');
  await runCommand(page, 'NetworkPolicy: Show Reachability');
  // The panel opened beside the editor without taking the focus: hide the side bar to give it room.
  await page.keyboard.press('Control+B');
  const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await panel.locator('#summary', { hasText: 'Covers 10 endpoints' }).waitFor({ timeout: 60_000 });
  const summary = await panel.locator('#summary').textContent();
  assert.match(summary, /14 policies/);

  step('read the frontend -> backend cell on TCP 8080');
  await panel.locator('#filter-protocol').selectOption('TCP');
  await panel.locator('#filter-port').fill('8080');
  await panel.locator('#filter-port').press('Enter');
  const cellSelector = `.cell[data-row="${FRONTEND}"][data-col="${BACKEND}"]`;
  const cell = panel.locator(cellSelector);
  const cellAt = (level) => panel.locator(`${cellSelector}[data-level="${level}"]`);
  await cellAt('all').waitFor({ timeout: 15_000 });
  assert.match(await cell.getAttribute('aria-label'), /shop\/Deployment\/frontend → shop\/Deployment\/backend: allowed/);

  step('its explanation');
  await cell.click();
  const explanation = panel.locator('#explain .explanation');
  await explanation.waitFor({ timeout: 30_000 });
  assert.equal(await explanation.locator('.verdict').getAttribute('data-verdict'), 'allowed');
  const words = (await explanation.textContent()).replace(/\s+/g, ' ');
  assert.match(words, /Egress of shop\/Deployment\/frontend: allows/);
  assert.match(words, /allowed by shop\/frontend-to-backend spec\.egress\[0\]/);
  assert.match(words, /Ingress of shop\/Deployment\/backend: allows/);
  assert.match(words, /allowed by shop\/backend-from-frontend spec\.ingress\[0\]: peer spec\.ingress\[0\]\.from\[0\] matches shop\/Deployment\/frontend/);
  await screenshot(page, repoRoot, 'reachability-light.png');

  step('follow the link to the rule that admits it on the backend');
  // The egress side has two allowing rules (one from examples/mistakes, without ports); the ingress side one.
  const ingress = explanation.locator('.side').nth(1);
  await ingress.locator('li', { hasText: 'allowed by shop/backend-from-frontend' }).locator('button.ref', { hasText: 'spec.ingress[0]' }).first().click();
  const ruleOffset = tiers.indexOf('ingress:', tiers.indexOf('name: backend-from-frontend')) + 'ingress:\n    '.length;
  const ruleLine = lineOf(tiers, ruleOffset);
  await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${ruleLine}, Col 7` }).waitFor({ timeout: 15_000 });

  step('policy focus: with the cursor in backend-from-frontend, the panel highlights what it selects and admits');
  const focus = panel.locator('#focus-policy', { hasText: 'shop/backend-from-frontend' });
  await focus.waitFor({ timeout: 30_000 });
  assert.match((await focus.textContent()).replace(/\s+/g, ' '), /isolates 1 endpoint for ingress/);
  assert.match(await panel.locator(`#matrix-rows .head[data-id="${BACKEND}"]`).getAttribute('class'), /focus-selected/);

  step('a link into another file opens it at the rule');
  const egress = explanation.locator('.side').nth(0);
  await egress.locator('li', { hasText: 'allowed by shop/mistake-ingress-ignored' }).locator('button.ref', { hasText: 'spec.egress[0]' }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'ingress-rules-ignored.yaml' }).waitFor({ timeout: 15_000 });
  const mistake = fs.readFileSync(path.join(examples, 'mistakes', 'ingress-rules-ignored.yaml'), 'utf8');
  const mistakeRule = mistake.indexOf('- ', mistake.indexOf('egress:')) + 2;
  await page
    .locator('[id="status.editor.selection"]', { hasText: `Ln ${lineOf(mistake, mistakeRule)}, Col ${columnOf(mistake, mistakeRule)}` })
    .waitFor({ timeout: 15_000 });
  await page.locator('.tabs-container .tab', { hasText: 'shop-web-tiers.yaml' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'shop-web-tiers.yaml' }).waitFor();

  step('edit the policy: the rule now admits 8081, and the cell turns denied');
  const portOffset = tiers.indexOf('port: 8080', ruleOffset) + 'port: 808'.length;
  await goTo(page, lineOf(tiers, portOffset), columnOf(tiers, portOffset) + 1);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1');
  await page.locator('.monaco-editor .view-lines', { hasText: 'port: 8081' }).waitFor();
  await cellAt('none').waitFor({ timeout: 30_000 });
  // The explanation follows: the chosen cell is explained again from the edited text.
  await explanation.locator('.verdict[data-verdict="denied"]').waitFor({ timeout: 30_000 });

  step('edit it back: allowed again');
  await goTo(page, lineOf(tiers, portOffset), columnOf(tiers, portOffset) + 1);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('0');
  await page.keyboard.press('Control+S');
  await cellAt('all').waitFor({ timeout: 30_000 });

  step('reload VS Code in the dark theme: the panel comes back with its filter');
  setTheme(runDir, 'Default Dark Modern');
  // "Developer: Reload Window" saves the workbench state (the panel's state with it) before it reloads; a bare
  // browser reload saves it only as far as the page's unload allows, which a loaded machine sometimes cuts short.
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench.vs-dark .part.statusbar').waitFor({ timeout: 60_000 });
  await panel.locator('#summary', { hasText: 'Covers 10 endpoints' }).waitFor({ timeout: 60_000 });
  assert.equal(await panel.locator('#filter-port').inputValue(), '8080');
  assert.equal(await panel.locator('#filter-protocol').inputValue(), 'TCP');
  await cellAt('all').click();
  await explanation.locator('.verdict[data-verdict="allowed"]').waitFor({ timeout: 30_000 });
  await screenshot(page, repoRoot, 'reachability-dark.png');

  step('Escape closes the Why pane; the graph, focused on the frontend, shows its neighbours and their ports');
  await panel.locator('#matrix-body').focus();
  await page.keyboard.press('Escape');
  await panel.locator('#explain').waitFor({ state: 'hidden', timeout: 15_000 });
  await panel.locator('#tab-graph').click();
  await panel.locator(`#graph .node[data-id="${FRONTEND}"]`).click();
  await panel.locator('#graph-focus-name', { hasText: FRONTEND }).waitFor({ timeout: 15_000 });
  assert.equal(await panel.locator(`#graph .edge-label[data-from="${FRONTEND}"][data-to="${BACKEND}"]`).textContent(), 'TCP 8080');
  await screenshot(page, repoRoot, 'reachability-graph-focus.png');
  await panel.locator('#graph-all').click();
  await panel.locator('#graph-focus-name').waitFor({ state: 'detached' });
  await panel.locator('#tab-matrix').click();

  step("the button in a YAML editor's title bar opens the panel too");
  await runCommand(page, 'View: Close All Editor Groups');
  await page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 15_000 });
  await quickOpen(page, 'shop-web-tiers.yaml');
  await page.locator('.editor-actions .action-label[aria-label*="Show Reachability"]').first().click();
  await panel.locator('#summary', { hasText: 'Covers 10 endpoints' }).waitFor({ timeout: 60_000 });
  setTheme(runDir, 'Default Light Modern');
  return `cell ${FRONTEND} -> ${BACKEND} on TCP 8080: allowed, denied after the edit of the rule at line ${ruleLine}`;
}

/** Runs a command from the palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // The row whose label is exactly the title ("Reload Window" has a "... With Extensions Disabled" sibling).
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first()
    .click();
}

async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Ctrl+G to a 1-based line and column. */
async function goTo(page, line, column) {
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

function lineOf(text, offset) {
  return text.slice(0, offset).split('\n').length;
}

function columnOf(text, offset) {
  return offset - text.lastIndexOf('\n', offset - 1);
}

/** The user settings file the runner seeded: VS Code watches it, so a new theme applies at once. */
function setTheme(runDir, theme) {
  const file = path.join(runDir, 'user', 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings['workbench.colorTheme'] = theme;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

async function screenshot(page, repoRoot, file) {
  const dir = path.join(repoRoot, '.e2e', 'ui');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, file) });
  if (process.env.NETPOL_UPDATE_SCREENSHOTS === '1') {
    const docs = path.join(repoRoot, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(path.join(dir, file), path.join(docs, file));
  }
}
