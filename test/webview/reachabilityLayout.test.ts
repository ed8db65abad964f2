/**
 * The panel at realistic sizes (issue 13), in headless Chromium with the webview bundle: the matrix takes the free
 * height, short headers that are not cut, the Why pane that opens on a choice and closes with Escape (at the size
 * it was given), the graph's focus mode and folding, and external-to-external pairs shown as not applicable.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { examplesModel, largeYaml, modelOf, viewOf } from './fixtureViews';
import { hasChromium, launch, PanelPage } from './panelHarness';

declare const document: { querySelectorAll(selector: string): { length: number } };

const FRONTEND = 'shop/Deployment/frontend';
const BACKEND = 'shop/Deployment/backend';
const POSTGRES = 'shop/StatefulSet/postgres';
const COREDNS = 'kube-system/Deployment/coredns';
const PROMETHEUS = 'monitoring/Deployment/prometheus';

describe('reachability panel at realistic sizes (Chromium)', { skip: !hasChromium && 'no Chromium here' }, () => {
  let browser: Browser;
  const view = viewOf(examplesModel(), 'examples');

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(options: { width?: number; height?: number; state?: unknown } = {}, data = view): Promise<PanelPage> {
    const panel = await PanelPage.open(browser, options);
    await panel.waitForPosted('ready');
    await panel.send({ type: 'view', view: data });
    await panel.page.locator('#matrix-body .cell').first().waitFor();
    return panel;
  }

  /** Row headers wholly inside the row headers' pane. */
  async function visibleRows(panel: PanelPage): Promise<number> {
    return panel.page.locator('#matrix-rows').evaluate((pane) => {
      const box = pane.getBoundingClientRect();
      return [...pane.querySelectorAll('.head')].filter((head) => {
        const r = head.getBoundingClientRect();
        return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      }).length;
    });
  }

  it('gives the matrix the free height: at least 15 rows in sight at 1400 x 757, the Why pane closed, one toolbar line', async () => {
    const panel = await open({ width: 1400, height: 757 }, viewOf(modelOf(largeYaml(6, 20)), 'large'));
    const { page } = panel;
    await page.locator('#expand-all').click();
    await page.locator('#matrix-rows .head.endpoint').first().waitFor();
    assert.equal(await page.locator('#explain').isHidden(), true, 'nothing chosen: no Why pane');
    const rows = await visibleRows(panel);
    assert.ok(rows >= 15, `${rows} rows in sight`);
    // Toolbar, summary, notes and the legend's button share one line; the legend itself is behind "?".
    const tops = await page.locator('.toolbar > *:not([hidden]):not(datalist)').evaluateAll((elements) =>
      elements
        .map((element) => element.getBoundingClientRect())
        .filter((box) => box.height > 0)
        .map((box) => Math.round((box.top + box.height / 2) / 12)),
    );
    assert.equal(new Set(tops).size, 1, `toolbar items on one line: ${tops}`);
    assert.equal(await page.locator('#legend').isHidden(), true);
    await page.locator('#legend-toggle').click();
    assert.equal(await page.locator('#legend').isVisible(), true);
    assert.equal(await page.locator('#legend-toggle').getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#legend').isHidden(), true);
    assert.deepEqual(panel.problems, []);
    await page.close();
  });

  it('shows short header labels, not cut, with the full key in the tooltip and the accessible name', async () => {
    for (const width of [1400, 520]) {
      const panel = await open({ width, height: 757 });
      const { page } = panel;
      for (const pane of ['#matrix-rows', '#matrix-columns']) {
        const heads = await page.locator(`${pane} .head.endpoint:not([data-kind="ipBlock"])`).evaluateAll((elements) =>
          elements.map((head) => {
            const label = head.querySelector('.label')!;
            return {
              text: label.textContent,
              key: head.getAttribute('aria-label'),
              title: head.getAttribute('title'),
              cut: label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1,
            };
          }),
        );
        assert.equal(heads.length, 6, `${pane}: the six workloads`);
        for (const head of heads) {
          assert.equal(head.cut, false, `${pane} at ${width}px: ${head.text} is cut`);
          assert.ok(head.key!.endsWith(`/${head.text}`), `${head.key} ends with ${head.text}`);
          assert.ok(head.title!.startsWith(head.key!), 'the tooltip starts with the full key');
        }
        assert.deepEqual(
          heads.map((head) => head.text),
          ['ingress-nginx-controller', 'coredns', 'prometheus', 'backend', 'frontend', 'postgres'],
        );
      }
      // The kind is in the tooltip (the key), e.g. StatefulSet for postgres.
      assert.match((await page.locator(`#matrix-columns .head[data-id="${POSTGRES}"]`).getAttribute('title'))!, /StatefulSet/);
      assert.equal(await page.locator(`#matrix-columns .head[data-id="${POSTGRES}"]`).getAttribute('data-kind'), 'StatefulSet');
      await page.close();
    }
  });

  it('opens the Why pane on a chosen cell, resizes it (remembered), and closes it with Escape', async () => {
    const panel = await open({ width: 1400, height: 757 });
    const { page } = panel;
    assert.equal(await page.locator('#explain').isHidden(), true);
    await panel.cell(FRONTEND, BACKEND).click();
    await page.locator('#explain').waitFor({ state: 'visible' });
    assert.match((await page.locator('#explain-verdict').textContent())!, /shop\/Deployment\/frontend → shop\/Deployment\/backend/);
    assert.equal(await page.locator('#explain-splitter').isVisible(), true);
    const before = await page.locator('#explain').evaluate((pane) => pane.getBoundingClientRect().width);
    // The splitter by keyboard: the pane grows, and the size is saved in the webview's state.
    await page.locator('#explain-splitter').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const grown = await page.locator('#explain').evaluate((pane) => pane.getBoundingClientRect().width);
    assert.ok(grown > before + 50, `${before} -> ${grown}`);
    // And with the pointer.
    const split = (await page.locator('#explain-splitter').boundingBox())!;
    await page.mouse.move(split.x + 3, split.y + 100);
    await page.mouse.down();
    await page.mouse.move(700, split.y + 100, { steps: 4 });
    await page.mouse.up();
    const dragged = await page.locator('#explain').evaluate((pane) => pane.getBoundingClientRect().left);
    assert.ok(Math.abs(dragged - 700) < 20, `the pane starts where it was dropped: ${dragged}`);
    await page.waitForFunction(() => typeof (globalThis as unknown as { saved: { explainSize?: number } | null }).saved?.explainSize === 'number');
    const size = (await panel.saved()).explainSize as number;
    assert.ok(size > 0.45 && size < 0.55, String(size));
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#explain').isHidden(), true);
    assert.doesNotMatch((await panel.cell(FRONTEND, BACKEND).getAttribute('class'))!, /selected/);
    // Keyboard: Enter on the matrix opens it again, at the remembered size; Escape closes it and the matrix keeps the focus.
    await page.locator('#matrix-body').focus();
    await page.keyboard.press('Enter');
    await page.locator('#explain').waitFor({ state: 'visible' });
    const reopened = await page.locator('#explain').evaluate((pane) => pane.getBoundingClientRect().left);
    assert.ok(Math.abs(reopened - dragged) < 2, `${reopened} vs ${dragged}`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#explain').isHidden(), true);
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
      'matrix-body',
    );
    await page.waitForFunction(() => (globalThis as unknown as { saved: { selected?: unknown } | null }).saved?.selected === undefined);
    // A reload restores the size.
    const saved = await panel.saved();
    await page.close();
    const again = await open({ width: 1400, height: 757, state: saved });
    await again.cell(FRONTEND, BACKEND).click();
    const restored = await again.page.locator('#explain').evaluate((pane) => pane.getBoundingClientRect().left);
    assert.ok(Math.abs(restored - dragged) < 2, `${restored} vs ${dragged}`);
    assert.deepEqual(panel.problems, []);
    await again.page.close();
  });

  it('shows pairs between external ranges as not applicable, explains why in one sentence, and leaves them out of the graph', async () => {
    const panel = await open({ width: 1400, height: 757 });
    const { page } = panel;
    const na = panel.cell('ipblock:10.0.0.0/8', 'ipblock:192.168.0.0/16');
    assert.equal(await na.getAttribute('data-level'), 'na');
    assert.equal((await na.textContent())!.trim(), '·');
    assert.match((await na.getAttribute('aria-label'))!, /not applicable \(outside the cluster: no policy governs it\)/);
    assert.equal(await panel.cell('group:external', 'group:external').getAttribute('data-level'), 'na');
    // Every external-to-external cell, and no other.
    const levels = await page
      .locator('#matrix-body .cell[data-level="na"]')
      .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-row'), cell.getAttribute('data-col')]));
    assert.equal(levels.length, 25, '(4 ranges + their group)²');
    for (const [row, col] of levels) assert.ok(/^(ipblock:|group:external)/.test(row!) && /^(ipblock:|group:external)/.test(col!), `${row} -> ${col}`);
    // An external range to a workload still has its verdict.
    assert.notEqual(await panel.cell('ipblock:10.0.0.0/8', FRONTEND).getAttribute('data-level'), 'na');
    await na.click();
    await page.locator('#explain-outside').waitFor();
    assert.match((await page.locator('#explain-verdict').textContent())!, /ipblock:10\.0\.0\.0\/8 → ipblock:192\.168\.0\.0\/16: not applicable\./);
    assert.match((await page.locator('#explain-outside').textContent())!, /outside the cluster: no NetworkPolicy governs it/);
    assert.equal((await panel.posted()).filter((message) => message.type === 'explain').length, 0, 'nothing to ask the extension');
    await page.locator('#legend-toggle').click();
    assert.match((await page.locator('#legend').textContent())!, /not applicable/);
    await page.keyboard.press('Escape');
    await page.locator('#tab-graph').click();
    await page.locator('#graph-svg').waitFor();
    const between = await page
      .locator('#graph .edge')
      .evaluateAll(
        (edges) =>
          edges.filter((edge) => edge.getAttribute('data-from')!.startsWith('ipblock:') && edge.getAttribute('data-to')!.startsWith('ipblock:')).length,
      );
    assert.equal(between, 0);
    assert.ok((await page.locator('#graph .edge[data-from^="ipblock:"]').count()) > 0, 'ranges to the cluster are drawn');
    assert.deepEqual(panel.problems, []);
    await page.close();
  });

  it('focuses the graph on a node: only its neighbours, ports on the edges; Escape and the breadcrumb go back', async () => {
    const panel = await open({ width: 1400, height: 757 });
    const { page } = panel;
    await page.selectOption('#filter-protocol', 'TCP');
    await page.fill('#filter-port', '8080');
    await page.press('#filter-port', 'Enter');
    await page.locator('#tab-graph').click();
    await page.locator('#graph-svg').waitFor();
    assert.equal(await page.locator('#graph .node').count(), 10);
    assert.equal(await page.locator('#graph-breadcrumb').textContent(), 'All');
    assert.equal(await page.locator('#graph-fit').getAttribute('aria-pressed'), 'true');
    await page.locator(`#graph .node[data-id="${FRONTEND}"]`).click();
    await page.locator('#graph-focus-name', { hasText: FRONTEND }).waitFor();
    const nodes = await page.locator('#graph .node').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    assert.ok(nodes.includes(FRONTEND) && nodes.includes(BACKEND), nodes.join());
    assert.ok(!nodes.includes(POSTGRES) && !nodes.includes(COREDNS), `not neighbours on TCP 8080: ${nodes.join()}`);
    // Every edge touches the focused node, one per pair and direction, and carries its ports.
    const edges = await page
      .locator('#graph .edge')
      .evaluateAll((elements) => elements.map((edge) => [edge.getAttribute('data-from'), edge.getAttribute('data-to'), edge.getAttribute('data-ports')]));
    assert.ok(edges.length > 0);
    for (const [from, to] of edges) assert.ok(from === FRONTEND || to === FRONTEND, `${from} -> ${to}`);
    assert.equal(new Set(edges.map(([from, to]) => `${from}>${to}`)).size, edges.length);
    assert.deepEqual(edges.find(([from, to]) => from === FRONTEND && to === BACKEND)?.[2], 'TCP 8080');
    assert.equal(await page.locator(`#graph .edge-label[data-from="${FRONTEND}"][data-to="${BACKEND}"]`).textContent(), 'TCP 8080');
    // The label is readable: drawn at 11px or more on the screen.
    const fontPx = await page
      .locator('#graph .edge-label')
      .first()
      .evaluate((label) => (label as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height);
    assert.ok(fontPx >= 10, `edge label ${fontPx}px high`);
    // The Why pane lists its connections; Escape leaves the focus (and that list).
    await page.locator('#explain-node').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('#graph .node').length === 10);
    assert.equal(await page.locator('#explain').isHidden(), true);
    // A namespace: its workloads and their neighbours; the breadcrumb goes back.
    await page.locator('#graph .cluster[data-id="group:namespace/monitoring"] text').click();
    await page.locator('#graph-focus-name', { hasText: 'namespace monitoring' }).waitFor();
    const monitoring = await page.locator('#graph .node').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    assert.ok(monitoring.includes(PROMETHEUS));
    await page.locator('#graph-all').click();
    await page.waitForFunction(() => document.querySelectorAll('#graph .node').length === 10);
    // Fit and 100% are two buttons.
    await page.locator('#graph-actual').click();
    assert.equal(await page.locator('#graph-actual').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#graph-svg').getAttribute('data-scale'), '1.00');
    await page.locator('#graph-fit').click();
    assert.equal(await page.locator('#graph-fit').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(panel.problems, []);
    await page.close();
  });

  it('opens a large graph folded by namespace, and focuses on a namespace to see its endpoints', async () => {
    const big = viewOf(modelOf(largeYaml(8, 20)), 'more than the graph draws one by one', 1);
    const panel = await open({ width: 1400, height: 757 }, big);
    const { page } = panel;
    await page.locator('#expand-all').click();
    await page.locator('#tab-graph').click();
    await page.locator('#graph-svg').waitFor();
    assert.equal(await page.locator('#graph .node.group').count(), 8, 'a node per namespace');
    assert.equal(await page.locator('#graph .node.endpoint').count(), 0);
    assert.match((await page.locator('#graph-hint').textContent())!, /Folded by namespace/);
    await page.locator('#graph .node[data-id="group:namespace/team-03"]').click();
    await page.locator('#graph-focus-name', { hasText: 'namespace team-03' }).waitFor();
    const members = await page.locator('#graph .node.endpoint').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    assert.equal(members.length, 20, "the namespace's pods");
    assert.ok(members.every((id) => id!.startsWith('team-03/')));
    assert.ok((await page.locator('#graph .node.group').count()) > 0, 'its neighbours, folded');
    // Escape goes back to the folded graph.
    await page.keyboard.press('Escape');
    await page.locator('#graph-focus-name').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#graph .node.group').count(), 8);
    assert.deepEqual(panel.problems, []);
    await page.close();
  });
});
