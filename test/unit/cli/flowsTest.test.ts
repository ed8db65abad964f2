import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';

const FIXTURES = path.resolve(__dirname, '../../fixtures/flows');

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens test', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-flows-'));
    mkdirSync(path.join(folder, 'manifests'));
    copyFileSync(path.join(FIXTURES, 'holds.netpol-flows.workspace.yaml'), path.join(folder, 'manifests', 'shop.yaml'));
    copyFileSync(path.join(FIXTURES, 'holds.netpol-flows.yaml'), path.join(folder, 'manifests', 'netpol-flows.yaml'));
    copyFileSync(path.join(FIXTURES, 'fails.netpol-flows.yaml'), path.join(folder, 'contract.yaml'));
    copyFileSync(path.join(FIXTURES, 'malformed.netpol-flows.yaml'), path.join(folder, 'broken.netpol-flows.yaml'));
    writeFileSync(path.join(folder, 'empty.yaml'), 'flows: []\n');
  });

  it('exits 0 when every flow of the flows files among the paths holds', async () => {
    const { code, stdout, stderr } = await run(folder, 'test', 'manifests');
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.match(stdout, /^PASS manifests\/netpol-flows\.yaml:3 shop\/Deployment\/web -> shop\/Deployment\/api TCP 8000 \(allow\): 1 pair$/m);
    assert.match(stdout, /^4 flows: 4 passed, 0 failed\n$/m);
  });

  it('reads --flows FILE whatever its name, and exits 1 when a flow fails, with the counterexample', async () => {
    const { code, stdout } = await run(folder, 'test', '--flows', 'contract.yaml', 'manifests');
    assert.equal(code, 1);
    assert.match(stdout, /^FAIL contract\.yaml:3 \* -> shop\/StatefulSet\/postgres TCP 5432 \(deny\): 1 of 3 pairs breaks it$/m);
    assert.match(
      stdout,
      /shop\/Deployment\/web -> shop\/StatefulSet\/postgres TCP 5432 is allowed by shop\/allow-web spec\.ingress\[0\] \(manifests\/shop\.yaml:\d+:\d+\)/,
    );
    assert.match(stdout, /why this flow: only the api talks to the database/);
    assert.match(stdout, /^6 flows: 4 passed, 2 failed$/m);
  });

  it('prints JSON: one object per flow, with its counterexamples', async () => {
    const { code, stdout } = await run(folder, 'test', '--format', 'json', '--flows', 'contract.yaml', 'manifests/shop.yaml');
    assert.equal(code, 1);
    const { flows } = JSON.parse(stdout) as { flows: Record<string, unknown>[] };
    assert.equal(flows.length, 2);
    assert.deepEqual(flows[0], {
      file: 'contract.yaml',
      line: 3,
      from: '*',
      to: 'shop/StatefulSet/postgres',
      port: 5432,
      protocol: 'TCP',
      expect: 'deny',
      why: 'only the api talks to the database',
      holds: false,
      pairs: 3,
      failingPairs: 1,
      counterexamples: [
        {
          from: 'shop/Deployment/web',
          to: 'shop/StatefulSet/postgres',
          port: 5432,
          protocol: 'TCP',
          why: 'is allowed by shop/allow-web spec.ingress[0]',
          at: [(flows[0].counterexamples as { at: string[] }[])[0].at[0]],
        },
      ],
      unmatched: [],
      notes: [],
    });
    assert.match((flows[0].counterexamples as { at: string[] }[])[0].at[0], /^manifests\/shop\.yaml:\d+:\d+$/);
  });

  it('prints JUnit XML: a test case per flow, a failure per failing one', async () => {
    const { code, stdout } = await run(folder, 'test', '--format', 'junit', '--flows', 'contract.yaml', 'manifests');
    assert.equal(code, 1);
    assert.match(stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="netpol-lens test" tests="6" failures="2">/);
    assert.equal((stdout.match(/<testcase /g) ?? []).length, 6);
    assert.equal((stdout.match(/<failure /g) ?? []).length, 2);
    assert.match(stdout, /name="contract\.yaml:3 \* -&gt; shop\/StatefulSet\/postgres TCP 5432 \(deny\)"/);
    assert.ok(stdout.trimEnd().endsWith('</testsuites>'));
  });

  it('exits 2 for a malformed flows file, with each problem on stderr', async () => {
    const { code, stderr } = await run(folder, 'test', 'manifests/shop.yaml', 'broken.netpol-flows.yaml');
    assert.equal(code, 2);
    assert.match(stderr, /^broken\.netpol-flows\.yaml:5:13: error: `expect` is `allow` .* not "maybe"\. \[flows\.invalid\]$/m);
    assert.equal(stderr.split('\n').filter((line) => line.includes('[flows.invalid]')).length, 9);
  });

  it('exits 2 without a flows file, for an unreadable path, and for usage errors', async () => {
    const none = await run(folder, 'test', 'manifests/shop.yaml');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no flows file/);
    const missing = await run(folder, 'test', 'manifests', 'nope.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: no such file or folder/);
    assert.match(missing.stdout, /4 flows: 4 passed, 0 failed/);
    const format = await run(folder, 'test', '--format', 'sarif', 'manifests');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be text, json or junit/);
    assert.equal((await run(folder, 'test')).code, 2);
    assert.equal((await run(folder, 'test', '--help')).code, 0);
  });

  it('says so when a flows file has no flows (and passes)', async () => {
    const { code, stdout, stderr } = await run(folder, 'test', '--flows', 'empty.yaml', 'manifests/shop.yaml');
    assert.equal(code, 0);
    assert.match(stderr, /empty\.yaml: no flows/);
    assert.match(stdout, /^0 flows: 0 passed, 0 failed$/m);
  });
});

describe('netpol-lens test --cluster', () => {
  it('reads a cluster dump as context: its workloads are endpoints of the flows', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-flows-cluster-'));
    const workspace = readFileSync(path.join(FIXTURES, 'holds.netpol-flows.workspace.yaml'), 'utf8');
    const split = workspace.indexOf('apiVersion: networking.k8s.io/v1');
    writeFileSync(path.join(folder, 'dump.yaml'), workspace.slice(0, split));
    writeFileSync(path.join(folder, 'policies.yaml'), workspace.slice(split));
    copyFileSync(path.join(FIXTURES, 'fails.netpol-flows.yaml'), path.join(folder, 'netpol-flows.yaml'));
    const without = await run(folder, 'test', 'policies.yaml', 'netpol-flows.yaml');
    assert.equal(without.code, 1);
    assert.match(without.stdout, /matches no endpoint/);
    const { code, stdout } = await run(folder, 'test', '--cluster', 'dump.yaml', 'policies.yaml', 'netpol-flows.yaml');
    assert.equal(code, 1);
    assert.doesNotMatch(stdout, /matches no endpoint/);
    assert.match(stdout, /is allowed by shop\/allow-web spec\.ingress\[0\]/);
  });
});
