import { isExternalPair, Level, LEVEL_NAMES, type Aggregate, type Aggregator, type AxisItem, type ReachabilityView } from '../../../server/src/protocol/view';
import { h } from './dom';
import { endpointTitle, focusOf, itemKind, shortName, type FocusSets } from './describe';

/** Cell size and header sizes in CSS pixels: the grid is positioned by arithmetic, not by layout. */
const CELL = 22;
const OVERSCAN = 4;

export interface MatrixData {
  readonly view: ReachabilityView;
  readonly rows: readonly AxisItem[];
  readonly columns: readonly AxisItem[];
  readonly aggregator: Aggregator;
  readonly focus: FocusSets | undefined;
  readonly selected: { readonly row: string; readonly col: string } | undefined;
}

export interface MatrixCallbacks {
  /** A cell was chosen (click, Enter or Space). */
  select(row: AxisItem, column: AxisItem): void;
  /** A group's row or column header was toggled. */
  toggle(item: AxisItem): void;
  /** The active cell or the scroll position moved (for the saved state). */
  moved(): void;
}

/**
 * The matrix, virtualised: only the rows and columns in sight (plus a few) exist in the DOM, so a thousand
 * endpoints cost what forty do. The body scrolls; the row and column headers follow it. Keyboard: the body is
 * one tab stop (`role=grid`) whose active cell moves with the arrows, Home/End, PageUp/PageDown; Enter or Space
 * chooses a cell, and on a row header (left of the first column) toggles the group; `+`/`-` expand and collapse
 * the active row's group.
 */
export class MatrixView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly cellLayer: HTMLElement;
  private readonly rowHeads: HTMLElement;
  private readonly rowLayer: HTMLElement;
  private readonly columnHeads: HTMLElement;
  private readonly columnLayer: HTMLElement;
  private data: MatrixData | undefined;
  /** The active cell, by item ids; column `''` is the row header. */
  active: { row: string; col: string } | undefined;
  private frame = 0;
  /** Bumped whenever what the cells show changes (data, active cell): rows drawn for an older version are redrawn. */
  private version = 0;
  /** The rows in the DOM (grid row and drawn header, by row index) and what they were drawn for. */
  private drawn = { version: -1, firstColumn: -1, lastColumn: -1, rows: new Map<number, { row: HTMLElement; head: HTMLElement }>() };

  constructor(private readonly callbacks: MatrixCallbacks) {
    this.cellLayer = h('div', { className: 'layer' });
    this.sizer = h('div', { className: 'sizer' });
    this.body = h(
      'div',
      { id: 'matrix-body', className: 'matrix-body', role: 'grid', tabindex: 0, 'aria-label': 'Reachability matrix: rows are sources, columns destinations' },
      this.sizer,
      this.cellLayer,
    );
    this.rowLayer = h('div', { className: 'layer' });
    this.rowHeads = h('div', { id: 'matrix-rows', className: 'matrix-rows', 'aria-hidden': 'true' }, this.rowLayer);
    this.columnLayer = h('div', { className: 'layer' });
    this.columnHeads = h('div', { id: 'matrix-columns', className: 'matrix-columns', 'aria-hidden': 'true' }, this.columnLayer);
    const corner = h('div', { className: 'matrix-corner' }, h('span', { className: 'axis-to' }, 'to →'), h('span', { className: 'axis-from' }, 'from ↓'));
    this.element = h('div', { id: 'matrix', className: 'matrix' }, corner, this.columnHeads, this.rowHeads, this.body);

    this.body.addEventListener('scroll', () => {
      this.columnHeads.scrollLeft = this.body.scrollLeft;
      this.rowHeads.scrollTop = this.body.scrollTop;
      this.schedule();
      this.callbacks.moved();
    });
    this.body.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => this.onClick(event));
    this.rowHeads.addEventListener('click', (event) => this.onHeadClick(event, this.data?.rows));
    this.columnHeads.addEventListener('click', (event) => this.onHeadClick(event, this.data?.columns));
    // Wheel over the headers scrolls the body.
    for (const pane of [this.rowHeads, this.columnHeads]) {
      pane.addEventListener(
        'wheel',
        (event) => {
          this.body.scrollTop += event.deltaY;
          this.body.scrollLeft += event.deltaX;
          event.preventDefault();
        },
        { passive: false },
      );
    }
    new ResizeObserver(() => this.schedule()).observe(this.body);
  }

  get scroll(): { top: number; left: number } {
    return { top: this.body.scrollTop, left: this.body.scrollLeft };
  }

  setScroll(scroll: { top: number; left: number }): void {
    this.body.scrollTop = scroll.top;
    this.body.scrollLeft = scroll.left;
  }

  focus(): void {
    this.body.focus();
  }

  setData(data: MatrixData): void {
    // An active cell whose row or column was folded away moves to its group's row or column.
    if (this.active && this.data) {
      const refold = (id: string, before: readonly AxisItem[], after: readonly AxisItem[]): string => {
        if (id === '' || after.some((item) => item.id === id)) return id;
        const group = before.find((item) => item.id === id)?.group;
        return after.find((item) => item.kind === 'group' && item.group === group)?.id ?? id;
      };
      this.active = { row: refold(this.active.row, this.data.rows, data.rows), col: refold(this.active.col, this.data.columns, data.columns) };
    }
    this.data = data;
    this.sizeHeaders(data);
    const width = data.columns.length * CELL;
    const height = data.rows.length * CELL;
    this.sizer.style.width = `${width}px`;
    this.sizer.style.height = `${height}px`;
    this.rowLayer.style.height = `${height}px`;
    this.columnLayer.style.width = `${width}px`;
    if (this.active && (!this.indexOf(data.rows, this.active.row) || (this.active.col !== '' && !this.indexOf(data.columns, this.active.col))))
      this.active = undefined;
    this.version++;
    this.render();
  }

  /**
   * Header panes as wide (rows) and as tall (rotated columns) as their longest short label, within bounds: the
   * examples' names are never cut, and a long name is ellipsised with its full key in the tooltip.
   */
  private sizeHeaders(data: MatrixData): void {
    const measure = textMeasurer(this.element);
    const longest = (items: readonly AxisItem[]) => {
      let max = 0;
      const seen = new Set<string>();
      for (const item of items) {
        const label = headLabel(data.view, item);
        if (seen.has(label)) continue;
        seen.add(label);
        max = Math.max(max, measure(label, item.kind === 'group'));
      }
      return max;
    };
    const viewport = typeof window === 'undefined' ? 1200 : window.innerWidth;
    const rowHead = Math.round(Math.min(Math.max(120, longest(data.rows) + 40), 300, viewport * 0.4));
    const columnHead = Math.round(Math.min(Math.max(60, longest(data.columns) + 30), 180));
    this.element.style.setProperty('--row-head', `${rowHead}px`);
    this.element.style.setProperty('--column-head', `${columnHead}px`);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the rows and columns in sight. */
  render(): void {
    const data = this.data;
    if (!data) return;
    const { rows, columns } = data;
    const top = this.body.scrollTop;
    const left = this.body.scrollLeft;
    const height = this.body.clientHeight || 600;
    const width = this.body.clientWidth || 800;
    const firstRow = Math.max(0, Math.floor(top / CELL) - OVERSCAN);
    const lastRow = Math.min(rows.length - 1, Math.ceil((top + height) / CELL) + OVERSCAN);
    const firstColumn = Math.max(0, Math.floor(left / CELL) - OVERSCAN);
    const lastColumn = Math.min(columns.length - 1, Math.ceil((left + width) / CELL) + OVERSCAN);

    // Scrolling keeps the rows still in sight and draws only those that came into sight; anything else redraws all.
    const drawn = this.drawn;
    if (drawn.version !== this.version || drawn.firstColumn !== firstColumn || drawn.lastColumn !== lastColumn) {
      const columnHeads: HTMLElement[] = [];
      for (let c = firstColumn; c <= lastColumn; c++) columnHeads.push(this.head(columns[c], c, 'col', data));
      this.columnLayer.replaceChildren(...columnHeads);
      this.rowLayer.replaceChildren();
      this.cellLayer.replaceChildren();
      drawn.rows.clear();
    }
    for (const [r, entry] of drawn.rows) {
      if (r >= firstRow && r <= lastRow) continue;
      entry.row.remove();
      entry.head.remove();
      drawn.rows.delete(r);
    }
    const kept = drawn.rows.size > 0 ? Math.min(...drawn.rows.keys()) : Infinity;

    // For assistive technology, a grid of rows: each row in sight holds its header (read out, not drawn: the
    // drawn headers scroll in their own panes) and its cells, indexed in the whole matrix. Rows stay in order.
    this.body.setAttribute('aria-rowcount', String(rows.length));
    this.body.setAttribute('aria-colcount', String(columns.length + 1));
    const above: { row: HTMLElement; head: HTMLElement }[] = [];
    const below: { row: HTMLElement; head: HTMLElement }[] = [];
    for (let r = firstRow; r <= lastRow; r++) {
      if (drawn.rows.has(r)) continue;
      const row = h('div', { className: 'matrix-row', role: 'row', 'aria-rowindex': r + 1 }, this.rowHeader(rows[r], data));
      for (let c = firstColumn; c <= lastColumn; c++) row.appendChild(this.cell(rows[r], columns[c], r, c, data));
      const entry = { row, head: this.head(rows[r], r, 'row', data) };
      drawn.rows.set(r, entry);
      (r < kept ? above : below).push(entry);
    }
    this.cellLayer.prepend(...above.map((entry) => entry.row));
    this.cellLayer.append(...below.map((entry) => entry.row));
    this.rowLayer.prepend(...above.map((entry) => entry.head));
    this.rowLayer.append(...below.map((entry) => entry.head));
    this.drawn = { version: this.version, firstColumn, lastColumn, rows: drawn.rows };
    if (this.active && document.getElementById('matrix-active')) this.body.setAttribute('aria-activedescendant', 'matrix-active');
    else this.body.removeAttribute('aria-activedescendant');
  }

  private head(item: AxisItem, index: number, axis: 'row' | 'col', data: MatrixData): HTMLElement {
    const { view } = data;
    const group = view.groups[item.group];
    const isGroup = item.kind === 'group';
    const label = headLabel(view, item);
    const classes = ['head', isGroup ? 'group' : 'endpoint'];
    if (data.focus && !isGroup && data.focus.selected.has(view.endpoints[item.endpoint].key)) classes.push('focus-selected');
    if (this.active && axis === 'row' && this.active.row === item.id && this.active.col === '') classes.push('active');
    const element = h(
      'div',
      {
        className: classes.join(' '),
        'data-axis': axis,
        'data-index': index,
        'data-id': item.id,
        title: isGroup
          ? `${group.kind === 'external' ? 'External address ranges' : `Namespace ${group.name}`}: ${item.members.length} endpoint${item.members.length === 1 ? '' : 's'}. Click to ${item.collapsed ? 'expand' : 'collapse'}.`
          : endpointTitle(view, item.endpoint),
        'aria-label': isGroup ? undefined : view.endpoints[item.endpoint].key,
        'data-kind': isGroup ? undefined : itemKind(view, item.endpoint),
      },
      isGroup ? h('span', { className: 'twisty' }, item.collapsed ? '▸' : '▾') : null,
      h('span', { className: 'label' }, label),
    );
    if (axis === 'row') element.style.top = `${index * CELL}px`;
    else element.style.left = `${index * CELL}px`;
    return element;
  }

  /** The row's header inside the grid: what a screen reader announces, and the active element left of the first column. */
  private rowHeader(item: AxisItem, data: MatrixData): HTMLElement {
    const { view } = data;
    const group = view.groups[item.group];
    const label =
      item.kind === 'group'
        ? `${group.kind === 'external' ? 'external ranges' : `namespace ${group.name}`}, ${item.members.length} endpoints, ${item.collapsed ? 'collapsed' : 'expanded'}`
        : view.endpoints[item.endpoint].key;
    const active = this.active?.row === item.id && this.active.col === '';
    return h(
      'div',
      {
        className: 'row-header',
        role: 'rowheader',
        id: active ? 'matrix-active' : undefined,
        'aria-colindex': 1,
        'data-id': item.id,
        ...(item.kind === 'group' ? { 'aria-expanded': item.collapsed ? 'false' : 'true' } : {}),
      },
      label,
    );
  }

  private cell(row: AxisItem, column: AxisItem, r: number, c: number, data: MatrixData): HTMLElement {
    if (outsideCluster(data.view, row, column)) return this.naCell(row, column, r, c, data);
    const aggregate = data.aggregator.aggregate(row, column);
    const summary = row.kind === 'group' || column.kind === 'group';
    const classes = ['cell', `lv-${LEVEL_NAMES[aggregate.level]}`];
    if (summary) classes.push('summary');
    if (data.focus && focusOf(data, row, column)) classes.push('focus-allowed');
    if (data.selected && data.selected.row === row.id && data.selected.col === column.id) classes.push('selected');
    const isActive = this.active?.row === row.id && this.active.col === column.id;
    if (isActive) classes.push('active');
    const element = h(
      'div',
      {
        className: classes.join(' '),
        id: isActive ? 'matrix-active' : undefined,
        role: 'gridcell',
        'aria-colindex': c + 2,
        'data-row': row.id,
        'data-col': column.id,
        'data-level': LEVEL_NAMES[aggregate.level],
        'aria-selected': data.selected?.row === row.id && data.selected.col === column.id ? 'true' : 'false',
        'aria-label': cellLabel(data.view, row, column, aggregate),
        title: cellLabel(data.view, row, column, aggregate),
      },
      GLYPHS[aggregate.level],
    );
    element.style.top = `${r * CELL}px`;
    element.style.left = `${c * CELL}px`;
    return element;
  }

  /** Between two external address ranges: no policy governs it, so no verdict; a neutral mark, still a cell to choose. */
  private naCell(row: AxisItem, column: AxisItem, r: number, c: number, data: MatrixData): HTMLElement {
    const classes = ['cell', 'lv-na'];
    if (row.kind === 'group' || column.kind === 'group') classes.push('summary');
    const selected = data.selected?.row === row.id && data.selected.col === column.id;
    if (selected) classes.push('selected');
    const isActive = this.active?.row === row.id && this.active.col === column.id;
    if (isActive) classes.push('active');
    const label = naLabel(data.view, row, column);
    const element = h(
      'div',
      {
        className: classes.join(' '),
        id: isActive ? 'matrix-active' : undefined,
        role: 'gridcell',
        'aria-colindex': c + 2,
        'data-row': row.id,
        'data-col': column.id,
        'data-level': 'na',
        'aria-selected': selected ? 'true' : 'false',
        'aria-label': label,
        title: label,
      },
      '·',
    );
    element.style.top = `${r * CELL}px`;
    element.style.left = `${c * CELL}px`;
    return element;
  }

  private indexOf(items: readonly AxisItem[], id: string): { index: number } | undefined {
    const index = items.findIndex((item) => item.id === id);
    return index === -1 ? undefined : { index };
  }

  /** Moves the active cell and scrolls it into sight. */
  setActive(row: number, col: number): void {
    const data = this.data;
    if (!data || data.rows.length === 0) return;
    const r = Math.max(0, Math.min(data.rows.length - 1, row));
    const c = Math.max(-1, Math.min(data.columns.length - 1, col));
    const before = this.active;
    this.active = { row: data.rows[r].id, col: c === -1 ? '' : data.columns[c].id };
    // Moving between cells in sight changes two cells' marks; anything else redraws.
    if (!this.moveActiveMark(before, r, c)) this.version++;
    const top = r * CELL;
    if (top < this.body.scrollTop) this.body.scrollTop = top;
    else if (top + CELL > this.body.scrollTop + this.body.clientHeight) this.body.scrollTop = top + CELL - this.body.clientHeight;
    if (c >= 0) {
      const left = c * CELL;
      if (left < this.body.scrollLeft) this.body.scrollLeft = left;
      else if (left + CELL > this.body.scrollLeft + this.body.clientWidth) this.body.scrollLeft = left + CELL - this.body.clientWidth;
    } else {
      this.body.scrollLeft = 0;
    }
    this.render();
    this.callbacks.moved();
  }

  private moveActiveMark(before: { row: string; col: string } | undefined, r: number, c: number): boolean {
    const drawn = this.drawn;
    if (drawn.version !== this.version || !before || before.col === '' || c === -1 || c < drawn.firstColumn || c > drawn.lastColumn) return false;
    const target = drawn.rows.get(r)?.row.children[1 + c - drawn.firstColumn];
    const previous = document.getElementById('matrix-active');
    if (!target || !previous?.classList.contains('cell')) return false;
    previous.classList.remove('active');
    previous.removeAttribute('id');
    target.classList.add('active');
    target.id = 'matrix-active';
    return true;
  }

  private activeIndices(): { r: number; c: number } | undefined {
    const data = this.data;
    if (!data || !this.active) return undefined;
    const r = data.rows.findIndex((item) => item.id === this.active!.row);
    const c = this.active.col === '' ? -1 : data.columns.findIndex((item) => item.id === this.active!.col);
    return r === -1 ? undefined : { r, c };
  }

  private onKey(event: KeyboardEvent): void {
    const data = this.data;
    if (!data || data.rows.length === 0) return;
    const at = this.activeIndices() ?? { r: 0, c: data.columns.length > 0 ? 0 : -1 };
    const page = Math.max(1, Math.floor(this.body.clientHeight / CELL) - 1);
    const moves: Record<string, () => void> = {
      ArrowUp: () => this.setActive(at.r - 1, at.c),
      ArrowDown: () => this.setActive(at.r + 1, at.c),
      ArrowLeft: () => this.setActive(at.r, at.c - 1),
      ArrowRight: () => this.setActive(at.r, at.c + 1),
      Home: () => this.setActive(event.ctrlKey ? 0 : at.r, event.ctrlKey ? 0 : -1),
      End: () => this.setActive(event.ctrlKey ? data.rows.length - 1 : at.r, data.columns.length - 1),
      PageUp: () => this.setActive(at.r - page, at.c),
      PageDown: () => this.setActive(at.r + page, at.c),
      Enter: () => this.choose(at),
      ' ': () => this.choose(at),
      '+': () => this.expandRow(at, true),
      '-': () => this.expandRow(at, false),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    if (!this.active && event.key.startsWith('Arrow')) this.setActive(at.r, at.c);
    else move();
  }

  private choose(at: { r: number; c: number }): void {
    const data = this.data!;
    if (!this.active) this.setActive(at.r, at.c);
    const row = data.rows[at.r];
    if (at.c === -1) {
      if (row.kind === 'group') this.callbacks.toggle(row);
      return;
    }
    this.callbacks.select(row, data.columns[at.c]);
  }

  private expandRow(at: { r: number; c: number }, expand: boolean): void {
    const row = this.data!.rows[at.r];
    const group = row.kind === 'group' ? row : this.data!.rows.find((item) => item.kind === 'group' && item.group === row.group);
    if (group && group.kind === 'group' && group.collapsed === expand) {
      // The active cell moves to the group's own row, which stays whether it is folded or not.
      if (this.active) this.active = { row: group.id, col: this.active.col };
      this.callbacks.toggle(group);
    }
  }

  private onClick(event: MouseEvent): void {
    const data = this.data;
    const target = (event.target as Element | null)?.closest('.cell');
    if (!data || !target) return;
    const r = data.rows.findIndex((item) => item.id === target.getAttribute('data-row'));
    const c = data.columns.findIndex((item) => item.id === target.getAttribute('data-col'));
    if (r === -1 || c === -1) return;
    this.active = { row: data.rows[r].id, col: data.columns[c].id };
    this.version++;
    this.body.focus({ preventScroll: true });
    this.callbacks.select(data.rows[r], data.columns[c]);
  }

  private onHeadClick(event: MouseEvent, items: readonly AxisItem[] | undefined): void {
    const target = (event.target as Element | null)?.closest('.head');
    const index = Number(target?.getAttribute('data-index'));
    const item = items?.[index];
    if (item?.kind === 'group') this.callbacks.toggle(item);
  }
}

/** What a header shows: the namespace (and its count) for a group, the workload's or pod's own name for an endpoint. */
export function headLabel(view: ReachabilityView, item: AxisItem): string {
  if (item.kind === 'endpoint') return shortName(view, item.endpoint);
  const group = view.groups[item.group];
  return `${group.kind === 'external' ? 'external ranges' : group.name} (${item.members.length})`;
}

/** Whether a cell lies between external address ranges only (a pair, or summaries of the external ranges). */
export function outsideCluster(view: ReachabilityView, row: AxisItem, column: AxisItem): boolean {
  return isExternalPair(view.groups[row.group], view.groups[column.group]);
}

export function naLabel(view: ReachabilityView, row: AxisItem, column: AxisItem): string {
  const name = (item: AxisItem) => (item.kind === 'endpoint' ? view.endpoints[item.endpoint].key : 'external ranges');
  return `${name(row)} → ${name(column)}: not applicable (outside the cluster: no policy governs it)`;
}

let measuring: { font: string; context: CanvasRenderingContext2D | null; widths: Map<string, number> } | undefined;

/** Text widths in the page's font, for sizing the header panes (a canvas: no layout), kept per label. */
function textMeasurer(element: HTMLElement): (text: string, bold: boolean) => number {
  const style = getComputedStyle(element.isConnected ? element : document.body);
  const font = `${style.fontSize || '13px'} ${style.fontFamily || 'sans-serif'}`;
  if (measuring?.font !== font) measuring = { font, context: document.createElement('canvas').getContext('2d'), widths: new Map() };
  const { context, widths } = measuring;
  return (text, bold) => {
    const key = bold ? `b${text}` : `n${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      if (!context) width = text.length * 7.5;
      else {
        context.font = bold ? `600 ${font}` : font;
        width = context.measureText(text).width;
      }
      width += bold ? 20 : 0;
      widths.set(key, width);
    }
    return width;
  };
}

const GLYPHS: Record<Level, string> = { [Level.none]: '✕', [Level.some]: '◐', [Level.all]: '✓', [Level.self]: '○' };

/** A cell in words: `shop/Deployment/frontend → shop/Deployment/backend: allowed`, or a summary's counts. */
export function cellLabel(view: ReachabilityView, row: AxisItem, column: AxisItem, aggregate: Aggregate): string {
  const name = (item: AxisItem) =>
    item.kind === 'endpoint'
      ? view.endpoints[item.endpoint].key
      : view.groups[item.group].kind === 'external'
        ? 'external ranges'
        : `namespace ${view.groups[item.group].name}`;
  const what = `${name(row)} → ${name(column)}`;
  if (row.kind === 'endpoint' && column.kind === 'endpoint') return `${what}: ${LEVEL_WORDS[aggregate.level]}`;
  const parts = [`${aggregate.all} of ${aggregate.total} allowed`];
  if (aggregate.some > 0) parts.push(`${aggregate.some} partly`);
  return `${what}: ${parts.join(', ')}`;
}

export const LEVEL_WORDS: Record<Level, string> = {
  [Level.none]: 'denied',
  [Level.some]: 'partly allowed (some ports)',
  [Level.all]: 'allowed',
  [Level.self]: 'allowed (a pod to itself)',
};
