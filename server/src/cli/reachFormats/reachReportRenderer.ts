import type { ReachView } from './reachView';

/** The DOM this renderer uses: a structural subset of the browser's, so that it needs no DOM library to compile. */
export interface RenderDocument {
  createElement(tagName: string): RenderElement;
  createTextNode(text: string): RenderNode;
}

export interface RenderNode {
  textContent: string | null;
}

export interface RenderElement extends RenderNode {
  className: string;
  appendChild(child: RenderNode): unknown;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (event: { readonly target: unknown }) => void): void;
  readonly style: { display: string };
  replaceChildren(...children: RenderNode[]): void;
}

/**
 * Renders a reachability report into `root` from its plain-JSON view, with DOM calls only: every string from the
 * workspace goes through `textContent` or an attribute, never through HTML parsing. The CLI's HTML report inlines
 * this very function (`renderReachReport.toString()`), and the webview can call it on its own document; so it is
 * self-contained — no imports, no helpers outside it.
 */
export function renderReachReport(document: RenderDocument, root: RenderElement, view: ReachView): void {
  const element = (tag: string, className?: string, text?: string): RenderElement => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const append = (parent: RenderElement, ...children: RenderNode[]): RenderElement => {
    for (const child of children) parent.appendChild(child);
    return parent;
  };
  const GLYPHS: Record<string, string> = { all: '●', some: '◐', none: '·', self: '○' };

  append(root, element('h1', undefined, view.title));
  const allowedCount = view.cells.reduce((sum, row) => sum + row.filter((id) => view.values[id].level !== 'none').length, 0);
  append(
    root,
    element('p', 'summary', `${view.query} · ${view.sources.length} sources × ${view.destinations.length} destinations · ${allowedCount} pairs with some traffic allowed · ${view.policies.length} policies`),
  );

  const legend = element('p', 'legend');
  const legendItems: [string, string][] = view.query === 'all ports' ? [['all', 'all ports'], ['some', 'some ports'], ['none', 'nothing'], ['self', 'a pod to itself']] : [['all', 'allowed'], ['none', 'denied'], ['self', 'a pod to itself']];
  for (const [level, text] of legendItems) append(legend, append(element('span', `cell ${level}`), document.createTextNode(GLYPHS[level])), document.createTextNode(` ${text}  `));
  append(root, legend);

  const filter = element('input', 'filter');
  filter.setAttribute('type', 'search');
  filter.setAttribute('placeholder', 'Filter endpoints (substring of namespace/name)');
  filter.setAttribute('aria-label', 'Filter endpoints');
  append(root, filter);

  const details = element('pre', 'details', 'Select a cell to see why.');
  const table = element('table', 'matrix');
  const head = element('tr');
  append(head, element('th', 'corner', 'from \\ to'));
  const columnHeads: RenderElement[] = [];
  for (const d of view.destinations) {
    const th = element('th', 'column', view.endpoints[d].key);
    th.setAttribute('title', `${view.endpoints[d].key}\n${view.endpoints[d].details}`);
    columnHeads.push(th);
    append(head, th);
  }
  append(table, append(element('thead'), head));
  const body = element('tbody');
  const rows: RenderElement[] = [];
  const cellsByColumn: RenderElement[][] = view.destinations.map(() => []);
  view.sources.forEach((s, si) => {
    const row = element('tr');
    const th = element('th', 'row', view.endpoints[s].key);
    th.setAttribute('title', `${view.endpoints[s].key}\n${view.endpoints[s].details}`);
    append(row, th);
    view.destinations.forEach((d, di) => {
      const value = view.values[view.cells[si][di]];
      const td = element('td', `cell ${value.level}`, GLYPHS[value.level]);
      const label = `${view.endpoints[s].key} → ${view.endpoints[d].key}: ${value.text}`;
      td.setAttribute('title', label);
      td.setAttribute('tabindex', '0');
      td.addEventListener('click', () => {
        const lines = view.explanations?.[`${si},${di}`];
        details.textContent = lines ? lines.join('\n') : label;
      });
      cellsByColumn[di].push(td);
      append(row, td);
    });
    rows.push(row);
    append(body, row);
  });
  append(table, body);
  append(root, append(element('div', 'scroll'), table), details);

  filter.addEventListener('input', () => {
    const needle = ((filter as unknown as { value: string }).value ?? '').toLowerCase();
    const shown = (index: number) => needle === '' || view.endpoints[index].key.toLowerCase().includes(needle);
    view.sources.forEach((s, si) => (rows[si].style.display = shown(s) ? '' : 'none'));
    view.destinations.forEach((d, di) => {
      const display = shown(d) ? '' : 'none';
      columnHeads[di].style.display = display;
      for (const td of cellsByColumn[di]) td.style.display = display;
    });
  });

  const section = (title: string, items: readonly string[][], headers: readonly string[]): void => {
    if (items.length === 0) return;
    append(root, element('h2', undefined, title));
    const list = element('table', 'list');
    append(list, append(element('tr'), ...headers.map((header) => element('th', undefined, header))));
    for (const item of items) append(list, append(element('tr'), ...item.map((text) => element('td', undefined, text))));
    append(root, list);
  };
  section(
    'Endpoints',
    view.endpoints.map((endpoint) => [endpoint.group, endpoint.name, endpoint.details, endpoint.where ?? '']),
    ['namespace', 'name', 'details', 'defined at'],
  );
  section(
    'Policies',
    view.policies.map((policy) => [policy.id, policy.where]),
    ['policy', 'defined at'],
  );
  section(
    'Left out (not evaluated)',
    view.leftOut.map((doc) => [doc.where, doc.what, doc.reason]),
    ['where', 'what', 'why'],
  );
}
