import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';

// ESC, CR and NUL in a label value and in a namespace (YAML's "\e", "\r", "\0"): quoted by the messages that
// validate them, and printed as written by dns.missing-egress, which names the pods by their labels.
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress
  namespace: "ns\\e[31m\\r\\0x"
spec:
  podSelector:
    matchLabels:
      app: "web\\e[2J\\r\\0"
  policyTypes: [Egress]
`;

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens check: control characters from manifests', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-cli-escapes-'));
    writeFileSync(path.join(folder, 'policy.yaml'), POLICY);
  });

  it('escapes ESC, CR and NUL in every message of the text output, one finding a line', async () => {
    const { stdout } = await run(folder, 'check', 'policy.yaml');
    // Every line but the last, the summary.
    const lines = stdout
      .split('\n')
      .filter((line) => line !== '')
      .slice(0, -1);
    assert.deepEqual(
      lines.map((line) => line.split(' ')[2]),
      ['metadata.namespace-invalid', 'selector.label-value-invalid', 'dns.missing-egress'],
    );
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const dns = lines.find((line) => line.includes('dns.missing-egress'))!;
    assert.match(dns, /the pods with app=web\\u001b\[2J\\r\\u0000 in ns\\u001b\[31m\\r\\u0000x is isolated/);
  });

  it('escapes them in the JSON output too (as text, not only as JSON string escapes)', async () => {
    const { stdout } = await run(folder, 'check', '--format', 'json', 'policy.yaml');
    for (const { message } of JSON.parse(stdout).diagnostics as { message: string }[]) {
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f]/, message);
    }
  });
});
