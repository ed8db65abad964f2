import type { ServiceModel, ServicePort } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import type { Issue } from '../findings';
import { clusterQueries, type ClusterQueries } from '../cluster/clusterQueries';
import { listNames, policySpecOf } from './lintHelpers';
import { portEntriesWithDestinations, type PortEntryAt } from './portEntries';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'ports.service-port-not-target-port';

/** A Service port that a rule's port equals, and the port its pods really listen on. */
export interface ServicePortMismatch {
  readonly service: ServiceModel;
  readonly servicePort: ServicePort;
  readonly destination: Endpoint;
  /** The container port the Service sends to (its targetPort, resolved on the pod). */
  readonly targetPort: number;
  /** The targetPort's name, when the Service names it. */
  readonly targetName?: string;
}

/**
 * `ports.service-port-not-target-port`: a numeric port in a rule that is the `port` of a Service in front of the
 * rule's pods, while those pods listen on a different `targetPort` (and none of them on the Service port). Traffic
 * to a Service is translated to a pod and its targetPort before NetworkPolicies see it (kube-proxy and the network
 * plugins rewrite the destination first), so the rule must name the pod's port: with the Service's, it allows
 * nothing to these pods.
 */
export const servicePortNotTargetPort: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    const spec = policySpecOf(manifest, model.defaultNamespace);
    const view = clusterQueries(model);
    if (!spec || !view.hasWorkloads) return [];
    const issues: Issue[] = [];
    for (const at of portEntriesWithDestinations(spec, view, manifest.uri)) {
      const mismatches = servicePortMismatches(at, view);
      if (mismatches.length === 0) continue;
      issues.push({ code: CODE, message: message(at, mismatches), path: at.path });
    }
    return issues;
  },
};

/**
 * The Services whose port a single numeric port entry names, in front of the entry's destinations that listen on
 * another targetPort; empty when any destination declares the port itself (the rule may then mean that pod).
 */
export function servicePortMismatches(at: PortEntryAt, view: ClusterQueries): ServicePortMismatch[] {
  const { port, endPort, protocol } = at.entry;
  // A rule that also allows ipBlocks may mean the port for an address outside the cluster.
  if (typeof port !== 'number' || (endPort !== undefined && endPort !== port) || at.toAddresses) return [];
  if (at.destinations.some((endpoint) => endpoint.ports.some((p) => p.containerPort === port && p.protocol === protocol))) return [];
  const out: ServicePortMismatch[] = [];
  for (const destination of at.destinations) {
    for (const service of view.servicesSelecting(destination)) {
      for (const servicePort of service.ports) {
        if (servicePort.port !== port || servicePort.protocol !== protocol) continue;
        const target = servicePort.targetPort;
        // core/v1 ServicePort.targetPort: "If this is a string, it will be looked up as a named port in the
        // target Pod's container ports"; absent, it is the same as port.
        const resolved: number | undefined =
          typeof target === 'string' ? destination.ports.find((p) => p.name === target && p.protocol === protocol)?.containerPort : (target ?? port);
        if (resolved === undefined || resolved === port || resolved < 1) continue;
        out.push({ service, servicePort, destination, targetPort: resolved, ...(typeof target === 'string' ? { targetName: target } : {}) });
      }
    }
  }
  return out;
}

function message(at: PortEntryAt, mismatches: readonly ServicePortMismatch[]): string {
  const port = at.entry.port as number;
  const services = listNames([...new Set(mismatches.map((m) => `${m.service.namespace}/${m.service.name}`))]);
  const targets = [...new Set(mismatches.map((m) => `${m.targetPort}${m.targetName ? ` (${m.targetName})` : ''} on ${m.destination.key}`))];
  const numbers = [...new Set(mismatches.map((m) => m.targetPort))];
  return (
    `Port ${port} is the port of Service ${services}; policies see traffic after the Service has translated it, to ` +
    `targetPort ${listNames(targets)}.${numbers.length === 1 ? ` Write ${numbers[0]}.` : ''}`
  );
}
