/**
 * Realistic applications (copied from the shared corpus, see test/fixtures/reachability/apps/SOURCES.md): every
 * allowed connection between their workloads, reviewed by hand against their policies, in
 * `apps/<app>.expected.txt`. `UPDATE_GOLDEN=1` rewrites them; review every change.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatPortSet, isEmptyPortSet } from '../../../server/src/service/reachability/portSet';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { allowedPorts } from '../../../server/src/service/reachability/result';
import { UPDATE_GOLDEN } from '../goldenRunner';
import { modelOf } from './helpers';

const ROOT = join(__dirname, '../../fixtures/reachability/apps');

function connections(app: string): string[] {
  const dir = join(ROOT, app);
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (/\.ya?ml$/.test(name)) files[`file:///${app}/${name}`] = readFileSync(join(dir, name), 'utf8');
  const model = modelOf(files);
  const result = computeReachability(model);
  const lines = model.leftOut.map((doc) => `left out: ${doc.kind} ${doc.namespace ? `${doc.namespace}/` : ''}${doc.name ?? ''}: ${doc.reason}`);
  lines.push(`endpoints: ${result.endpoints.length}, policies: ${result.policies.length}`);
  lines.push('allowed connections (every other pair: nothing):');
  for (const from of result.sources) {
    for (const to of result.destinations) {
      if (from === to && result.endpoints[from].kind === 'pod') continue;
      const ports = allowedPorts(result, from, to);
      if (!isEmptyPortSet(ports)) lines.push(`  ${result.endpoints[from].key} -> ${result.endpoints[to].key}: ${formatPortSet(ports)}`);
    }
  }
  return lines;
}

describe('reachability of real applications', () => {
  for (const app of readdirSync(ROOT)
    .filter((name) => statSync(join(ROOT, name)).isDirectory())
    .sort()) {
    it(app, () => {
      const actual = `${connections(app).join('\n')}\n`;
      const expectedPath = join(ROOT, `${app}.expected.txt`);
      if (UPDATE_GOLDEN) writeFileSync(expectedPath, actual);
      assert.ok(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1 and review it`);
      assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    });
  }

  it('acs-security-demos: agrees with np-guard netpol-analyzer on every workload connection', () => {
    // np-guard/netpol-analyzer test_outputs/connlist/acs-security-demos_connlist_output.md, minus its four
    // connections from ingress controllers (OpenShift Routes), which are not NetworkPolicy endpoints.
    const npGuard = [
      'backend/checkout -> backend/notification: TCP 8080',
      'backend/checkout -> backend/recommendation: TCP 8080',
      'backend/checkout -> payments/gateway: TCP 8080',
      'backend/recommendation -> backend/catalog: TCP 8080',
      'backend/reports -> backend/catalog: TCP 8080',
      'backend/reports -> backend/recommendation: TCP 8080',
      'frontend/webapp -> backend/checkout: TCP 8080',
      'frontend/webapp -> backend/recommendation: TCP 8080',
      'frontend/webapp -> backend/reports: TCP 8080',
      'frontend/webapp -> backend/shipping: TCP 8080',
      'payments/gateway -> payments/mastercard-processor: TCP 8080',
      'payments/gateway -> payments/visa-processor: TCP 8080',
    ];
    const ours = connections('acs-security-demos')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim().replace(/\/Deployment\//g, '/'));
    assert.deepEqual(ours, npGuard);
  });
});
