/**
 * The custom LSP messages of the reachability panel, declared once: the server registers handlers for these very
 * objects and the VS Code client sends them, so the method names and types cannot drift apart.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ExplanationView, PolicyFocus, ReachabilityView, ViewFilter } from './view';

export type { ExplanationView, PolicyFocus, ReachabilityView, ViewFilter };

/** What a panel covers: the whole workspace, or one folder (`file:` URI) and what is below it. */
export interface ReachabilityScope {
  readonly folder?: string;
}

export type ReachabilityParams = ReachabilityScope;

/** The view of the scope, computed for every port (the panel filters ports itself); null when it failed. */
export const ReachabilityRequest = new RequestType<ReachabilityParams, ReachabilityView | null, void>('netpol/reachability');

export interface ExplainConnectionParams extends ReachabilityScope {
  /** Endpoint keys. */
  readonly from: string;
  readonly to: string;
  readonly filter: ViewFilter;
}

/** Why a connection is allowed or denied, per protocol; null when an endpoint is no longer there. */
export const ExplainConnectionRequest = new RequestType<ExplainConnectionParams, ExplanationView[] | null, void>('netpol/explainConnection');

export interface PolicyFocusParams extends ReachabilityScope {
  /** The policy under the cursor: a document and an offset into its text ... */
  readonly uri?: string;
  readonly offset?: number;
  /** ... or a policy by `namespace/name` (the CodeLens). */
  readonly policy?: string;
}

/** What the policy at a place (or of a name) selects and allows; null when there is none. */
export const PolicyFocusRequest = new RequestType<PolicyFocusParams, PolicyFocus | null, void>('netpol/policyFocus');

export interface ReachabilityChangedParams {
  /** The workspace's version: a panel showing an older one asks again. */
  readonly generation: number;
}

/**
 * Sent by the server when the workspace changed (debounced: once typing pauses), to clients that asked for
 * reachability (`clientCommands` includes `netpol.showReachability`).
 */
export const ReachabilityChangedNotification = new NotificationType<ReachabilityChangedParams>('netpol/reachabilityChanged');
