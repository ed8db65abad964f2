import { graphlib, layout } from '@dagrejs/dagre';
import { Level, LEVEL_NAMES, type Aggregator, type AxisItem, type ReachabilityView } from '../../../server/src/protocol/view';
import { h, svg } from './dom';
import { endpointTitle, focusOf, type FocusSets } from './describe';
import { cellLabel } from './matrixView';

/** Beyond these, a layered drawing is slower to lay out than to read: the graph asks for fewer. */
const MAX_NODES = 150;
const MAX_EDGES = 1500;

export interface GraphData {
  readonly view: ReachabilityView;
  /** The items of both axes: expanded groups become boxes around their members, collapsed ones nodes. */
  readonly items: readonly AxisItem[];
  readonly aggregator: Aggregator;
  readonly focus: FocusSets | undefined;
  readonly selected: { readonly row: string; readonly col: string } | undefined;
}

export interface GraphCallbacks {
  select(from: AxisItem, to: AxisItem): void;
  node(item: AxisItem, connections: readonly { from: AxisItem; to: AxisItem; label: string }[]): void;
}

/**
 * The graph: namespaces as boxes, endpoints (or collapsed namespaces) as nodes, one arrow per allowed connection
 * (dashed when only some ports are). Laid out by dagre's layered layout; drawn as SVG with text nodes. Nodes are
 * tab stops: Enter lists a node's connections, each of which can be explained.
 */
export class GraphView {
  readonly element: HTMLElement;

  private readonly canvas: HTMLElement;
  private readonly zoom: HTMLButtonElement;
  /** Fitted to the pane, or at its natural size (scrolling). */
  private fit = true;
  private last: GraphData | undefined;

  constructor(private readonly callbacks: GraphCallbacks) {
    this.zoom = h('button', { type: 'button', id: 'graph-zoom', 'aria-pressed': 'true', title: 'Fit the graph to the pane, or show it at its natural size' }, 'Fit');
    this.zoom.addEventListener('click', () => {
      this.fit = !this.fit;
      this.zoom.setAttribute('aria-pressed', String(this.fit));
      if (this.last) this.render(this.last);
    });
    this.canvas = h('div', { className: 'graph-canvas' });
    this.element = h('div', { id: 'graph', className: 'graph', role: 'region', 'aria-label': 'Reachability graph' }, h('div', { className: 'graph-tools' }, this.zoom), this.canvas);
  }

  render(data: GraphData): void {
    this.last = data;
    const { view, items, aggregator } = data;
    const nodes = items.filter((item) => item.kind === 'endpoint' || item.collapsed);
    if (nodes.length === 0) {
      this.canvas.replaceChildren(h('p', { className: 'notice' }, 'Nothing to draw.'));
      return;
    }
    if (nodes.length > MAX_NODES) {
      this.canvas.replaceChildren(h('p', { className: 'notice', id: 'graph-too-large' }, `${nodes.length} nodes are too many to draw. Collapse namespaces or search to draw at most ${MAX_NODES}.`));
      return;
    }
    const edges: { from: AxisItem; to: AxisItem; level: Level; label: string }[] = [];
    for (const from of nodes) {
      for (const to of nodes) {
        if (from === to) continue;
        const aggregate = aggregator.aggregate(from, to);
        if (aggregate.level !== Level.none) edges.push({ from, to, level: aggregate.level, label: cellLabel(view, from, to, aggregate) });
      }
    }
    if (edges.length > MAX_EDGES) {
      this.canvas.replaceChildren(h('p', { className: 'notice', id: 'graph-too-large' }, `${edges.length} connections are too many to draw. Collapse namespaces, search, or filter a port.`));
      return;
    }

    const graph = new graphlib.Graph({ compound: true, multigraph: false });
    graph.setGraph({ rankdir: 'LR', nodesep: 12, edgesep: 6, ranksep: 50, marginx: 12, marginy: 12, ranker: 'tight-tree' });
    graph.setDefaultEdgeLabel(() => ({}));
    const labelOf = (item: AxisItem) => (item.kind === 'endpoint' ? view.endpoints[item.endpoint].name : `${view.groups[item.group].kind === 'external' ? 'external ranges' : view.groups[item.group].name} (${item.members.length})`);
    for (const item of items) {
      if (item.kind === 'group' && !item.collapsed) {
        graph.setNode(item.id, { width: 0, height: 0 });
      }
    }
    for (const node of nodes) {
      graph.setNode(node.id, { width: Math.min(260, 16 + labelOf(node).length * 7), height: 26 });
      if (node.kind === 'endpoint') {
        const group = items.find((item) => item.kind === 'group' && item.group === node.group && !item.collapsed);
        if (group) graph.setParent(node.id, group.id);
      }
    }
    for (const edge of edges) graph.setEdge(edge.from.id, edge.to.id);
    layout(graph);

    const size = graph.graph();
    const width = Math.ceil((size.width ?? 0) + 24);
    const height = Math.ceil((size.height ?? 0) + 24);
    // Fitted: the viewBox scales it to the pane, never beyond its natural size. Otherwise natural, scrolling.
    const root = svg('svg', { id: 'graph-svg', width: this.fit ? '100%' : width, height: this.fit ? '100%' : height, viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'xMidYMin meet', role: 'img', 'aria-label': `${nodes.length} nodes, ${edges.length} connections` });
    if (this.fit) {
      root.style.maxWidth = `${width}px`;
      root.style.maxHeight = `${height}px`;
    }
    root.appendChild(
      svg(
        'defs',
        {},
        ...(['all', 'some'] as const).map((level) => svg('marker', { id: `arrow-${level}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', className: `arrow lv-${level}` }))),
      ),
    );
    for (const item of items) {
      if (item.kind !== 'group' || item.collapsed) continue;
      const box = graph.node(item.id);
      if (!box || box.x === undefined || box.y === undefined) continue;
      const group = view.groups[item.group];
      root.appendChild(
        svg(
          'g',
          { className: `cluster ${group.kind}`, 'data-id': item.id },
          svg('rect', { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: 6 }),
          svg('text', { x: box.x - box.width / 2 + 8, y: box.y - box.height / 2 + 16 }, group.kind === 'external' ? 'external ranges' : `namespace ${group.name}`),
        ),
      );
    }
    for (const edge of edges) {
      const points: readonly { x: number; y: number }[] = graph.edge(edge.from.id, edge.to.id)?.points ?? [];
      if (points.length === 0) continue;
      const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'} ${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(' ');
      const focused = data.focus && focusOf(data, edge.from, edge.to);
      const selected = data.selected && data.selected.row === edge.from.id && data.selected.col === edge.to.id;
      const path = svg(
        'path',
        { d, className: `edge lv-${LEVEL_NAMES[edge.level]}${focused ? ' focus-allowed' : ''}${selected ? ' selected' : ''}`, 'marker-end': `url(#arrow-${edge.level === Level.some ? 'some' : 'all'})`, 'data-from': edge.from.id, 'data-to': edge.to.id },
        svg('title', {}, edge.label),
      );
      path.addEventListener('click', () => this.callbacks.select(edge.from, edge.to));
      root.appendChild(path);
    }
    for (const node of nodes) {
      const box = graph.node(node.id);
      if (!box || box.x === undefined || box.y === undefined) continue;
      const connections = edges.filter((edge) => edge.from === node || edge.to === node);
      const focused = data.focus && node.kind === 'endpoint' && data.focus.selected.has(view.endpoints[node.endpoint].key);
      const title = node.kind === 'endpoint' ? endpointTitle(view, node.endpoint) : labelOf(node);
      const g = svg(
        'g',
        { className: `node ${node.kind}${focused ? ' focus-selected' : ''}`, tabindex: 0, role: 'button', 'data-id': node.id, 'aria-label': `${title.split('\n')[0]}: ${connections.length} connections` },
        svg('title', {}, title),
        svg('rect', { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: node.kind === 'group' ? 13 : 4 }),
        svg('text', { x: box.x, y: box.y + 4, 'text-anchor': 'middle' }, labelOf(node)),
      );
      const open = () => this.callbacks.node(node, connections);
      g.addEventListener('click', open);
      g.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      });
      root.appendChild(g);
    }
    this.canvas.replaceChildren(root);
  }
}
