import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateClusterDump } from '../../../bench/generate/clusterDump';
import { main } from '../../../server/src/cli/main';

/**
 * The size limits (issue 18): `--max-file-size` for the files users edit, `--max-dump-size` for cluster dumps (a
 * `kind: List` of mostly Pods, read along the light path). A file skipped for its size is never an empty,
 * successful result.
 */
const POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

async function run(files: Record<string, string>, argv: string[]) {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-dump-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: folder, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens: cluster dumps and the size limits', () => {
  const dump = generateClusterDump(40, 'yaml');

  it('reads a dump over --max-file-size within --max-dump-size, with the same findings and reachability as under the file limit', async () => {
    const big = await run({ 'dump.yaml': dump }, ['reach', '--port', '8080', '--format', 'json', '--max-file-size', '1000', 'dump.yaml']);
    const normal = await run({ 'dump.yaml': dump }, ['reach', '--port', '8080', '--format', 'json', 'dump.yaml']);
    assert.equal(big.code, 0, big.stderr);
    assert.equal(big.stdout, normal.stdout);
    const check = await run({ 'dump.yaml': dump }, ['check', '--format', 'json', '--max-file-size', '1000', 'dump.yaml']);
    assert.notEqual(check.code, 2, check.stderr);
    assert.equal((JSON.parse(check.stdout) as { filesChecked?: number; files?: number }).filesChecked ?? 1, 1);
  });

  it('skips a dump over --max-dump-size, and a large file that is no dump, with a message and exit status 2 (reach and check)', async () => {
    for (const command of [['reach', '--port', '8080'], ['check']]) {
      const overDump = await run({ 'dump.yaml': dump }, [...command, '--max-file-size', '1000', '--max-dump-size', '2000', 'dump.yaml']);
      assert.equal(overDump.code, 2);
      assert.match(overDump.stderr, /dump\.yaml: \d+ bytes, more than --max-file-size \(1000\) and --max-dump-size \(2000\), skipped/);
      const policies = POLICY.repeat(1).concat(...Array.from({ length: 20 }, (_, i) => `---\n${POLICY.replace('web', `web-${i}`)}`));
      const notDump = await run({ 'policies.yaml': policies }, [...command, '--max-file-size', '1000', 'policies.yaml']);
      assert.equal(notDump.code, 2);
      assert.match(notDump.stderr, /policies\.yaml: \d+ bytes, more than --max-file-size \(1000\), skipped/);
      // With another file that is read: still exit status 2.
      const mixed = await run({ 'policies.yaml': policies, 'small.yaml': POLICY }, [...command, '--max-file-size', '1000', 'policies.yaml', 'small.yaml']);
      assert.equal(mixed.code, 2);
    }
  });

  it('rejects a --max-dump-size that is no number', async () => {
    const result = await run({ 'dump.yaml': dump }, ['check', '--max-dump-size', '1GB', 'dump.yaml']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--max-dump-size must be a number of bytes/);
  });
});
