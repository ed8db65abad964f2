import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { runReach } from '../../../server/src/cli/reach';
import { renderReachReport, type RenderDocument, type RenderElement, type RenderNode } from '../../../server/src/cli/reachFormats/reachReportRenderer';
import { buildReachView } from '../../../server/src/cli/reachFormats/reachView';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { modelOf } from './helpers';

/** Just enough DOM to run the renderer in Node; `innerHTML` throws, so using it would fail the test. */
class FakeNode implements RenderNode {
  text = '';
  get textContent(): string | null {
    return this.text;
  }
  set textContent(value: string | null) {
    this.text = value ?? '';
  }
}

class FakeElement extends FakeNode implements RenderElement {
  className = '';
  readonly children: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, ((event: { target: unknown }) => void)[]>();
  readonly style = { display: '' };
  value = '';
  constructor(readonly tagName: string) {
    super();
  }
  override get textContent(): string | null {
    return this.children.length > 0 ? this.children.map((child) => child.textContent).join('') : this.text;
  }
  override set textContent(value: string | null) {
    this.children.length = 0;
    this.text = value ?? '';
  }
  set innerHTML(_value: string) {
    throw new Error('innerHTML must not be used');
  }
  appendChild(child: RenderNode): unknown {
    this.children.push(child as FakeNode);
    return child;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(type: string, listener: (event: { target: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  replaceChildren(...children: RenderNode[]): void {
    this.children.splice(0, this.children.length, ...(children as FakeNode[]));
  }
  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ target: this });
  }
  findAll(predicate: (element: FakeElement) => boolean): FakeElement[] {
    const out: FakeElement[] = [];
    for (const child of this.children) {
      if (!(child instanceof FakeElement)) continue;
      if (predicate(child)) out.push(child);
      out.push(...child.findAll(predicate));
    }
    return out;
  }
}

const fakeDocument: RenderDocument = { createElement: (tag) => new FakeElement(tag), createTextNode: (text) => Object.assign(new FakeNode(), { text }) };

const HOSTILE = '<img src=x onerror=alert(1)>';
const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {note: "${HOSTILE}"}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {}}
`;

describe('reachability report renderer', () => {
  const model = modelOf(CLUSTER);
  const result = computeReachability(model, { port: 80 });
  const view = buildReachView(result, { title: 'Test', formatRef: (ref) => `${ref.uri}@${ref.start}`, explain: (i, j) => [`why ${i} ${j}`] });

  it('renders the matrix from the view with text only', () => {
    const root = new FakeElement('div');
    renderReachReport(fakeDocument, root, view);
    const cells = root.findAll((element) => element.tagName === 'td' && element.className.startsWith('cell'));
    assert.equal(cells.length, 4);
    assert.deepEqual(
      cells.map((cell) => cell.className),
      ['cell self', 'cell none', 'cell none', 'cell self'],
    );
    // The hostile label is shown as text, exactly as written.
    assert.ok(root.findAll((element) => element.textContent?.includes(HOSTILE) === true && element.tagName === 'td').length > 0);
  });

  it('shows a cell’s explanation when it is clicked, and filters by key', () => {
    const root = new FakeElement('div');
    renderReachReport(fakeDocument, root, view);
    const cells = root.findAll((element) => element.tagName === 'td' && element.className.startsWith('cell'));
    cells[1].fire('click');
    const details = root.findAll((element) => element.tagName === 'pre')[0];
    assert.equal(details.textContent, 'why 0 1');
    const filter = root.findAll((element) => element.tagName === 'input')[0];
    filter.value = 'x/b';
    filter.fire('input');
    const rows = root.findAll((element) => element.tagName === 'tr' && element.children.some((child) => child instanceof FakeElement && child.className === 'row'));
    assert.deepEqual(
      rows.map((row) => row.style.display),
      ['none', ''],
    );
  });

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  it('runs in a real browser under its Content-Security-Policy', { skip: !existsSync(chromium) && 'no Chromium here' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-report-'));
    writeFileSync(join(dir, 'cluster.yaml'), CLUSTER);
    const code = await runReach(['--format', 'html', '-o', 'report.html', '.'], { cwd: dir, stdout: () => undefined, stderr: () => undefined });
    assert.equal(code, 0);
    const { chromium: launcher } = await import('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(String(error)));
      await page.goto(pathToFileURL(join(dir, 'report.html')).toString());
      assert.equal(await page.locator('td.cell').count(), 4);
      await page.locator('td.cell').nth(1).click();
      assert.match((await page.locator('pre.details').textContent()) ?? '', /^x\/a -> x\/b: DENIED/);
      assert.equal(await page.locator('img').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
