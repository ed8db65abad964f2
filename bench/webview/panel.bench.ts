/**
 * The reachability panel at 5,000 endpoints and 1,000 policies (issue 13): the view built by the service, handed
 * to the panel's own bundle in headless Chromium (the page and CSP the extension ships, as test/webview does),
 * and timed there: first screen after the data arrives, expand all, scrolling, moving the selection, a search,
 * a filter, the graph (folded, then focused), and memory. Also the size of the data sent (`JSON.stringify(view)`).
 *
 *   npx tsx bench/webview/panel.bench.ts [--no-write]
 *
 * Two clusters: workloads from the editor benchmarks' generator (`bench/generate/manifests.ts`: 1,667 namespaces
 * of three Deployments, 1,000 policies of its ten patterns) and the reachability benchmark's 5,000 pods
 * (`bench/reachabilityCluster.ts`: 50 namespaces x 100 pods, 1,000 policies). Writes its figures into
 * docs/benchmarks.md between `<!-- webview-bench:start -->` and `<!-- webview-bench:end -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CDPSession, Page } from 'playwright-core';
import { buildClusterModel } from '../../server/src/service/cluster/buildClusterModel';
import type { SourceRef } from '../../server/src/service/cluster/sourceRef';
import { computeReachability } from '../../server/src/service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../../server/src/service/reachabilityView/buildReachabilityView';
import type { ReachabilityView } from '../../server/src/service/reachabilityView/viewModel';
import { ManifestWorkspace } from '../../server/src/service/workspace';
import { launch, PanelPage } from '../../test/webview/panelHarness';
import { namespaceYaml, planNamespace, POLICY_PATTERNS, workloadManifests } from '../generate/manifests';
import { SeededRandom } from '../generate/random';
import { DEFAULT_SEED } from '../generate/workspaceGenerator';
import { FULL_SIZE, generateCluster } from '../reachabilityCluster';

const RUNS = Number(process.env.RUNS ?? 5);
const startLoad = loadavg()[0];
const WIDTH = 1400;
const HEIGHT = 757;
const formatRef = (ref: SourceRef): string => `${ref.uri.replace(/^.*\//, '')}:${ref.start}`;

/** 1,667 namespaces x 3 Deployments (5,001 workloads) and 1,000 policies, one of each of the ten patterns in turn. */
function generatorFiles(): Map<string, string> {
  const random = new SeededRandom(DEFAULT_SEED);
  const files = new Map<string, string>();
  for (let i = 0; i < 1667; i++) {
    const ns = planNamespace(random, i);
    const docs = [namespaceYaml(ns), ...workloadManifests(ns, random).map((manifest) => manifest.yaml)];
    if (i < 1000) docs.push(POLICY_PATTERNS[i % POLICY_PATTERNS.length](ns, random).yaml);
    files.set(`file:///bench/ns-${i}.yaml`, docs.join('---\n'));
  }
  return files;
}

function viewOf(files: Map<string, string>, title: string): { view: ReachabilityView; policies: number; ms: number } {
  const started = performance.now();
  const workspace = new ManifestWorkspace();
  for (const [uri, text] of files) workspace.setFile(uri, text);
  const model = buildClusterModel(workspace.manifests(), { defaultNamespace: 'default' });
  const view = buildReachabilityView(computeReachability(model), { title, generation: 1, formatRef });
  return { view, policies: view.policies.length, ms: performance.now() - started };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values: readonly number[]) => Math.max(...values);

/** Runs `script` in the page (a string: the page has no helpers of the runner) and returns its number(s). */
let browserCdp: CDPSession | undefined;

/**
 * The CPU time of the browser's renderer processes so far (CDP `SystemInfo.getProcessInfo`), in ms: what the page
 * cost, whatever else the machine runs (one page is open at a time).
 */
async function taskMs(): Promise<number> {
  const { processInfo } = (await browserCdp!.send('SystemInfo.getProcessInfo' as never)) as { processInfo: { type: string; cpuTime: number }[] };
  return processInfo.filter((info) => info.type === 'renderer').reduce((sum, info) => sum + info.cpuTime, 0) * 1000;
}

/**
 * Runs `script` in the page (a string: the page has no helpers of the runner) and returns its result; pushes the
 * main-thread time it took, divided by `steps`, to `cpu`.
 */
async function inPage<T>(page: Page, script: string, cpu?: number[], steps = 1): Promise<T> {
  if (process.env.BENCH_DEBUG) console.error(new Date().toISOString(), script.slice(0, 90));
  const before = await taskMs();
  const result = (await page.evaluate(script)) as T;
  cpu?.push(((await taskMs()) - before) / steps);
  return result;
}

/** In-page helpers: `frames(n)` resolves after n animation frames (the second one follows a paint). */
const HELPERS = `
  window.frames2 = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  window.until = (test) => new Promise((resolve) => { const check = () => (test() ? resolve() : requestAnimationFrame(check)); check(); });
`;

interface Figures {
  readonly label: string;
  readonly endpoints: number;
  readonly namespaces: number;
  readonly classes: number;
  readonly policies: number;
  readonly buildMs: number;
  readonly jsonBytes: number;
  readonly firstScreen: number[];
  readonly firstScreenCpu: number[];
  readonly expandAll: number[];
  readonly expandAllCpu: number[];
  readonly scrollFrame: number[];
  readonly scrollFrameCpu: number[];
  readonly arrowKey: number[];
  readonly arrowKeyCpu: number[];
  readonly search: number[];
  readonly searchCpu: number[];
  readonly searchClear: number[];
  readonly searchClearCpu: number[];
  readonly filter: number[];
  readonly filterCpu: number[];
  readonly graphFolded: number[];
  readonly graphFoldedCpu: number[];
  readonly graphFocus: number[];
  readonly graphFocusCpu: number[];
  heapUsedMB: number;
  heapTotalMB: number;
  domNodes: number;
  cellsInDom: number;
  graphNodes?: number;
}

async function measure(label: string, view: ReachabilityView, buildMs: number): Promise<Figures> {
  const json = JSON.stringify(view);
  console.error(
    `${label}: ${view.endpoints.length} endpoints, ${view.cells.length} classes, ${view.portSets.length} port sets, JSON ${(json.length / 1048576).toFixed(1)} MB`,
  );
  // An endpoint of the middle namespace, to focus the graph on.
  const focusKey = view.endpoints[view.groups[Math.floor(view.groups.length / 2)].members[0]].key;
  let graphNodes = 0;
  const browser = await launch();
  browserCdp = await browser.newBrowserCDPSession();
  const figures: Figures = {
    label,
    endpoints: view.endpoints.length,
    namespaces: view.groups.filter((group) => group.kind === 'namespace').length,
    classes: view.cells.length,
    policies: view.policies.length,
    buildMs,
    jsonBytes: Buffer.byteLength(json),
    firstScreen: [],
    firstScreenCpu: [],
    expandAll: [],
    expandAllCpu: [],
    scrollFrame: [],
    scrollFrameCpu: [],
    arrowKey: [],
    arrowKeyCpu: [],
    search: [],
    searchCpu: [],
    searchClear: [],
    searchClearCpu: [],
    filter: [],
    filterCpu: [],
    graphFolded: [],
    graphFoldedCpu: [],
    graphFocus: [],
    graphFocusCpu: [],
    heapUsedMB: 0,
    heapTotalMB: 0,
    domNodes: 0,
    cellsInDom: 0,
  };
  try {
    for (let run = 0; run < RUNS; run++) {
      const panel = await PanelPage.open(browser, { width: WIDTH, height: HEIGHT });
      const { page } = panel;
      await panel.waitForPosted('ready');
      await page.evaluate(HELPERS);
      // The data is parsed in the page first, as the webview has it once the message arrives; the time runs from
      // the message (structured clone included) to the frame after the first cells are drawn.
      await page.evaluate((text) => {
        (globalThis as unknown as { staged: unknown }).staged = JSON.parse(text);
      }, json);
      figures.firstScreen.push(
        await inPage<number>(
          page,
          `(async () => { const start = performance.now(); window.postMessage({ type: 'view', view: globalThis.staged }, '*'); await window.until(() => document.querySelector('#matrix-body .cell')); await window.frames2(); return performance.now() - start; })()`,
          figures.firstScreenCpu,
        ),
      );
      figures.expandAll.push(
        await inPage<number>(
          page,
          `(async () => { const start = performance.now(); document.getElementById('expand-all').click(); await window.frames2(); return performance.now() - start; })()`,
          figures.expandAllCpu,
        ),
      );
      // Scrolling: 40 wheel steps (100 px) down, every fourth one also right; each to the frame after the redraw.
      const scroll = await inPage<number[]>(
        page,
        `(async () => { const body = document.getElementById('matrix-body'); const times = []; for (let i = 0; i < 40; i++) { const start = performance.now(); body.scrollTop += 100; body.scrollLeft += i % 4 === 3 ? 100 : 0; await window.frames2(); times.push(performance.now() - start); } return times; })()`,
        figures.scrollFrameCpu,
        40,
      );
      figures.scrollFrame.push(median(scroll), max(scroll));
      // Moving the active cell: ArrowDown/ArrowRight on the grid, to the frame after.
      await page.locator('#matrix-body').focus();
      const keys = await inPage<number[]>(
        page,
        `(async () => { const body = document.getElementById('matrix-body'); const times = []; for (let i = 0; i < 30; i++) { const start = performance.now(); body.dispatchEvent(new KeyboardEvent('keydown', { key: i % 3 === 2 ? 'ArrowRight' : 'ArrowDown', bubbles: true })); await window.frames2(); times.push(performance.now() - start); } return times; })()`,
        figures.arrowKeyCpu,
        30,
      );
      figures.arrowKey.push(median(keys));
      // A search: from the input event (its 40 ms pause included) to the frame after the rows change.
      const search = (text: string, cpu: number[]) =>
        inPage<number>(
          page,
          `(async () => { const input = document.getElementById('search'); const rows = document.getElementById('matrix-rows'); const before = rows.textContent; const start = performance.now(); input.value = ${JSON.stringify(text)}; input.dispatchEvent(new Event('input', { bubbles: true })); await window.until(() => rows.textContent !== before || document.getElementById('no-match')); await window.frames2(); return performance.now() - start; })()`,
          cpu,
        );
      figures.search.push(await search(label.includes('pods') ? 'app=app-3' : 'postgres', figures.searchCpu));
      figures.searchClear.push(await search('', figures.searchClearCpu));
      // A filter: TCP port 8080, every verdict of the view recomputed for it.
      figures.filter.push(
        await inPage<number>(
          page,
          `(async () => { const port = document.getElementById('filter-port'); const start = performance.now(); port.value = '8080'; port.dispatchEvent(new Event('change', { bubbles: true })); await window.frames2(); return performance.now() - start; })()`,
          figures.filterCpu,
        ),
      );
      // The graph: folded by namespace at this size; then focused on one endpoint.
      figures.graphFolded.push(
        await inPage<number>(
          page,
          `(async () => { const start = performance.now(); document.getElementById('tab-graph').click(); await window.until(() => document.querySelector('#graph-svg, #graph-too-large')); await window.frames2(); return performance.now() - start; })()`,
          figures.graphFoldedCpu,
        ),
      );
      // Focus on an endpoint by name (the picker: the folded graph may itself be too large to click).
      figures.graphFocus.push(
        await inPage<number>(
          page,
          `(async () => { const input = document.getElementById('graph-focus-input'); const start = performance.now(); input.value = ${JSON.stringify(focusKey)}; input.dispatchEvent(new Event('change', { bubbles: true })); await window.until(() => document.getElementById('graph-focus-name')); await window.frames2(); return performance.now() - start; })()`,
          figures.graphFocusCpu,
        ),
      );
      graphNodes = await page.locator('#graph .node').count();
      if (run === RUNS - 1) {
        await page.locator('#tab-matrix').click();
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('Performance.enable');
        const { metrics } = await cdp.send('Performance.getMetrics');
        const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? 0;
        figures.heapUsedMB = metric('JSHeapUsedSize') / 1048576;
        figures.heapTotalMB = metric('JSHeapTotalSize') / 1048576;
        figures.domNodes = metric('Nodes');
        figures.cellsInDom = await page.locator('#matrix-body .cell').count();
      }
      if (panel.problems.length > 0) throw new Error(`page problems: ${panel.problems.join('; ')}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  figures.graphNodes = graphNodes;
  console.error(label, JSON.stringify(figures));
  return figures;
}

const ms = (value: number) => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;

function report(results: readonly Figures[]): string {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cpu = cpus();
  const row = (name: string, pick: (figures: Figures) => string, target = '') => `| ${name} | ${results.map(pick).join(' | ')} | ${target} |`;
  /** Wall time in the page (main-thread CPU time, CDP's TaskDuration). */
  const med = (key: keyof Figures) => (figures: Figures) =>
    `${ms(median(figures[key] as number[]))} (${ms(median(figures[`${key}Cpu` as keyof Figures] as number[]))})`;
  const lines = [
    '<!-- webview-bench:start -->',
    '## Reachability panel at 5,000 endpoints (issue 13)',
    '',
    `Measured by \`npx tsx bench/webview/panel.bench.ts\` on ${when}: the view built by the service, sent to the panel's bundle in headless Chromium (Debian's, the extension's page and CSP, ${WIDTH} x ${HEIGHT}), timed in the page with \`performance.now()\` to the frame after the change is drawn (two animation frames), and in brackets the CPU time of the page's renderer process for it (CDP \`SystemInfo.getProcessInfo\`; on a loaded machine the wall time waits for a core, the CPU time does not). Medians of ${RUNS} fresh pages.`,
    '',
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.split(' ').slice(0, 2).join(' ') ?? '?'}), ${(totalmem() / 1073741824).toFixed(1)} GiB; 1-minute load average ${startLoad.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.`,
    '- Clusters: (A) `bench/generate/manifests.ts`: 1,667 namespaces of three Deployments (with Services), 1,000 policies of its ten patterns in turn; (B) `bench/reachabilityCluster.ts` at full size: 50 namespaces x 20 apps x 5 replicas = 5,000 Pods, 1,000 policies.',
    '',
    `| Figure | ${results.map((figures) => figures.label).join(' | ')} | Target |`,
    `|---|${results.map(() => '---:').join('|')}|---|`,
    row('Endpoints (namespaces; endpoint classes)', (f) => `${f.endpoints} (${f.namespaces}; ${f.classes})`),
    row('Policies', (f) => String(f.policies)),
    row('View built in Node (parse, model, engine, view)', (f) => ms(f.buildMs)),
    row('**Data sent: `JSON.stringify(view)`**', (f) => `**${mb(f.jsonBytes)}**`, '<= 10 MB'),
    row('**First screen** (message to the frame after the first cells)', med('firstScreen'), '<= 1 s'),
    row('Expand all namespaces (every endpoint a row, virtualised)', med('expandAll')),
    row(
      'Scroll a wheel step (100 px) down, or down and right: median / worst frame (CPU per step)',
      (f) =>
        `${ms(median(f.scrollFrame.filter((_v, i) => i % 2 === 0)))} / ${ms(max(f.scrollFrame.filter((_v, i) => i % 2 === 1)))} (${ms(median(f.scrollFrameCpu))})`,
      'smooth (< 50 ms)',
    ),
    row('Move the active cell (arrow key)', med('arrowKey'), 'smooth (< 50 ms)'),
    row('**Search** (40 ms pause included)', med('search'), '<= 100 ms'),
    row('Clear the search', med('searchClear'), '<= 100 ms'),
    row('**Filter** TCP 8080 (every verdict recomputed)', med('filter'), '<= 100 ms'),
    row('Graph tab (folded by namespace)', med('graphFolded')),
    row('Graph: focus on an endpoint (nodes drawn)', (f) => `${ms(median(f.graphFocus))} (${f.graphNodes})`),
    row('**JS heap after GC** (used / total)', (f) => `**${f.heapUsedMB.toFixed(0)} MB** / ${f.heapTotalMB.toFixed(0)} MB`, '<= 300 MB'),
    row('DOM nodes; matrix cells in the DOM', (f) => `${f.domNodes}; ${f.cellsInDom}`),
    '',
    "Memory is the page's JavaScript heap after a forced collection (CDP `Performance.getMetrics`, `JSHeapUsedSize` / `JSHeapTotalSize`), with every namespace expanded and the graph drawn once; the matrix keeps only the rows and columns in sight in the DOM.",
    '<!-- webview-bench:end -->',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write');
  const results: Figures[] = [];
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only !== 'B') {
    const generated = viewOf(generatorFiles(), 'generator workloads');
    console.error(`(A) view built in ${Math.round(generated.ms)} ms`);
    results.push(await measure('(A) 5,001 workloads', generated.view, generated.ms));
  }
  if (only !== 'A') {
    const pods = viewOf(generateCluster(FULL_SIZE).files, 'reachability cluster');
    console.error(`(B) view built in ${Math.round(pods.ms)} ms`);
    results.push(await measure('(B) 5,000 pods', pods.view, pods.ms));
  }
  const text = report(results);
  console.log(text);
  if (write) {
    const file = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
    const doc = readFileSync(file, 'utf8');
    const start = doc.indexOf('<!-- webview-bench:start -->');
    const end = doc.indexOf('<!-- webview-bench:end -->');
    const next =
      start !== -1 && end !== -1 ? doc.slice(0, start) + text + doc.slice(end + '<!-- webview-bench:end -->'.length) : `${doc.trimEnd()}\n\n${text}\n`;
    writeFileSync(file, next);
    console.log(`written to ${file}`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
