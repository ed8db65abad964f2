import type { Issue } from '../findings';
import { clusterQueries } from '../cluster/clusterQueries';
import { listNames, policySpecOf } from './lintHelpers';
import { destinationsText, portEntriesWithDestinations, portText } from './portEntries';
import { servicePortMismatches } from './servicePortNotTargetPort';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'ports.numeric-port-undeclared';

/**
 * `ports.numeric-port-undeclared` (information): a numeric port (or range) that none of the pods it applies to
 * declares, when each of them declares some container ports. Declaring a port is informational ("Not specifying a
 * port here DOES NOT prevent that port from being exposed", core/v1 Container.ports), so a pod may listen on it
 * anyway; but an undeclared port is often a typo or a port that changed. Silent for egress rules that also allow
 * ipBlocks (the port may be meant for an address outside). Left to
 * `ports.service-port-not-target-port` when the port is a Service's.
 */
export const numericPortUndeclared: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    const spec = policySpecOf(manifest, model.defaultNamespace);
    const view = clusterQueries(model);
    if (!spec || !view.hasWorkloads) return [];
    const issues: Issue[] = [];
    for (const at of portEntriesWithDestinations(spec, view, manifest.uri)) {
      const { port, protocol } = at.entry;
      if (typeof port !== 'number' || at.toAddresses) continue;
      const endPort = at.entry.endPort ?? port;
      // An empty or out-of-range port is validation's to report.
      if (port < 1 || endPort < port || endPort > 65535) continue;
      if (!at.destinations.every((endpoint) => endpoint.ports.length > 0)) continue;
      if (at.destinations.some((endpoint) => endpoint.ports.some((p) => p.protocol === protocol && p.containerPort >= port && p.containerPort <= endPort)))
        continue;
      if (servicePortMismatches(at, view).length > 0) continue;
      const declared = listNames(
        [...new Set(at.destinations.flatMap((endpoint) => endpoint.ports.map((p) => portText(p.containerPort, undefined, p.protocol))))],
        4,
      );
      issues.push({
        code: CODE,
        message:
          `None of ${destinationsText(at)} declares port ${portText(port, at.entry.endPort, protocol)} (they declare ${declared}). ` +
          `A pod may listen on a port it does not declare; if these do not, this entry allows nothing.`,
        path: at.path,
      });
    }
    return issues;
  },
};
