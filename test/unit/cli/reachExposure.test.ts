import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { runReachExposure } from '../../../server/src/cli/reachExposure';

const FIXTURES = path.resolve(__dirname, '../../fixtures/flows');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReachExposure(argv, { cwd: FIXTURES, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens reach --exposure', () => {
  it('lists, per endpoint, the ports open from outside and from any namespace, with the rules', async () => {
    const { code, stdout } = await run('--exposure', 'holds.netpol-flows.workspace.yaml');
    assert.equal(code, 0);
    assert.match(stdout, /^other\/Deployment\/client: not isolated for ingress: every port, from anywhere$/m);
    assert.match(
      stdout,
      /^shop\/Deployment\/web:\n {2}from outside: TCP 8080\n {4}ipblock:203\.0\.113\.0\/24: TCP 8080\n {2}from any namespace: TCP 8080\n {4}by shop\/web-public spec\.ingress\[0\]\.from\[0\] \(holds\.netpol-flows\.workspace\.yaml:\d+:\d+\)$/m,
    );
    assert.doesNotMatch(stdout, /shop\/StatefulSet\/postgres/);
    assert.match(stdout, /^2 of 4 endpoints reachable from beyond the workspace$/m);
    assert.match(
      (await run('--exposure', '--all', 'holds.netpol-flows.workspace.yaml')).stdout,
      /^shop\/StatefulSet\/postgres: nothing beyond the workspace$/m,
    );
  });

  it('prints JSON', async () => {
    const { code, stdout } = await run('--exposure', '--format', 'json', 'holds.netpol-flows.workspace.yaml');
    assert.equal(code, 0);
    const web = (JSON.parse(stdout) as { endpoints: { key: string }[] }).endpoints.find((entry) => entry.key === 'shop/Deployment/web');
    assert.deepEqual(web, {
      key: 'shop/Deployment/web',
      isolated: true,
      outside: { ports: 'TCP 8080', ranges: [{ from: 'ipblock:203.0.113.0/24', ports: 'TCP 8080' }] },
      anyNamespace: { ports: 'TCP 8080', rules: ['shop/web-public spec.ingress[0].from[0]'] },
    });
  });

  it('refuses other formats and a missing path', async () => {
    await assert.rejects(run('--exposure', '--format', 'dot', 'holds.netpol-flows.workspace.yaml'), /--format must be text or json/);
    await assert.rejects(run('--exposure'), /needs at least one file or folder/);
  });
});

describe('netpol-lens reach --exposure, through the command line', () => {
  it('is a mode of reach', async () => {
    let stdout = '';
    const code = await main(['reach', '--exposure', '--format', 'json', 'holds.netpol-flows.workspace.yaml'], {
      cwd: FIXTURES,
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
    });
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as { endpoints: unknown[] }).endpoints.length, 4);
    let help = '';
    await main(['reach', '--help'], { cwd: FIXTURES, stdout: (t) => (help += t), stderr: () => undefined });
    assert.match(help, /--exposure {17}per endpoint/);
  });
});
