/**
 * Messages between the reachability panel (webview) and the extension, typed once for both sides and checked on
 * receipt: a webview is a web page, and neither side trusts what arrives through `postMessage` without looking.
 * Pure TypeScript: compiled into the webview bundle (DOM library) and the extension (Node), so it uses neither.
 */
import type { ExplanationView, PolicyFocus, ReachabilityView, ViewFilter, ViewRef } from '../../../server/src/service/reachabilityView/viewModel';
import { checkView, isRecord, isRef } from '../../../server/src/service/reachabilityView/validateView';

/** From the extension to the panel. */
export type ToPanel =
  | { readonly type: 'view'; readonly view: ReachabilityView; /** The folder URI the panel covers; absent for the workspace. */ readonly scope?: string }
  | { readonly type: 'focus'; readonly focus: PolicyFocus | null }
  | { readonly type: 'explanation'; readonly requestId: number; readonly explanations: readonly ExplanationView[] | null }
  | { readonly type: 'status'; readonly status: 'loading' | 'error'; readonly message: string };

/** From the panel to the extension. */
export type FromPanel =
  | { readonly type: 'ready' }
  | { readonly type: 'explain'; readonly requestId: number; readonly from: string; readonly to: string; readonly filter: ViewFilter }
  | { readonly type: 'reveal'; readonly ref: Pick<ViewRef, 'uri' | 'start' | 'end'> };

/** The panel's message, or undefined for anything else (unknown type, missing or mistyped fields). */
export function readFromPanel(value: unknown): FromPanel | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'explain':
      if (!isRequestId(value.requestId) || !isKey(value.from) || !isKey(value.to) || !isFilter(value.filter)) return undefined;
      return { type: 'explain', requestId: value.requestId, from: value.from, to: value.to, filter: { port: value.filter.port, protocol: value.filter.protocol } };
    case 'reveal': {
      const ref = value.ref;
      if (!isRecord(ref) || !isRef({ ...ref, label: '' })) return undefined;
      return { type: 'reveal', ref: { uri: ref.uri as string, start: ref.start as number, end: ref.end as number } };
    }
    default:
      return undefined;
  }
}

/** The extension's message, or undefined; a view is checked through and through (`checkView`). */
export function readToPanel(value: unknown): ToPanel | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'view':
      if (value.scope !== undefined && typeof value.scope !== 'string') return undefined;
      if (checkView(value.view) !== undefined) return undefined;
      return { type: 'view', view: value.view as ReachabilityView, ...(typeof value.scope === 'string' ? { scope: value.scope } : {}) };
    case 'focus':
      return value.focus === null || isFocus(value.focus) ? { type: 'focus', focus: value.focus as PolicyFocus | null } : undefined;
    case 'explanation':
      if (!isRequestId(value.requestId)) return undefined;
      if (value.explanations !== null && !(Array.isArray(value.explanations) && value.explanations.every(isExplanation))) return undefined;
      return { type: 'explanation', requestId: value.requestId, explanations: value.explanations as readonly ExplanationView[] | null };
    case 'status':
      if ((value.status !== 'loading' && value.status !== 'error') || typeof value.message !== 'string') return undefined;
      return { type: 'status', status: value.status, message: value.message };
    default:
      return undefined;
  }
}

export function isFilter(value: unknown): value is ViewFilter {
  if (!isRecord(value)) return false;
  const { port, protocol } = value;
  const portOk = port === 'any' || (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) || (typeof port === 'string' && port !== '' && port.length <= 63);
  return portOk && (protocol === 'any' || protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP');
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length < 2048;
}

const isStrings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

function isFocus(value: unknown): boolean {
  return isRecord(value) && typeof value.policy === 'string' && isRef(value.ref) && isStrings(value.selected) && isStrings(value.ingressFrom) && isStrings(value.egressTo);
}

function isSegments(value: unknown): boolean {
  return Array.isArray(value) && value.every((segment) => typeof segment === 'string' || (isRecord(segment) && typeof segment.text === 'string' && isRef(segment.ref)));
}

function isExplanation(value: unknown): boolean {
  if (!isRecord(value) || typeof value.from !== 'string' || typeof value.to !== 'string' || typeof value.verdict !== 'string' || typeof value.query !== 'string') return false;
  return Array.isArray(value.sides) && value.sides.every((side) => isRecord(side) && typeof side.title === 'string' && isSegments(side.summary) && Array.isArray(side.lines) && side.lines.every(isSegments));
}
