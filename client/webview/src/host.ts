import type { ViewFilter } from '../../../server/src/protocol/view';
import type { FromPanel } from '../../../server/src/protocol/panelMessages';

/** What the panel keeps across updates and reloads (VS Code's `setState`; nothing in a static report). */
export interface PanelState {
  readonly mode: 'matrix' | 'graph';
  readonly filter: ViewFilter;
  readonly search: string;
  /** Whether groups start collapsed (decided on the first view, by its size), and the groups toggled since. */
  readonly collapsedByDefault?: boolean;
  readonly toggled: readonly string[];
  readonly selected?: { readonly row: string; readonly col: string };
  readonly active?: { readonly row: string; readonly col: string };
  /** The Why pane's share of the panel (0.15 to 0.85), once the user has resized it. */
  readonly explainSize?: number;
  /** The graph's focus: an endpoint's key or a group's id; only its neighbours are drawn. */
  readonly graphFocus?: string;
  readonly scroll: { readonly top: number; readonly left: number };
  /** What the panel covers (a folder URI), for the extension's serializer. */
  readonly scope?: string;
}

/** Where the panel runs: in VS Code, talking to the extension, or alone in a static HTML report. */
export interface Host {
  readonly live: boolean;
  post(message: FromPanel): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** VS Code's webview API, when the page runs in a webview. */
export function vscodeHost(): Host | undefined {
  if (typeof acquireVsCodeApi !== 'function') return undefined;
  const api = acquireVsCodeApi();
  return {
    live: true,
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}

/** A static report: no extension; explanations come from the report itself (see `App`). */
export function staticHost(post: (message: FromPanel) => void): Host {
  return { live: false, post, getState: () => undefined, setState: () => undefined };
}

export function readState(value: unknown): Partial<PanelState> {
  if (typeof value !== 'object' || value === null) return {};
  const state = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (state.mode === 'matrix' || state.mode === 'graph') out.mode = state.mode;
  if (typeof state.search === 'string') out.search = state.search;
  if (typeof state.collapsedByDefault === 'boolean') out.collapsedByDefault = state.collapsedByDefault;
  if (Array.isArray(state.toggled)) out.toggled = state.toggled.filter((id) => typeof id === 'string');
  for (const key of ['selected', 'active'] as const) {
    const pair = state[key] as Record<string, unknown> | undefined;
    if (pair && typeof pair.row === 'string' && typeof pair.col === 'string') out[key] = { row: pair.row, col: pair.col };
  }
  const scroll = state.scroll as Record<string, unknown> | undefined;
  if (scroll && typeof scroll.top === 'number' && typeof scroll.left === 'number') out.scroll = { top: scroll.top, left: scroll.left };
  const filter = state.filter as Record<string, unknown> | undefined;
  if (
    filter &&
    (filter.protocol === 'any' || filter.protocol === 'TCP' || filter.protocol === 'UDP' || filter.protocol === 'SCTP') &&
    (filter.port === 'any' || typeof filter.port === 'number' || typeof filter.port === 'string')
  ) {
    out.filter = { port: filter.port, protocol: filter.protocol };
  }
  if (typeof state.scope === 'string') out.scope = state.scope;
  if (typeof state.explainSize === 'number' && state.explainSize >= 0.15 && state.explainSize <= 0.85) out.explainSize = state.explainSize;
  if (typeof state.graphFocus === 'string') out.graphFocus = state.graphFocus;
  return out as Partial<PanelState>;
}
