import { valueAt } from '../cluster/endpoint';
import type { Issue } from '../findings';
import { isValidPortName } from '../validation/k8sNames';
import { clusterQueries } from '../cluster/clusterQueries';
import { listNames, policySpecOf } from './lintHelpers';
import { destinationsText, portEntriesWithDestinations } from './portEntries';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'ports.named-port-undeclared';

/**
 * `ports.named-port-undeclared`: a named port (`port: metrics`) that none of the pods it applies to declares with
 * that protocol. NetworkPolicyPort: a named port is looked up in the destination pod's container ports (for
 * ingress the selected pods, for egress the peers); a pod without it is not reached through that entry, so the
 * entry matches no traffic. Only when the workspace describes those pods (see `ClusterQueries.describedRuleDestinations`).
 */
export const namedPortUndeclared: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    const spec = policySpecOf(manifest, model.defaultNamespace);
    const view = clusterQueries(model);
    if (!spec || !view.hasWorkloads) return [];
    const issues: Issue[] = [];
    for (const at of portEntriesWithDestinations(spec, view, manifest.uri)) {
      const name = at.entry.port;
      // A string that is not a valid port name ("8080") is validation's to report.
      if (typeof name !== 'string' || isValidPortName(name).length > 0) continue;
      const protocol = at.entry.protocol;
      if (at.destinations.some((endpoint) => endpoint.ports.some((port) => port.name === name && port.protocol === protocol))) continue;
      const otherProtocols = at.destinations.flatMap((endpoint) =>
        endpoint.ports.filter((port) => port.name === name && port.protocol !== protocol).map((port) => `${endpoint.key} declares it on ${port.protocol}`),
      );
      const written = valueAt(manifest.value, [...at.path.slice(0, -1), 'protocol']) !== undefined;
      const hint = otherProtocols.length > 0 ? ` (${listNames([...new Set(otherProtocols)], 2)}${written ? '' : ': an entry without protocol is TCP'}.)` : '';
      issues.push({
        code: CODE,
        message: `None of ${destinationsText(at)} declares a container port named ${JSON.stringify(name)} on ${protocol}: this entry matches no traffic.${hint}`,
        path: at.path,
      });
    }
    return issues;
  },
};
