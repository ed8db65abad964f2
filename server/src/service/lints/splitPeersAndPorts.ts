import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, isDirectionInEffect, isNonEmptyList, peersField, rulesOf, specOf, type RuleAt } from './policyShape';

/**
 * `rules.split-peers-and-ports`: next to each other, a rule with peers and no ports and a rule with ports and no
 * peers. Rules are ORed, and within a rule the peers and the ports must both match (AND): the pair allows every
 * port from (to) those peers, and those ports from (to) everyone. The usual cause is a stray `-` before `ports`
 * (or before `from`/`to`), which splits one rule, "those ports from those peers", in two. A DNS-only ports rule
 * ("DNS to anywhere") next to peers that are not DNS servers is a common deliberate pair and is left alone.
 */
export const splitPeersAndPorts: PolicyLint = {
  codes: ['rules.split-peers-and-ports'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      if (!isDirectionInEffect(spec, direction)) continue;
      const field = peersField(direction);
      const rules = rulesOf(spec, direction);
      for (let i = 0; i + 1 < rules.length; i++) {
        const first = rules[i];
        const second = rules[i + 1];
        if (second.index !== first.index + 1) continue;
        const peersOnly =
          isPeersOnly(first, field) && isPortsOnly(second, direction)
            ? first
            : isPeersOnly(second, field) && isPortsOnly(first, direction)
              ? second
              : undefined;
        if (!peersOnly) continue;
        const portsOnly = peersOnly === first ? second : first;
        // "Allow DNS to anywhere" next to "allow all to these pods" is a common, deliberate pair; a DNS rule next
        // to peers that are DNS servers themselves is the split this lint is about.
        if (isDnsOnly(portsOnly.rule.ports) && !mentionsDns(peersOnly.rule[field])) continue;
        const preposition = direction === 'ingress' ? 'from' : 'to';
        const secondKey = second === portsOnly ? 'ports' : field;
        issues.push({
          code: 'rules.split-peers-and-ports',
          message:
            (peersOnly === first
              ? `The rule before allows every port ${preposition} its peers, and this rule allows its ports ${preposition} everyone (OR). `
              : `This rule allows every port ${preposition} its peers, and the rule before allows its ports ${preposition} everyone (OR). `) +
            `For only those ports ${preposition} those peers (AND), remove the \`-\` before \`${secondKey}\` to make one rule.`,
          path: second.path,
          at: [...second.path, secondKey],
          onKey: true,
        });
        i++; // a pair is reported once
      }
    }
    return issues;
  },
};

/** A rule with a non-empty peer list and nothing else. */
function isPeersOnly({ rule }: RuleAt, field: 'from' | 'to'): boolean {
  return isNonEmptyList(rule[field]) && (rule.ports === undefined || rule.ports === null);
}

/** A rule with a non-empty port list and no peer list at all (`from: []` is reported on its own). */
function isPortsOnly({ rule }: RuleAt, direction: 'ingress' | 'egress'): boolean {
  const peers = rule[peersField(direction)];
  return isNonEmptyList(rule.ports) && (peers === undefined || peers === null);
}

/** True when every port of a list is DNS: 53, or the names CoreDNS and kube-dns give it. */
function isDnsOnly(ports: unknown): boolean {
  return isNonEmptyList(ports) && ports.every((port) => isRecord(port) && (port.port === 53 || port.port === 'dns' || port.port === 'dns-tcp'));
}

/** True when peers mention DNS in a label (`k8s-app: kube-dns`, `app: coredns`): they are the DNS servers. */
function mentionsDns(peers: unknown): boolean {
  try {
    return /dns/i.test(JSON.stringify(peers) ?? '');
  } catch {
    return false;
  }
}
