import type { Endpoint } from '../cluster/endpoint';
import type { PolicyPort, PolicyRule, PolicySpec } from '../cluster/networkPolicy';
import type { FieldPath } from '../fieldPath';
import { isProtocol } from '../reachability/portSet';
import type { ClusterQueries } from '../cluster/clusterQueries';
import { listNames } from './lintHelpers';

/** A port entry of a rule in effect, with the pods it applies to. */
export interface PortEntryAt {
  readonly rule: PolicyRule;
  readonly entry: PolicyPort;
  /** `spec.<direction>[i].ports[j].port`. */
  readonly path: FieldPath;
  /** The pods a port of this entry is a port of: the policy's pods (ingress) or its peers' (egress); never empty. */
  readonly destinations: readonly Endpoint[];
  /** The rule also allows traffic to ipBlocks (egress), where a numeric port may be meant for an address. */
  readonly toAddresses: boolean;
}

/**
 * The port entries with a port and a valid protocol of the rules in effect, each with its destinations, when the
 * workspace describes them all (see `ClusterQueries.describedRuleDestinations`) and there is at least one.
 */
export function portEntriesWithDestinations(spec: PolicySpec, view: ClusterQueries, uri: string): PortEntryAt[] {
  const out: PortEntryAt[] = [];
  for (const rule of [...spec.ingress, ...spec.egress]) {
    const entries = (rule.ports ?? []).filter((entry) => entry.port !== undefined && isProtocol(entry.protocol));
    if (entries.length === 0) continue;
    const destinations = view.describedRuleDestinations(spec, rule, uri);
    if (!destinations || destinations.length === 0) continue;
    const toAddresses = rule.direction === 'egress' && (rule.peers ?? []).some((peer) => peer.kind === 'ipBlock');
    for (const entry of entries) out.push({ rule, entry, path: ['spec', rule.direction, rule.index, 'ports', entry.index, 'port'], destinations, toAddresses });
  }
  return out;
}

/** "the pods this policy selects (a, b)" or "the pods this rule allows traffic to (a, b)". */
export function destinationsText(at: PortEntryAt): string {
  const names = listNames(
    at.destinations.slice(0, 3).map((endpoint) => endpoint.key),
    3,
    'and',
    at.destinations.length,
  );
  return at.rule.direction === 'ingress' ? `the pods this policy selects (${names})` : `the pods this rule allows traffic to (${names})`;
}

/** `8080/TCP`, or `8000-8080/TCP` for a range. */
export function portText(port: number, endPort: number | undefined, protocol: string): string {
  return endPort !== undefined && endPort !== port ? `${port}-${endPort}/${protocol}` : `${port}/${protocol}`;
}
