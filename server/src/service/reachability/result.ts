import type { LeftOutDocument, ModelNote } from '../cluster/clusterModel';
import type { ContainerPort, EndpointKind } from '../cluster/endpoint';
import type { Labels } from '../cluster/labelSelector';
import type { SourceRef } from '../cluster/sourceRef';
import { ALL_PORTS, hasPort, NO_PORTS, type PortSet, type Protocol } from './portSet';

/** What to compute. Without a numeric `port`, the result has the allowed ports of every pair. */
export interface ReachabilityQuery {
  /** A port number, or a container port name (resolved on each destination). */
  readonly port?: number | string;
  /** Defaults to TCP. */
  readonly protocol?: Protocol;
  /** Globs over endpoint keys (`*` any text, `?` one character); a source must match one. Absent: all. */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
}

/** An endpoint as plain data (what the webview and the CLI show). */
export interface EndpointSummary {
  readonly key: string;
  readonly kind: EndpointKind;
  readonly workloadKind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly ips: readonly string[];
  readonly hostNetwork?: boolean;
  readonly range?: { readonly cidr: string; readonly except: readonly string[] };
  readonly ref?: SourceRef;
}

export interface PolicySummary {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  readonly ref: SourceRef;
}

/**
 * Reachability between endpoints, by endpoint class: every member of a class has its class's verdicts, except that
 * a pod may always reach itself. Plain JSON; read it with {@link isAllowed} and {@link allowedPorts}.
 */
export interface ReachabilityResult {
  readonly endpoints: readonly EndpointSummary[];
  /** Indices into `endpoints` of the sources and destinations the query asked for. */
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  /** Class of each endpoint. */
  readonly classOf: readonly number[];
  readonly classCount: number;
  readonly protocol: Protocol;
  readonly port?: number | string;
  /** For a numeric port: per source class, one character per destination class, `1` allowed, `0` denied. */
  readonly portRows?: readonly string[];
  /** Otherwise: the distinct allowed-port sets, and per source class the index of each destination class's set. */
  readonly portSets?: readonly PortSet[];
  readonly cells?: readonly (readonly number[])[];
  readonly policies: readonly PolicySummary[];
  readonly leftOut: readonly LeftOutDocument[];
  readonly notes: readonly ModelNote[];
}

/** "A pod cannot block access to itself": traffic from a pod to itself is allowed whatever the policies say. */
export function isSelfTraffic(result: ReachabilityResult, from: number, to: number): boolean {
  return from === to && result.endpoints[from].kind === 'pod';
}

/** The ports the policies allow from one endpoint to another (indices into `endpoints`). */
export function allowedPorts(result: ReachabilityResult, from: number, to: number): PortSet {
  if (isSelfTraffic(result, from, to)) return ALL_PORTS;
  if (!result.cells || !result.portSets) throw new Error('allowedPorts needs a result computed without a numeric port');
  const row = result.cells[result.classOf[from]];
  return row && row.length > 0 ? result.portSets[row[result.classOf[to]]] : NO_PORTS;
}

/**
 * Whether a new connection from one endpoint to another on the queried port and protocol is allowed (the
 * destination assumed to listen). A named port must exist on the destination (same name and protocol).
 */
export function isAllowed(result: ReachabilityResult, from: number, to: number): boolean {
  if (isSelfTraffic(result, from, to)) return true;
  if (result.portRows) return result.portRows[result.classOf[from]].charCodeAt(result.classOf[to]) === 49;
  if (typeof result.port === 'string') {
    const allowed = allowedPorts(result, from, to);
    return result.endpoints[to].ports.some(
      (port) => port.name === result.port && port.protocol === result.protocol && hasPort(allowed, port.protocol, port.containerPort),
    );
  }
  throw new Error('isAllowed needs a result computed for a port');
}

export function endpointIndex(result: ReachabilityResult, key: string): number {
  return result.endpoints.findIndex((endpoint) => endpoint.key === key);
}
