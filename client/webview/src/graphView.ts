import { graphlib, layout } from '@dagrejs/dagre';
import {
  formatPortSet,
  intersectPortSets,
  isExternalPair,
  Level,
  LEVEL_NAMES,
  wantedPorts,
  type Aggregator,
  type AxisItem,
  type CellVerdicts,
  type EndpointItem,
  groupId,
  type ReachabilityView,
  type ViewFilter,
} from '../../../server/src/protocol/view';
import { h, svg } from './dom';
import { endpointTitle, focusOf, shortName, type FocusSets } from './describe';
import { cellLabel } from './matrixView';

/** Beyond these, a layered drawing is slower to lay out than to read: the graph folds or asks for fewer. */
const MAX_NODES = 150;
const MAX_EDGES = 1500;
/** Edges carry their ports as a label up to this many edges (a focused graph, a small workspace). */
const MAX_LABELLED_EDGES = 80;
/** A focused namespace is drawn endpoint by endpoint up to this many; beyond, as one node with its neighbours. */
const MAX_FOCUSED_MEMBERS = 40;
/** Fitted below these scales, edge labels and then node labels hide (they would be unreadably small). */
const EDGE_LABELS_FROM = 0.8;
const NODE_LABELS_FROM = 0.6;
/**
 * The band at the top of a namespace's box that holds its name. Dagre keeps a box's edge `edgesep / 2 + nodesep / 2`
 * from its nodes and two boxes `edgesep` apart: with these, nodes start below the band and never cover the name.
 */
const NODESEP = 18;
const EDGESEP = 30;

export interface GraphData {
  readonly view: ReachabilityView;
  /** The items of both axes: expanded groups become boxes around their members, collapsed ones nodes. */
  readonly items: readonly AxisItem[];
  readonly aggregator: Aggregator;
  readonly verdicts: CellVerdicts;
  readonly filter: ViewFilter;
  readonly focus: FocusSets | undefined;
  readonly selected: { readonly row: string; readonly col: string } | undefined;
  /** Focus mode: an endpoint's key or a group's id; only it and its neighbours are drawn. */
  readonly graphFocus: string | undefined;
}

export interface GraphCallbacks {
  select(from: AxisItem, to: AxisItem): void;
  node(item: AxisItem, connections: readonly { from: AxisItem; to: AxisItem; label: string }[]): void;
  /** Focus on a node or a namespace (its id), or back to the whole graph (undefined). */
  focus(id: string | undefined): void;
}

interface Edge {
  readonly from: AxisItem;
  readonly to: AxisItem;
  readonly level: Level;
  readonly label: string;
  /** What the edge carries, drawn on it: `TCP 8080`, or `3 of 9` pairs for a namespace. */
  readonly ports: string;
}

/**
 * The graph: namespaces as boxes, endpoints (or collapsed namespaces) as nodes, one arrow per allowed connection
 * and direction (dashed when only some ports are), labelled with its ports. Laid out by dagre's layered layout;
 * drawn as SVG with text nodes. Too many nodes: it opens folded by namespace. Choosing a node (click, Enter)
 * focuses on it: only its neighbours, incoming and outgoing, are drawn; a breadcrumb (or Escape) goes back.
 */
export class GraphView {
  readonly element: HTMLElement;

  private readonly canvas: HTMLElement;
  private readonly fitButton: HTMLButtonElement;
  private readonly actualButton: HTMLButtonElement;
  private readonly breadcrumb: HTMLElement;
  private readonly hint: HTMLElement;
  /** Fitted to the pane, or at its natural size (100%, scrolling). */
  private fit = true;
  private last: GraphData | undefined;

  constructor(private readonly callbacks: GraphCallbacks) {
    this.fitButton = h('button', { type: 'button', id: 'graph-fit', 'aria-pressed': 'true', title: 'Fit the whole graph in the pane' }, 'Fit');
    this.actualButton = h(
      'button',
      { type: 'button', id: 'graph-actual', 'aria-pressed': 'false', title: 'Show the graph at its natural size (scroll to move around)' },
      '100%',
    );
    const zoom = (fit: boolean) => {
      this.fit = fit;
      this.fitButton.setAttribute('aria-pressed', String(fit));
      this.actualButton.setAttribute('aria-pressed', String(!fit));
      if (this.last) this.render(this.last);
    };
    this.fitButton.addEventListener('click', () => zoom(true));
    this.actualButton.addEventListener('click', () => zoom(false));
    // Focus by name: an endpoint's key or a namespace, suggested as one types (the graph may be too large to click).
    const names = h('datalist', { id: 'graph-focus-names' });
    const picker = h('input', {
      id: 'graph-focus-input',
      type: 'search',
      placeholder: 'Focus on…',
      title: 'An endpoint (namespace/Kind/name) or a namespace: draw only it and its neighbours',
      'aria-label': 'Focus the graph on an endpoint or a namespace',
      list: 'graph-focus-names',
      size: 12,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    picker.addEventListener('input', () => {
      const view = this.last?.view;
      const text = picker.value.trim().toLowerCase();
      if (!view || text === '') return names.replaceChildren();
      const found: string[] = [];
      for (const group of view.groups)
        if (group.kind === 'namespace' && found.length < 30 && group.name.toLowerCase().includes(text)) found.push(`namespace ${group.name}`);
      for (const endpoint of view.endpoints) if (found.length < 30 && endpoint.key.toLowerCase().includes(text)) found.push(endpoint.key);
      names.replaceChildren(...found.map((value) => h('option', { value })));
    });
    picker.addEventListener('change', () => {
      const view = this.last?.view;
      const text = picker.value.trim();
      if (!view || text === '') return;
      const namespace = view.groups.findIndex((group) => group.kind === 'namespace' && (group.name === text || `namespace ${group.name}` === text));
      const id = namespace !== -1 ? groupId(view, namespace) : view.endpoints.some((endpoint) => endpoint.key === text) ? text : undefined;
      picker.setAttribute('aria-invalid', id ? 'false' : 'true');
      if (id) {
        picker.value = '';
        this.callbacks.focus(id);
      }
    });
    this.breadcrumb = h('nav', { id: 'graph-breadcrumb', className: 'breadcrumb', 'aria-label': 'Graph focus' });
    this.hint = h('span', { id: 'graph-hint', className: 'hint', 'aria-live': 'polite' });
    this.canvas = h('div', { className: 'graph-canvas' });
    this.element = h(
      'div',
      { id: 'graph', className: 'graph', role: 'region', 'aria-label': 'Reachability graph' },
      h(
        'div',
        { className: 'graph-tools' },
        this.breadcrumb,
        picker,
        names,
        this.hint,
        h('span', { className: 'zoom', role: 'group', 'aria-label': 'Zoom' }, this.fitButton, this.actualButton),
      ),
      this.canvas,
    );
    new ResizeObserver(() => {
      if (this.last && this.fit && !this.element.hidden) this.applyScale();
    }).observe(this.canvas);
  }

  render(data: GraphData): void {
    this.last = data;
    const { view } = data;
    const refocus = this.canvas.contains(document.activeElement);
    this.renderBreadcrumb(data);
    let folded = false;
    let nodes = data.items.filter((item) => item.kind === 'endpoint' || item.collapsed);
    if (nodes.length > MAX_NODES) {
      // Too many to draw one by one: every namespace folded to one node, as the matrix opens large workspaces.
      nodes = data.items.filter((item) => item.kind === 'group').map((item) => (item.kind === 'group' ? { ...item, collapsed: true } : item));
      folded = true;
    }
    let edges: Edge[];
    if (data.graphFocus) {
      ({ nodes, edges } = this.focused(data, nodes, data.graphFocus));
    } else {
      if (nodes.length > MAX_NODES) {
        this.message(
          'graph-too-large',
          `${nodes.length} namespaces are too many to draw. Focus on an endpoint or a namespace (the box above), or search, to draw at most ${MAX_NODES}.`,
        );
        return;
      }
      edges = [];
      for (const from of nodes) for (const to of nodes) this.addEdge(data, edges, from, to);
    }
    if (nodes.length === 0) {
      this.message(undefined, 'Nothing to draw.');
      return;
    }
    if (edges.length > MAX_EDGES) {
      this.message('graph-too-large', `${edges.length} connections are too many to draw. Collapse namespaces, search, filter a port, or focus on a node.`);
      return;
    }
    this.hint.textContent = folded
      ? 'Folded by namespace: choose one to see its workloads and neighbours.'
      : data.graphFocus
        ? ''
        : 'Choose a node to see only its neighbours.';
    const labelled = edges.length <= MAX_LABELLED_EDGES;

    const graph = new graphlib.Graph({ compound: true, multigraph: false });
    graph.setGraph({ rankdir: 'LR', nodesep: NODESEP, edgesep: EDGESEP, ranksep: labelled ? 36 : 44, marginx: 12, marginy: 12, ranker: 'tight-tree' });
    graph.setDefaultEdgeLabel(() => ({}));
    const labelOf = (item: AxisItem) =>
      item.kind === 'endpoint'
        ? shortName(view, item.endpoint)
        : `${view.groups[item.group].kind === 'external' ? 'external ranges' : view.groups[item.group].name} (${item.members.length})`;
    const boxes = new Map<number, string>();
    for (const node of nodes) {
      if (node.kind !== 'endpoint' || boxes.has(node.group)) continue;
      const id = `box:${node.group}`;
      boxes.set(node.group, id);
      graph.setNode(id, { width: 0, height: 0 });
    }
    const boxLabel = (group: number) => (view.groups[group].kind === 'external' ? 'external ranges' : view.groups[group].name);
    for (const node of nodes) {
      // As wide as its namespace's name too, so that a box is never narrower than its label.
      const width = Math.max(labelOf(node).length * 7.2, node.kind === 'endpoint' ? boxLabel(node.group).length * 7.6 - 4 : 0);
      graph.setNode(node.id, { width: Math.min(240, 18 + width), height: 26 });
      if (node.kind === 'endpoint') graph.setParent(node.id, boxes.get(node.group)!);
    }
    for (const edge of edges) graph.setEdge(edge.from.id, edge.to.id, labelled ? { width: edge.ports.length * 6.6 + 8, height: 16, labelpos: 'c' } : {});
    layout(graph);

    const size = graph.graph();
    const width = Math.ceil((size.width ?? 0) + 24);
    const height = Math.ceil((size.height ?? 0) + 24);
    const root = svg('svg', {
      id: 'graph-svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': `${nodes.length} nodes, ${edges.length} connections`,
    });
    root.appendChild(
      svg(
        'defs',
        {},
        ...(['all', 'some', 'focus'] as const).map((level) =>
          svg(
            'marker',
            {
              id: `arrow-${level}`,
              viewBox: '0 0 10 10',
              refX: 9,
              refY: 5,
              markerUnits: 'userSpaceOnUse',
              markerWidth: 11,
              markerHeight: 11,
              orient: 'auto-start-reverse',
            },
            svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', className: `arrow lv-${level}` }),
          ),
        ),
      ),
    );
    for (const [group, id] of boxes) {
      const box = graph.node(id);
      if (!box || box.x === undefined || box.y === undefined) continue;
      const kind = view.groups[group].kind;
      const top = box.y - box.height / 2;
      const cluster = svg(
        'g',
        { className: `cluster ${kind}`, 'data-id': groupId(view, group) },
        svg('title', {}, kind === 'external' ? 'External address ranges' : `Namespace ${view.groups[group].name}: choose to focus on it`),
        svg('rect', { x: box.x - box.width / 2, y: top, width: box.width, height: box.height, rx: 6 }),
        svg('text', { x: box.x - box.width / 2 + 8, y: top + 14 }, boxLabel(group)),
      );
      cluster.querySelector('text')!.addEventListener('click', () => this.callbacks.focus(groupId(view, group)));
      root.appendChild(cluster);
    }
    const edgeLayer = svg('g', { className: 'edges' });
    const labelLayer = svg('g', { className: 'edge-labels' });
    for (const edge of edges) {
      const laid = graph.edge(edge.from.id, edge.to.id) as { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
      const points = laid?.points ?? [];
      if (points.length === 0) continue;
      const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'} ${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(' ');
      const focused = data.focus && focusOf(data, edge.from, edge.to);
      const selected = data.selected && data.selected.row === edge.from.id && data.selected.col === edge.to.id;
      const path = svg(
        'path',
        {
          d,
          className: `edge lv-${LEVEL_NAMES[edge.level]}${focused ? ' focus-allowed' : ''}${selected ? ' selected' : ''}`,
          'marker-end': `url(#arrow-${focused ? 'focus' : edge.level === Level.some ? 'some' : 'all'})`,
          'data-from': edge.from.id,
          'data-to': edge.to.id,
          'data-ports': edge.ports,
        },
        svg('title', {}, `${edge.label} (${edge.ports})`),
      );
      path.addEventListener('click', () => this.callbacks.select(edge.from, edge.to));
      edgeLayer.appendChild(path);
      if (labelled && laid?.x !== undefined && laid.y !== undefined) {
        const text = svg(
          'text',
          { x: laid.x, y: laid.y + 4, 'text-anchor': 'middle', className: 'edge-label', 'data-from': edge.from.id, 'data-to': edge.to.id },
          edge.ports,
        );
        text.addEventListener('click', () => this.callbacks.select(edge.from, edge.to));
        labelLayer.appendChild(text);
      }
    }
    root.appendChild(edgeLayer);
    root.appendChild(labelLayer);
    let focusTarget: SVGGElement | undefined;
    for (const node of nodes) {
      const box = graph.node(node.id);
      if (!box || box.x === undefined || box.y === undefined) continue;
      const connections = edges.filter((edge) => edge.from === node || edge.to === node);
      const highlighted = data.focus && node.kind === 'endpoint' && data.focus.selected.has(view.endpoints[node.endpoint].key);
      const centre =
        data.graphFocus !== undefined && (node.id === data.graphFocus || (node.kind === 'endpoint' && groupId(view, node.group) === data.graphFocus));
      const title = node.kind === 'endpoint' ? endpointTitle(view, node.endpoint) : labelOf(node);
      const g = svg(
        'g',
        {
          className: `node ${node.kind}${highlighted ? ' focus-selected' : ''}${centre ? ' centre' : ''}`,
          tabindex: 0,
          role: 'button',
          'data-id': node.id,
          'aria-label': `${title.split('\n')[0]}: ${connections.length} connections`,
        },
        svg('title', {}, title),
        svg('rect', { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: node.kind === 'group' ? 13 : 4 }),
        svg('text', { x: box.x, y: box.y + 4, 'text-anchor': 'middle' }, labelOf(node)),
      );
      const open = () => {
        this.callbacks.focus(node.id);
        this.callbacks.node(node, connections);
      };
      g.addEventListener('click', open);
      g.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      });
      if (node.id === data.graphFocus) focusTarget = g;
      root.appendChild(g);
    }
    this.canvas.replaceChildren(root);
    this.canvas.classList.toggle('fit', this.fit);
    this.applyScale();
    if (refocus) (focusTarget ?? (root.querySelector('.node') as SVGGElement | null))?.focus();
  }

  /**
   * Fitted: scaled down to the pane (never up). Labels hide below the scales where they would be unreadable;
   * 100% or focusing shows them again.
   */
  private applyScale(): void {
    const root = this.canvas.querySelector('svg');
    if (!root) return;
    const width = Number(root.getAttribute('width'));
    const height = Number(root.getAttribute('height'));
    let scale = 1;
    if (this.fit) {
      const availableWidth = this.canvas.clientWidth || width;
      const availableHeight = this.canvas.clientHeight || height;
      scale = Math.min(1, availableWidth / width, availableHeight / height);
      root.style.width = `${Math.floor(width * scale)}px`;
      root.style.height = `${Math.floor(height * scale)}px`;
    } else {
      root.style.width = `${width}px`;
      root.style.height = `${height}px`;
    }
    root.classList.toggle('no-edge-labels', scale < EDGE_LABELS_FROM);
    root.classList.toggle('no-node-labels', scale < NODE_LABELS_FROM);
    root.setAttribute('data-scale', scale.toFixed(2));
    const small =
      scale < NODE_LABELS_FROM
        ? ' Labels hidden at this size: choose 100% or focus on a node.'
        : scale < EDGE_LABELS_FROM
          ? ' Port labels hidden at this size.'
          : '';
    this.hint.setAttribute('data-small', small ? 'true' : 'false');
    this.hint.title = small.trim();
  }

  /** The focused node (or namespace, its members drawn one by one) and its neighbours, with the edges that touch it. */
  private focused(data: GraphData, base: readonly AxisItem[], id: string): { nodes: AxisItem[]; edges: Edge[] } {
    const { view } = data;
    let centre: AxisItem[];
    let others: AxisItem[];
    const group = data.items.find((item) => item.kind === 'group' && item.id === id);
    if (group && group.kind === 'group') {
      const members: EndpointItem[] = group.members.map((endpoint) => ({ kind: 'endpoint', id: view.endpoints[endpoint].key, group: group.group, endpoint }));
      centre = members.length <= MAX_FOCUSED_MEMBERS ? members : [{ ...group, collapsed: true }];
      others = base.filter((item) => item.group !== group.group);
    } else {
      const endpoint = view.endpoints.findIndex((candidate) => candidate.key === id);
      if (endpoint === -1) return { nodes: [], edges: [] };
      centre = [base.find((item) => item.id === id) ?? { kind: 'endpoint', id, group: view.endpoints[endpoint].group, endpoint }];
      others = base.filter((item) => item.id !== id);
    }
    const all = [...centre, ...others];
    const edges: Edge[] = [];
    for (const from of centre) for (const to of all) this.addEdge(data, edges, from, to);
    for (const from of others) for (const to of centre) this.addEdge(data, edges, from, to);
    const touched = new Set<AxisItem>(centre);
    for (const edge of edges) {
      touched.add(edge.from);
      touched.add(edge.to);
    }
    return { nodes: all.filter((item) => touched.has(item)), edges };
  }

  private addEdge(data: GraphData, edges: Edge[], from: AxisItem, to: AxisItem): void {
    if (from === to || isExternalPair(data.view.groups[from.group], data.view.groups[to.group])) return;
    const aggregate = data.aggregator.aggregate(from, to);
    if (aggregate.level === Level.none) return;
    let ports: string;
    if (from.kind === 'endpoint' && to.kind === 'endpoint') {
      const allowed = data.verdicts.allowedPorts(from.endpoint, to.endpoint);
      ports = formatPortSet(intersectPortSets(allowed, wantedPorts(data.filter, data.view.endpoints[to.endpoint])));
    } else {
      ports = `${aggregate.all + aggregate.some} of ${aggregate.total}`;
    }
    edges.push({ from, to, level: aggregate.level, label: cellLabel(data.view, from, to, aggregate), ports });
  }

  private renderBreadcrumb(data: GraphData): void {
    if (!data.graphFocus) {
      this.breadcrumb.replaceChildren(h('span', { className: 'crumb current', 'aria-current': 'page' }, 'All'));
      return;
    }
    const all = h('button', { type: 'button', className: 'link crumb', id: 'graph-all', title: 'Back to the whole graph (Escape)' }, 'All');
    all.addEventListener('click', () => this.callbacks.focus(undefined));
    const name = data.graphFocus.startsWith('group:')
      ? data.graphFocus.replace(/^group:(namespace\/)?/, 'namespace ').replace('namespace external', 'external ranges')
      : data.graphFocus;
    this.breadcrumb.replaceChildren(
      all,
      h('span', { className: 'crumb-sep', 'aria-hidden': 'true' }, '›'),
      h('span', { className: 'crumb current', id: 'graph-focus-name', 'aria-current': 'page' }, name),
    );
  }

  private message(id: string | undefined, text: string): void {
    this.hint.textContent = '';
    this.canvas.replaceChildren(h('p', { className: 'notice', id }, text));
  }
}
