import type { Issue } from '../findings';
import { parseCanonicalCidr } from './cidrRange';
import type { PolicyLint } from './policyLint';
import { ipBlockOf, isDirectionInEffect, peersOf, rulesOf, specOf } from './policyShape';

/**
 * `ipblock.ingress-from-anywhere`: an ingress peer `ipBlock` of `0.0.0.0/0` or `::/0` with no `except`. It admits
 * every address of the family: the whole internet, wherever the selected pods can be reached from outside
 * (a LoadBalancer or NodePort Service, a host port). Sometimes meant (a public entry point), often a placeholder.
 */
export const ingressFromAnywhere: PolicyLint = {
  codes: ['ipblock.ingress-from-anywhere'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec || !isDirectionInEffect(spec, 'ingress')) return [];
    const issues: Issue[] = [];
    for (const { rule, path } of rulesOf(spec, 'ingress')) {
      for (const { peer, index } of peersOf(rule, 'ingress') ?? []) {
        const ipBlock = ipBlockOf(peer);
        if (!ipBlock) continue;
        const range = parseCanonicalCidr(ipBlock.cidr);
        if (!range || range.prefix !== 0) continue;
        const except = ipBlock.except;
        if (Array.isArray(except) && except.length > 0) continue;
        const family = range.family === 4 ? 'IPv4' : 'IPv6';
        const ports = Array.isArray(rule.ports) && rule.ports.length > 0 ? 'on its ports' : 'on every port';
        issues.push({
          code: 'ipblock.ingress-from-anywhere',
          message:
            `${String(ipBlock.cidr)} with no except admits every ${family} source ${ports}, the internet included ` +
            `wherever the selected pods are reachable from outside. Narrow the cidr to the clients meant, or add ` +
            `except for ranges to keep out.`,
          path: [...path, 'from', index, 'ipBlock', 'cidr'],
        });
      }
    }
    return issues;
  },
};
