import { graphlib, layout } from '@dagrejs/dagre';
import { Level, LEVEL_NAMES } from '../../../server/src/service/reachabilityView/cellVerdicts';
import type { Aggregator, AxisItem } from '../../../server/src/service/reachabilityView/matrixLayout';
import type { ReachabilityView } from '../../../server/src/service/reachabilityView/viewModel';
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

  constructor(private readonly callbacks: GraphCallbacks) {
    this.element = h('div', { id: 'graph', className: 'graph', role: 'region', 'aria-label': 'Reachability graph' });
  }

  render(data: GraphData): void {
    const { view, items, aggregator } = data;
    const nodes = items.filter((item) => item.kind === 'endpoint' || item.collapsed);
    if (nodes.length === 0) {
      this.element.replaceChildren(h('p', { className: 'notice' }, 'Nothing to draw.'));
      return;
    }
    if (nodes.length > MAX_NODES) {
      this.element.replaceChildren(h('p', { className: 'notice', id: 'graph-too-large' }, `${nodes.length} nodes are too many to draw. Collapse namespaces or search to draw at most ${MAX_NODES}.`));
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
      this.element.replaceChildren(h('p', { className: 'notice', id: 'graph-too-large' }, `${edges.length} connections are too many to draw. Collapse namespaces, search, or filter a port.`));
      return;
    }

    const graph = new graphlib.Graph({ compound: true, multigraph: false });
    graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 60, marginx: 12, marginy: 12 });
    graph.setDefaultEdgeLabel(() => ({}));
    const labelOf = (item: AxisItem) => (item.kind === 'endpoint' ? view.endpoints[item.endpoint].name : `${view.groups[item.group].kind === 'external' ? 'external ranges' : view.groups[item.group].name} (${item.members.length})`);
    for (const item of items) {
      if (item.kind === 'group' && !item.collapsed) {
        graph.setNode(item.id, { width: 0, height: 0, paddingTop: 24, paddingX: 12, paddingY: 12 } as never);
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
    const root = svg('svg', { id: 'graph-svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${nodes.length} nodes, ${edges.length} connections` });
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
    this.element.replaceChildren(root);
  }
}
