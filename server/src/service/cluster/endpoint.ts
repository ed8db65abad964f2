import type { FieldPath } from '../fieldPath';
import type { Manifest } from '../model/manifest';
import { optionalBoolean, optionalInteger, optionalList, optionalRecord, optionalString, stringMap, type PlainRecord } from './decode';
import { parseIp, type IpAddress } from './ipAddress';
import type { Labels } from './labelSelector';

/** A container port: what a named port in a policy resolves to on the destination pod. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  /** Defaults to TCP. */
  readonly protocol: string;
}

export type EndpointKind = 'pod' | 'workload' | 'external';

/**
 * Something traffic flows from or to: a Pod, a workload's pod template (one endpoint for all its replicas), or an
 * external address range that policies name in ipBlocks.
 *
 * Keys: a Pod is `namespace/name`; a workload `namespace/Kind/name` (e.g. `shop/Deployment/cart`); an external
 * range `ipblock:10.0.0.0/8` or `ipblock:0.0.0.0/0 except 10.0.0.0/8,192.168.0.0/16` (the range minus the ranges
 * nested in it that other ipBlocks name).
 */
export interface Endpoint {
  readonly key: string;
  readonly kind: EndpointKind;
  /** The workload kind (`Deployment`, `CronJob`, ...) of a workload endpoint. */
  readonly workloadKind?: string;
  /** Undefined for external ranges. */
  readonly namespace: string | undefined;
  readonly name: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** Known IPs: `status.podIP(s)` of a Pod; for an external range one address that stands for all of it. */
  readonly addresses: readonly IpAddress[];
  /** `spec.hostNetwork`: such pods use the node's network, where NetworkPolicy enforcement is undefined. */
  readonly hostNetwork: boolean;
  /** The range an external endpoint stands for. */
  readonly range?: { readonly cidr: string; readonly except: readonly string[] };
  readonly manifest?: Manifest;
}

/** Workload kinds with a pod template, and where the template is. */
export const WORKLOAD_TEMPLATE_PATHS: Readonly<Record<string, FieldPath>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The API groups each kind is served from (undefined apiVersion is read leniently). */
export function isServedKind(kind: string, apiVersion: string | undefined): boolean {
  if (apiVersion === undefined) return true;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  switch (kind) {
    case 'Pod':
    case 'ReplicationController':
    case 'Namespace':
    case 'Service':
      return group === '';
    case 'Job':
    case 'CronJob':
      return group === 'batch';
    default:
      return group === 'apps' || group === 'extensions';
  }
}

export interface PodParts {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}

/** Reads a Pod's labels and ports, or a pod template's (`path` is the template's or Pod's own root). */
export function readPodParts(object: PlainRecord, path: FieldPath): PodParts {
  const metadata = optionalRecord(object.metadata, [...path, 'metadata']) ?? {};
  const labels = stringMap(metadata.labels, [...path, 'metadata', 'labels']);
  const spec = optionalRecord(object.spec, [...path, 'spec']) ?? {};
  const ports: ContainerPort[] = [];
  // Init containers count too: a restartable (sidecar) init container serves its ports for the pod's lifetime.
  for (const field of ['containers', 'initContainers'] as const) {
    const containers = optionalList(spec[field], [...path, 'spec', field]) ?? [];
    containers.forEach((container, index) => {
      const containerPath = [...path, 'spec', field, index];
      const record = optionalRecord(container, containerPath) ?? {};
      const list = optionalList(record.ports, [...containerPath, 'ports']) ?? [];
      list.forEach((port, portIndex) => {
        const portPath = [...containerPath, 'ports', portIndex];
        const portRecord = optionalRecord(port, portPath) ?? {};
        const name = optionalString(portRecord.name, [...portPath, 'name']);
        const containerPort = optionalInteger(portRecord.containerPort, [...portPath, 'containerPort']) ?? 0;
        // core/v1 ContainerPort.protocol: "Defaults to TCP".
        const protocol = optionalString(portRecord.protocol, [...portPath, 'protocol']) || 'TCP';
        ports.push(name ? { name, containerPort, protocol } : { containerPort, protocol });
      });
    });
  }
  const hostNetwork = optionalBoolean(spec.hostNetwork, [...path, 'spec', 'hostNetwork']) ?? false;
  return { labels, ports, hostNetwork };
}

/** A Pod's IPs: `status.podIPs[].ip` and `status.podIP`, unparsable ones dropped. */
export function readPodAddresses(object: PlainRecord): IpAddress[] {
  const status = optionalRecord(object.status, ['status']) ?? {};
  const texts: string[] = [];
  const single = optionalString(status.podIP, ['status', 'podIP']);
  if (single) texts.push(single);
  const list = optionalList(status.podIPs, ['status', 'podIPs']) ?? [];
  list.forEach((item, index) => {
    const record = optionalRecord(item, ['status', 'podIPs', index]) ?? {};
    const ip = optionalString(record.ip, ['status', 'podIPs', index, 'ip']);
    if (ip) texts.push(ip);
  });
  const out: IpAddress[] = [];
  for (const text of texts) {
    const address = parseIp(text);
    if (address && !out.some((known) => known.family === address.family && known.value === address.value)) out.push(address);
  }
  return out;
}

/** The value at a path of plain data, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let value = object;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[typeof segment === 'object' ? segment.key : String(segment)];
  }
  return value;
}
