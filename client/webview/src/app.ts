import {
  CellVerdicts,
  searchEndpoints,
  Aggregator,
  axisItems,
  groupId,
  type AxisItem,
  ANY_TRAFFIC,
  pairKey,
  type ExplanationView,
  type PolicyFocus,
  type ReachabilityView,
  type ViewFilter,
  type ViewRef,
} from '../../../server/src/protocol/view';
import { describeFilter, parsePort } from './filterText';
import { byId, h } from './dom';
import { focusSets, type FocusSets } from './describe';
import { refLink, renderExplanations } from './explainView';
import { GraphView } from './graphView';
import { readState, type Host, type PanelState } from './host';
import { cellLabel, LEVEL_WORDS, MatrixView, naLabel, outsideCluster } from './matrixView';
import type { ToPanel } from '../../../server/src/protocol/panelMessages';

/** Views with more endpoints than this open with every namespace collapsed to its summary. */
const COLLAPSE_ABOVE = 60;
const SEARCH_DELAY_MS = 40;
const STATE_DELAY_MS = 200;

/**
 * The reachability panel: toolbar (view, port, protocol, search), what the view covers, the legend, notices
 * (empty states, documents left out, the focused policy), the matrix or the graph, and the explanation of the
 * chosen cell. Renders views it receives, and keeps its own state (filters, collapsed groups, selection, scroll)
 * across updates; the host saves that state so a reload restores it.
 */
export class App {
  private view: ReachabilityView | undefined;
  private state: PanelState;
  private verdicts: CellVerdicts | undefined;
  private aggregator: Aggregator | undefined;
  private rows: AxisItem[] = [];
  private columns: AxisItem[] = [];
  private focus: FocusSets | undefined;
  private explanationRequest = 0;
  private status: { status: 'loading' | 'error'; message: string } | undefined = { status: 'loading', message: 'Computing reachability…' };
  private readonly matrix: MatrixView;
  private readonly graph: GraphView;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the Why pane shows, if it is open: a chosen cell's explanation or a graph node's connections. */
  private explainKind: 'cell' | 'node' | undefined;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    const saved = readState(host.getState());
    this.state = { mode: 'matrix', filter: ANY_TRAFFIC, search: '', toggled: [], scroll: { top: 0, left: 0 }, ...saved };
    this.matrix = new MatrixView({
      select: (row, column) => this.select(row, column),
      toggle: (item) => this.toggle(item.id),
      moved: () => this.saveStateSoon(),
    });
    this.graph = new GraphView({
      select: (from, to) => this.select(from, to),
      node: (item, connections) => this.showNode(item, connections),
      focus: (id) => this.setGraphFocus(id),
    });
    this.buildSkeleton();
    document.addEventListener('keydown', (event) => this.onEscape(event));
    if (this.state.active) this.matrix.active = this.state.active;
    this.renderAll();
  }

  /** A message from the extension (already checked by `readToPanel`). */
  receive(message: ToPanel): void {
    switch (message.type) {
      case 'view':
        this.setView(message.view);
        break;
      case 'focus':
        this.focus = message.focus ? focusSets(message.focus) : undefined;
        this.renderFocus();
        this.renderCurrent();
        break;
      case 'explanation':
        if (message.requestId === this.explanationRequest) this.showExplanation(message.explanations);
        break;
      case 'status':
        this.status = message;
        this.renderNotices();
        break;
    }
  }

  /** The scope the extension's panel covers, kept in the state for the serializer. */
  setScope(scope: string | undefined): void {
    this.state = { ...this.state, scope };
    this.saveStateSoon();
  }

  private setView(view: ReachabilityView): void {
    const first = !this.view;
    this.view = view;
    this.status = undefined;
    if (this.state.collapsedByDefault === undefined) this.state = { ...this.state, collapsedByDefault: view.endpoints.length > COLLAPSE_ABOVE };
    if (first && view.initialFilter && !this.host.live) this.state = { ...this.state, filter: view.initialFilter };
    this.recompute();
    this.renderAll();
    if (first) this.matrix.setScroll(this.state.scroll);
    // A live update: explain the chosen cell again, from the new workspace.
    if (this.state.selected) this.explainSelected();
  }

  // ── state ──────────────────────────────────────────────────────────────────────────────────────────────

  private collapsed(): Set<string> {
    const view = this.view;
    if (!view) return new Set();
    const ids = view.groups.map((_group, index) => groupId(view, index));
    const toggled = new Set(this.state.toggled);
    return new Set(ids.filter((id) => (this.state.collapsedByDefault ?? false) !== toggled.has(id)));
  }

  private toggle(id: string): void {
    const toggled = new Set(this.state.toggled);
    if (toggled.has(id)) toggled.delete(id);
    else toggled.add(id);
    this.state = { ...this.state, toggled: [...toggled] };
    this.relayout();
  }

  private setAllCollapsed(collapsed: boolean): void {
    this.state = { ...this.state, collapsedByDefault: collapsed, toggled: [] };
    this.relayout();
  }

  private setFilter(filter: ViewFilter): void {
    this.state = { ...this.state, filter };
    this.recompute();
    this.renderAll();
    if (this.state.selected) this.explainSelected();
  }

  private saveStateSoon(): void {
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      this.state = { ...this.state, scroll: this.matrix.scroll, ...(this.matrix.active ? { active: this.matrix.active } : {}) };
      this.host.setState(this.state);
    }, STATE_DELAY_MS);
  }

  // ── derived data ───────────────────────────────────────────────────────────────────────────────────────

  private recompute(): void {
    const view = this.view;
    if (!view) return;
    this.verdicts = new CellVerdicts(view, this.state.filter);
    this.aggregator = new Aggregator(this.verdicts);
    this.layoutItems();
  }

  private layoutItems(): void {
    const view = this.view!;
    const shown = searchEndpoints(view, this.state.search);
    const collapsed = this.collapsed();
    this.rows = axisItems(view, view.sources, shown, collapsed);
    this.columns = axisItems(view, view.destinations, shown, collapsed);
  }

  private relayout(): void {
    if (!this.view) return;
    this.layoutItems();
    this.renderSummary();
    this.renderNotices();
    this.renderCurrent();
    this.saveStateSoon();
  }

  // ── selection and explanation ──────────────────────────────────────────────────────────────────────────

  private select(row: AxisItem, column: AxisItem): void {
    this.state = { ...this.state, selected: { row: row.id, col: column.id } };
    this.saveStateSoon();
    this.renderCurrent();
    this.explainSelected();
  }

  /** An item of an axis by id, or an endpoint by key (the graph draws endpoints of folded namespaces when focused). */
  private itemOf(items: readonly AxisItem[], id: string): AxisItem | undefined {
    const found = items.find((item) => item.id === id);
    if (found || !this.view) return found;
    const endpoint = this.view.endpoints.findIndex((candidate) => candidate.key === id);
    return endpoint === -1 ? undefined : { kind: 'endpoint', id, group: this.view.endpoints[endpoint].group, endpoint };
  }

  private explainSelected(): void {
    const view = this.view;
    const selected = this.state.selected;
    const pane = byId('explain-body');
    if (!view || !selected || !this.aggregator) return;
    this.openExplain('cell');
    const row = this.itemOf(this.rows, selected.row);
    const column = this.itemOf(this.columns, selected.col);
    if (!row || !column) {
      pane.replaceChildren(h('p', { className: 'hint' }, 'The chosen cell is hidden by the search or a collapsed namespace.'));
      return;
    }
    if (outsideCluster(view, row, column)) {
      pane.replaceChildren(
        h('p', { id: 'explain-verdict', className: 'verdict lv-na' }, `${naLabel(view, row, column).split(': not applicable')[0]}: not applicable.`),
        h(
          'p',
          { id: 'explain-outside' },
          'Traffic between two external address ranges stays outside the cluster: no NetworkPolicy governs it, so the cluster neither allows nor denies it.',
        ),
      );
      return;
    }
    const aggregate = this.aggregator.aggregate(row, column);
    if (row.kind !== 'endpoint' || column.kind !== 'endpoint') {
      pane.replaceChildren(
        h('p', { id: 'explain-summary', className: 'summary-cell' }, cellLabel(view, row, column, aggregate), '.'),
        h('p', { className: 'hint' }, 'Expand the namespaces (click their names, or + on the keyboard) to see and explain single connections.'),
      );
      return;
    }
    const from = view.endpoints[row.endpoint].key;
    const to = view.endpoints[column.endpoint].key;
    const requestId = ++this.explanationRequest;
    pane.replaceChildren(
      h(
        'p',
        { id: 'explain-verdict', className: `verdict lv-${aggregate.level}` },
        `${from} → ${to} ${describeFilter(this.state.filter)}: ${LEVEL_WORDS[aggregate.level]}.`,
      ),
      h('p', { className: 'hint' }, 'Explaining…'),
    );
    if (this.host.live) {
      this.host.post({ type: 'explain', requestId, from, to, filter: this.state.filter });
      return;
    }
    // A static report carries the explanations it could afford, for the filter they were computed for.
    const stored = view.explanations;
    const same = stored && stored.filter.port === this.state.filter.port && stored.filter.protocol === this.state.filter.protocol;
    const found = stored?.byPair[pairKey(from, to)];
    if (found && same) this.showExplanation(found);
    else {
      pane.lastElementChild?.remove();
      pane.appendChild(
        h(
          'p',
          { className: 'hint' },
          found
            ? `This report explains connections ${describeFilter(stored!.filter)}; choose that filter to read why.`
            : 'This report is too large to carry every explanation; run: ',
          found ? null : h('code', {}, `netpol-lens reach --explain ${from} ${to}`),
        ),
      );
    }
  }

  private showExplanation(explanations: readonly ExplanationView[] | null): void {
    const pane = byId('explain-body');
    pane.lastElementChild?.remove();
    if (!explanations) {
      pane.appendChild(h('p', { className: 'hint' }, 'These endpoints are no longer in the workspace.'));
      return;
    }
    pane.appendChild(renderExplanations(explanations, this.revealer()));
  }

  private showNode(item: AxisItem, connections: readonly { from: AxisItem; to: AxisItem; label: string }[]): void {
    const view = this.view!;
    const name = item.kind === 'endpoint' ? view.endpoints[item.endpoint].key : view.groups[item.group].name;
    const list = h('ul', { className: 'connections' });
    for (const connection of connections) {
      const button = h('button', { type: 'button', className: 'link' }, connection.label);
      button.addEventListener('click', () => this.select(connection.from, connection.to));
      list.appendChild(h('li', {}, button));
    }
    this.openExplain('node');
    byId('explain-body').replaceChildren(
      h('p', { id: 'explain-node' }, `${name}: ${connections.length} connection${connections.length === 1 ? '' : 's'} ${describeFilter(this.state.filter)}.`),
      list,
    );
  }

  /** The Why pane opens when something is chosen, at the size the user last gave it. */
  private openExplain(kind: 'cell' | 'node'): void {
    this.explainKind = kind;
    const pane = byId('explain');
    pane.hidden = false;
    byId('explain-splitter').hidden = false;
    this.applyExplainSize();
  }

  private closeExplain(): void {
    this.explainKind = undefined;
    byId('explain').hidden = true;
    byId('explain-splitter').hidden = true;
    if (this.state.selected) {
      const { selected: _dropped, ...rest } = this.state;
      this.state = rest;
      this.saveStateSoon();
      this.renderCurrent();
    }
  }

  private applyExplainSize(): void {
    const size = this.state.explainSize ?? 0.36;
    byId('explain').style.flexBasis = `${Math.round(size * 1000) / 10}%`;
    byId('explain-splitter').setAttribute('aria-valuenow', String(Math.round(size * 100)));
  }

  private setExplainSize(size: number): void {
    this.state = { ...this.state, explainSize: Math.min(0.85, Math.max(0.15, size)) };
    this.applyExplainSize();
    this.saveStateSoon();
  }

  /** The split between the views and the Why pane: dragged with the pointer, or moved with the arrow keys. */
  private splitter(): HTMLElement {
    const splitter = h('div', {
      id: 'explain-splitter',
      className: 'splitter',
      role: 'separator',
      tabindex: 0,
      hidden: true,
      'aria-controls': 'explain',
      'aria-label': 'Resize the Why pane',
      'aria-valuemin': 15,
      'aria-valuemax': 85,
    });
    const vertical = () => getComputedStyle(byId('content')).flexDirection === 'column';
    splitter.addEventListener('pointerdown', (event) => {
      splitter.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    splitter.addEventListener('pointermove', (event) => {
      if (!splitter.hasPointerCapture(event.pointerId)) return;
      const box = byId('content').getBoundingClientRect();
      this.setExplainSize(vertical() ? (box.bottom - event.clientY) / box.height : (box.right - event.clientX) / box.width);
    });
    splitter.addEventListener('keydown', (event) => {
      const grow: Record<string, number> = vertical() ? { ArrowUp: 1, ArrowDown: -1 } : { ArrowLeft: 1, ArrowRight: -1 };
      const step = grow[event.key];
      if (step === undefined) return;
      event.preventDefault();
      this.setExplainSize((this.state.explainSize ?? 0.36) + step * 0.05);
    });
    return splitter;
  }

  /** Escape closes what is open, innermost first: the legend, the Why pane of a cell, the graph's focus, the pane. */
  private onEscape(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    const legend = byId('legend');
    if (!legend.hidden) {
      this.toggleLegend(false);
      byId('legend-toggle').focus();
    } else if (this.explainKind === 'cell') {
      this.closeExplain();
      if (this.state.mode === 'matrix') this.matrix.focus();
    } else if (this.state.mode === 'graph' && this.state.graphFocus) {
      this.setGraphFocus(undefined);
      if (this.explainKind) this.closeExplain();
    } else if (this.explainKind) {
      this.closeExplain();
    } else return;
    event.preventDefault();
  }

  private setGraphFocus(id: string | undefined): void {
    if (id === this.state.graphFocus) return;
    const { graphFocus: _old, ...rest } = this.state;
    this.state = id === undefined ? rest : { ...rest, graphFocus: id };
    if (id === undefined && this.explainKind === 'node') this.closeExplain();
    this.saveStateSoon();
    this.renderCurrent();
  }

  private toggleLegend(open: boolean): void {
    byId('legend').hidden = !open;
    byId('legend-toggle').setAttribute('aria-expanded', String(open));
  }

  private revealer(): ((ref: ViewRef) => void) | undefined {
    if (!this.host.live) return undefined;
    return (ref) => this.host.post({ type: 'reveal', ref: { uri: ref.uri, start: ref.start, end: ref.end } });
  }

  // ── rendering ──────────────────────────────────────────────────────────────────────────────────────────

  private buildSkeleton(): void {
    const tab = (mode: PanelState['mode'], label: string) => {
      const button = h('button', { type: 'button', id: `tab-${mode}`, role: 'tab', 'aria-controls': mode }, label);
      button.addEventListener('click', () => {
        this.state = { ...this.state, mode };
        this.saveStateSoon();
        this.renderAll();
      });
      button.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          const other = mode === 'matrix' ? 'graph' : 'matrix';
          byId(`tab-${other}`).click();
          byId(`tab-${other}`).focus();
        }
      });
      return button;
    };

    const port = h('input', {
      id: 'filter-port',
      type: 'text',
      placeholder: 'any',
      title: 'A port number or a container port name; empty for any port',
      size: 10,
      list: 'port-names',
      'aria-describedby': 'filter-port-hint',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    port.value = this.state.filter.port === 'any' ? '' : String(this.state.filter.port);
    port.addEventListener('change', () => {
      const parsed = parsePort(port.value);
      port.setAttribute('aria-invalid', parsed === undefined ? 'true' : 'false');
      if (parsed !== undefined) this.setFilter({ ...this.state.filter, port: parsed });
    });
    const protocol = h('select', { id: 'filter-protocol' }, ...['any', 'TCP', 'UDP', 'SCTP'].map((value) => h('option', { value }, value)));
    protocol.value = this.state.filter.protocol;
    protocol.addEventListener('change', () => this.setFilter({ ...this.state.filter, protocol: protocol.value as ViewFilter['protocol'] }));
    const search = h('input', {
      id: 'search',
      type: 'search',
      placeholder: 'name, namespace or label=value',
      size: 28,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    search.value = this.state.search;
    search.addEventListener('input', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.state = { ...this.state, search: search.value };
        this.relayout();
      }, SEARCH_DELAY_MS);
    });
    const collapseAll = h('button', { type: 'button', id: 'collapse-all' }, 'Collapse all');
    collapseAll.addEventListener('click', () => this.setAllCollapsed(true));
    const expandAll = h('button', { type: 'button', id: 'expand-all' }, 'Expand all');
    expandAll.addEventListener('click', () => this.setAllCollapsed(false));

    const legend = h(
      'div',
      { id: 'legend', className: 'legend popover', role: 'note', 'aria-label': 'Legend', hidden: true },
      ...(
        [
          ['all', '✓', 'allowed'],
          ['some', '◐', 'partly allowed (some ports or some pairs)'],
          ['none', '✕', 'denied'],
          ['self', '○', 'a pod to itself (always allowed)'],
          ['na', '·', 'not applicable: between external ranges, outside the cluster'],
        ] as const
      ).map(([level, glyph, text]) =>
        h('span', { className: 'legend-item' }, h('span', { className: `swatch lv-${level}`, 'aria-hidden': 'true' }, glyph), ` ${text}`),
      ),
      h('span', { className: 'legend-item' }, h('span', { className: 'swatch focus-allowed', 'aria-hidden': 'true' }), ' allowed by the policy at the cursor'),
      h(
        'span',
        { className: 'legend-item hint' },
        'Rows are sources, columns destinations. Choose a cell (click, or arrows and Enter) to see why; Escape closes.',
      ),
    );
    const legendToggle = h(
      'button',
      { type: 'button', id: 'legend-toggle', className: 'icon', title: 'Legend', 'aria-label': 'Legend', 'aria-expanded': 'false', 'aria-controls': 'legend' },
      '?',
    );
    legendToggle.addEventListener('click', () => this.toggleLegend(byId('legend').hidden));
    const closeExplain = h(
      'button',
      { type: 'button', id: 'explain-close', className: 'icon', title: 'Close (Escape)', 'aria-label': 'Close the Why pane' },
      '✕',
    );
    closeExplain.addEventListener('click', () => this.closeExplain());

    this.root.replaceChildren(
      h('h1', { id: 'title', hidden: this.host.live }),
      h(
        'div',
        { className: 'toolbar', role: 'toolbar', 'aria-label': 'Reachability filters' },
        h('div', { role: 'tablist', className: 'tabs', 'aria-label': 'View' }, tab('matrix', 'Matrix'), tab('graph', 'Graph')),
        h('label', {}, 'Port ', port),
        h('datalist', { id: 'port-names' }),
        h('label', {}, 'Protocol ', protocol),
        h('label', {}, 'Search ', search),
        h('span', { className: 'fold' }, collapseAll, expandAll),
        h('p', { id: 'summary', role: 'status' }),
        h('span', { id: 'notes-badge', className: 'badge-slot' }),
        legendToggle,
        legend,
      ),
      h('p', { id: 'filter-port-hint', className: 'sr-only' }, 'A port number or a container port name; empty for any port.'),
      h('div', { id: 'focus', className: 'focus', 'aria-live': 'polite' }),
      h('div', { id: 'notices', className: 'notices' }),
      h(
        'div',
        { id: 'content', className: 'content' },
        h('div', { id: 'views', className: 'views' }, this.matrix.element, this.graph.element),
        this.splitter(),
        h(
          'aside',
          { id: 'explain', className: 'explain', 'aria-label': 'Explanation', hidden: true },
          h('div', { className: 'explain-head' }, h('h2', {}, 'Why'), closeExplain),
          h('div', { id: 'explain-body', 'aria-live': 'polite' }),
        ),
      ),
    );
  }

  private renderAll(): void {
    const view = this.view;
    const mode = this.state.mode;
    for (const name of ['matrix', 'graph'] as const) {
      const tab = byId(`tab-${name}`);
      tab.setAttribute('aria-selected', String(name === mode));
      tab.setAttribute('tabindex', name === mode ? '0' : '-1');
    }
    this.matrix.element.hidden = mode !== 'matrix';
    this.graph.element.hidden = mode !== 'graph';
    if (!this.host.live) byId('title').textContent = view ? `Reachability of ${view.title}` : 'Reachability';
    if (view) {
      const names = new Set<string>();
      for (const endpoint of view.endpoints) for (const port of endpoint.ports) if (port.name) names.add(port.name);
      byId('port-names').replaceChildren(...[...names].sort().map((name) => h('option', { value: name })));
    }
    (byId('filter-port') as HTMLInputElement).value = this.state.filter.port === 'any' ? '' : String(this.state.filter.port);
    (byId('filter-protocol') as HTMLSelectElement).value = this.state.filter.protocol;
    this.renderSummary();
    this.renderNotices();
    this.renderFocus();
    this.renderCurrent();
  }

  private renderSummary(): void {
    const view = this.view;
    const summary = byId('summary');
    if (!view) {
      summary.textContent = '';
      return;
    }
    const count = (kind: string) => view.endpoints.filter((endpoint) => endpoint.kind === kind).length;
    const namespaces = view.groups.filter((group) => group.kind === 'namespace').length;
    const kinds = [
      [count('pod'), 'pod', 'pods'],
      [count('workload'), 'workload', 'workloads'],
      [count('external'), 'external range', 'external ranges'],
    ] as const;
    const breakdown = kinds.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
    const parts = [
      `${view.endpoints.length} endpoint${view.endpoints.length === 1 ? '' : 's'}${breakdown.length > 0 ? ` (${breakdown.join(', ')})` : ''}`,
      `${namespaces} namespace${namespaces === 1 ? '' : 's'}`,
      `${view.policies.length} ${view.policies.length === 1 ? 'policy' : 'policies'}`,
    ];
    const shownRows = this.rows.filter((item) => item.kind === 'group').reduce((sum, item) => sum + (item.kind === 'group' ? item.members.length : 0), 0);
    let text = `Covers ${parts.join(', ')} in ${view.title}. Traffic ${describeFilter(this.state.filter)}.`;
    if (this.state.search.trim() !== '') text += ` The search shows ${shownRows} source${shownRows === 1 ? '' : 's'}.`;
    summary.textContent = text;
    summary.title = text;
  }

  private renderNotices(): void {
    const notices = byId('notices');
    const items: HTMLElement[] = [];
    let badge: HTMLElement | undefined;
    const view = this.view;
    if (this.status)
      items.push(
        h('p', { id: this.status.status === 'error' ? 'error-state' : 'loading-state', className: `notice ${this.status.status}` }, this.status.message),
      );
    if (view) {
      if (view.endpoints.length === 0)
        items.push(
          h(
            'p',
            { id: 'empty-state', className: 'notice' },
            'No pods, workloads or address ranges in this workspace: there is nothing to connect. Add the manifests of the workloads beside the policies.',
          ),
        );
      if (view.policies.length === 0)
        items.push(
          h('p', { id: 'no-policies', className: 'notice' }, 'No NetworkPolicies in this workspace: nothing is isolated, so every pod may reach every other.'),
        );
      else if (this.rows.length === 0 && view.endpoints.length > 0) items.push(h('p', { id: 'no-match', className: 'notice' }, 'Nothing matches the search.'));
      const reveal = this.revealer();
      const leftOut = view.problems.filter((problem) => problem.kind === 'left-out');
      const notes = view.problems.filter((problem) => problem.kind === 'note');
      if (leftOut.length > 0 || notes.length > 0) {
        const list = h('ul', {});
        for (const problem of [...leftOut, ...notes]) {
          const file = problem.ref.label.replace(/:\d+:\d+$/, '');
          list.appendChild(
            h(
              'li',
              { className: problem.kind },
              problem.kind === 'left-out' ? `${file} has errors and was left out: ` : `${file}: read around an error: `,
              problem.message,
              ' ',
              refLink(problem.ref.label, problem.ref, reveal),
            ),
          );
        }
        // A badge on the toolbar's line; it expands to the list.
        const wasOpen = (document.getElementById('problems') as HTMLDetailsElement | null)?.open ?? false;
        badge = h(
          'details',
          { id: 'problems', className: `problems badge${leftOut.length > 0 ? ' left-out' : ''}`, open: wasOpen },
          h(
            'summary',
            { title: 'Documents left out of the analysis, and notes' },
            `${leftOut.length} document${leftOut.length === 1 ? '' : 's'} left out, ${notes.length} note${notes.length === 1 ? '' : 's'}`,
          ),
          list,
        );
      }
    }
    notices.replaceChildren(...items);
    byId('notes-badge').replaceChildren(...(badge ? [badge] : []));
  }

  private renderFocus(): void {
    const element = byId('focus');
    const focus: PolicyFocus | undefined = this.focus?.focus;
    if (!focus) {
      element.replaceChildren();
      return;
    }
    const directions = [focus.ingress ? 'ingress' : '', focus.egress ? 'egress' : ''].filter(Boolean).join(' and ');
    element.replaceChildren(
      h(
        'p',
        { id: 'focus-policy' },
        'Policy ',
        refLink(focus.policy, focus.ref, this.revealer()),
        `: isolates ${focus.selected.length} endpoint${focus.selected.length === 1 ? '' : 's'} for ${directions || 'nothing'}`,
        focus.ingress ? `, admits ${focus.ingressFrom.length}` : '',
        focus.egress ? `, lets them reach ${focus.egressTo.length}` : '',
        '. Highlighted below.',
      ),
    );
  }

  private renderCurrent(): void {
    const view = this.view;
    if (!view || !this.aggregator) return;
    if (this.state.mode === 'matrix') {
      this.matrix.setData({ view, rows: this.rows, columns: this.columns, aggregator: this.aggregator, focus: this.focus, selected: this.state.selected });
    } else {
      // The graph's nodes: both axes' items, each once.
      const seen = new Set<string>();
      const items = [...this.rows, ...this.columns].filter((item) => !seen.has(item.id) && seen.add(item.id));
      this.graph.render({
        view,
        items,
        aggregator: this.aggregator,
        verdicts: this.verdicts!,
        filter: this.state.filter,
        focus: this.focus,
        selected: this.state.selected,
        graphFocus: this.state.graphFocus,
      });
    }
  }
}
