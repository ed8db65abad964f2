import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import type { PolicyLint } from './policyLint';
import { ipBlockOf, isDirectionInEffect, isNonEmptyList, rulesOf, specOf } from './policyShape';

/**
 * `ports.named-port-to-ipblock`: a named port (`port: http`) on an egress rule whose peers are all ipBlocks. A
 * port name is resolved on the destination pod's container ports; ipBlocks are meant for addresses outside the
 * cluster (pod IPs are ephemeral), which have no container ports and so no names: that port entry matches no
 * traffic (and a rule whose ports are all named matches none at all).
 */
export const namedPortToIpBlock: PolicyLint = {
  codes: ['ports.named-port-to-ipblock'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec || !isDirectionInEffect(spec, 'egress')) return [];
    const issues: Issue[] = [];
    for (const { rule, path } of rulesOf(spec, 'egress')) {
      const peers = rule.to;
      if (!isNonEmptyList(peers) || !Array.isArray(rule.ports)) continue;
      if (!peers.every((peer) => ipBlockOf(peer) !== undefined)) continue;
      rule.ports.forEach((port: unknown, index) => {
        // A string that is not a valid port name ("8080") is a validation error, not this lint's.
        if (!isRecord(port) || !isPortName(port.port)) return;
        issues.push({
          code: 'ports.named-port-to-ipblock',
          message:
            `The named port "${port.port}" never matches traffic to these ipBlocks: a port name is looked up on the ` +
            `destination pod, and an address outside the cluster has none. Write the port number instead.`,
          path: [...path, 'ports', index, 'port'],
        });
      });
    }
    return issues;
  },
};

/** An IANA service name, as the API server requires of a named port: 1-15 of [a-z0-9-], a letter, no `--`. */
function isPortName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) && /[a-z]/.test(value) && !value.includes('--');
}
