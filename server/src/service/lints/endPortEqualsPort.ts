import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, rulesOf, specOf } from './policyShape';

/**
 * `ports.endport-equals-port`: `endPort` equal to `port`. The range from `port` to `endPort` is inclusive
 * (NetworkPolicyPort.endPort), so it is the single port: `endPort` adds nothing but a second number to keep in step.
 */
export const endPortEqualsPort: PolicyLint = {
  codes: ['ports.endport-equals-port'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      for (const { rule, path } of rulesOf(spec, direction)) {
        if (!Array.isArray(rule.ports)) continue;
        rule.ports.forEach((port: unknown, index) => {
          if (!isRecord(port) || typeof port.port !== 'number' || port.endPort !== port.port) return;
          issues.push({
            code: 'ports.endport-equals-port',
            message: `endPort equals port: the range is the single port ${port.port}. Write port: ${port.port} alone.`,
            path: [...path, 'ports', index, 'endPort'],
            at: [...path, 'ports', index, 'endPort'],
            onKey: true,
          });
        });
      }
    }
    return issues;
  },
};
