/**
 * The reachability view: what the panel and `netpol-lens reach --format html` render, as plain JSON. Built by
 * `buildReachabilityView` in the server or the CLI; read in the browser. This file and the other browser-side
 * modules of this folder (`cellVerdicts`, `matrixLayout`, `endpointSearch`, `validateView`) import nothing but
 * `../reachability/portSet`, which imports nothing: the webview bundle compiles them with the DOM library only.
 */
import type { PortSet, Protocol } from '../reachability/portSet';

/** Marks a value as a view of this shape; a webview checks it before reading anything else. */
export const VIEW_FORMAT = 'netpol-lens/reachability-view@1';

export interface ReachabilityView {
  readonly format: typeof VIEW_FORMAT;
  /** What the view covers: `the workspace`, a folder's name, the CLI's paths. */
  readonly title: string;
  /** Increases with every change of the workspace (the live panel); 0 for a static report. */
  readonly generation: number;
  readonly endpoints: readonly ViewEndpoint[];
  /** Indices into `endpoints` of the rows (sources) and columns (destinations), in order. */
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  /** Namespaces (sorted), then the external address ranges; every endpoint is in exactly one. */
  readonly groups: readonly ViewGroup[];
  /**
   * Endpoint classes: endpoints of one class have the same verdicts (a pod to itself excepted). `cells[s][d]` is
   * the index in `portSets` of what class `s` may open toward class `d`, named ports already resolved on `d`.
   */
  readonly classOf: readonly number[];
  readonly portSets: readonly PortSet[];
  readonly cells: readonly (readonly number[])[];
  readonly policies: readonly ViewPolicy[];
  /** Documents left out of the analysis and objects read around errors: the panel says so. */
  readonly problems: readonly ViewProblem[];
  /**
   * Set when the view answers one port rather than every port (the CLI's `--port`): that port (a number, or a
   * container port name resolved on each destination) and protocol. For a numeric port, `portSets` then tell no
   * more than whether that port is allowed: read the cells for it (`CellWords`), never for other traffic.
   */
  readonly onePort?: OnePort;
  /** The filter a static report opens with (the CLI's `--port`/`--protocol`). */
  readonly initialFilter?: ViewFilter;
  /** A static report's explanations, by `"<from key>\n<to key>"`, for the filter they were computed for. */
  readonly explanations?: { readonly filter: ViewFilter; readonly byPair: Readonly<Record<string, readonly ExplanationView[]>> };
}

/** A place in the workspace: offsets into the file's text (end exclusive), and `file:line:column` to show. */
export interface ViewRef {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  /** The field path inside the object, e.g. `spec.ingress[0].from[1]`. */
  readonly path: string;
  readonly label: string;
}

export interface ViewEndpoint {
  readonly key: string;
  readonly kind: 'pod' | 'workload' | 'external';
  /** Index into `groups`. */
  readonly group: number;
  /** Shown inside its group: `cart-5d4f`, `Deployment/cart`, `10.0.0.0/8`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol: string }[];
  readonly ips: readonly string[];
  readonly hostNetwork?: boolean;
  /** The address range of an external endpoint: a CIDR, less the nested ranges other ipBlocks name. */
  readonly range?: { readonly cidr: string; readonly except: readonly string[] };
  readonly ref?: ViewRef;
}

export interface ViewGroup {
  /** The namespace's name, or `external` for the address ranges. */
  readonly name: string;
  readonly kind: 'namespace' | 'external';
  /** Indices into `endpoints`, in order. */
  readonly members: readonly number[];
}

export interface ViewPolicy {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ref: ViewRef;
}

export interface ViewProblem {
  /** `left-out`: a document not evaluated (YAML errors, templates, replaced objects); `note`: read around an error. */
  readonly kind: 'left-out' | 'note';
  readonly message: string;
  readonly ref: ViewRef;
  /** A left-out document's object (`NetworkPolicy shop/web`; empty when it names none) and why: `message` in parts. */
  readonly what?: string;
  readonly reason?: string;
}

/** Which traffic the matrix shows: a port (number or container port name) or any, on a protocol or any. */
export interface ViewFilter {
  readonly port: 'any' | number | string;
  readonly protocol: 'any' | Protocol;
}

export const ANY_TRAFFIC: ViewFilter = { port: 'any', protocol: 'any' };

/** The one port a view answers, on one protocol. */
export interface OnePort {
  readonly port: number | string;
  readonly protocol: Protocol;
}

/**
 * What the cursor's policy selects and allows, by endpoint key: it isolates `selected` for the directions it
 * affects, admits `ingressFrom` to them and lets them reach `egressTo` (on the ports of its rules).
 */
export interface PolicyFocus {
  readonly policy: string;
  readonly ref: ViewRef;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly selected: readonly string[];
  readonly ingressFrom: readonly string[];
  readonly egressTo: readonly string[];
}

/** Text with links: a string is plain text, an object a link to a place in the workspace. */
export type Segment = string | { readonly text: string; readonly ref: ViewRef };

/** Why a connection is allowed or denied, in words, for one protocol (or every port). */
export interface ExplanationView {
  readonly from: string;
  readonly to: string;
  /** `on TCP port 80`, `on any port`. */
  readonly query: string;
  readonly allowed: boolean;
  /** The verdict in one sentence: `allowed`, `denied`, with the allowed ports when every port was asked. */
  readonly verdict: string;
  readonly sides: readonly ExplainedSide[];
}

export interface ExplainedSide {
  /** `Egress of shop/Deployment/frontend`. */
  readonly title: string;
  readonly allowed: boolean;
  /** The side's verdict: `not isolated`, `isolated by` policies, `outside the cluster`. */
  readonly summary: readonly Segment[];
  /** The rules that allow it, or why each rule does not. */
  readonly lines: readonly (readonly Segment[])[];
}

/** The key of a static report's explanation of a pair. */
export function pairKey(from: string, to: string): string {
  return `${from}\n${to}`;
}
