/**
 * Messages between the reachability panel (webview) and the extension, typed once for both sides and checked on
 * receipt: a webview is a web page, and neither side trusts what arrives through `postMessage` without looking.
 * Pure TypeScript: compiled into the webview bundle (DOM library) and the extension (Node), so it uses neither.
 */
import {
  checkView,
  isExplanation,
  isRecord,
  isRef,
  isStrings,
  isViewFilter,
  type ExplanationView,
  type PolicyFocus,
  type ReachabilityView,
  type ViewFilter,
  type ViewRef,
} from './view';

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
      if (!isRequestId(value.requestId) || !isKey(value.from) || !isKey(value.to) || !isViewFilter(value.filter)) return undefined;
      return {
        type: 'explain',
        requestId: value.requestId,
        from: value.from,
        to: value.to,
        filter: { port: value.filter.port, protocol: value.filter.protocol },
      };
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

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length < 2048;
}

function isFocus(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.policy === 'string' &&
    isRef(value.ref) &&
    typeof value.ingress === 'boolean' &&
    typeof value.egress === 'boolean' &&
    isStrings(value.selected) &&
    isStrings(value.ingressFrom) &&
    isStrings(value.egressTo)
  );
}
