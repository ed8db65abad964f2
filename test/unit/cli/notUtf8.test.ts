import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';

/**
 * `file.not-utf8` through `netpol-lens check`: a file that is not UTF-8 text is not analysed, but it is reported
 * in the output (a finding at its start naming the first bad byte), not only on stderr, and the exit status is 2.
 */
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

async function check(files: Record<string, Buffer>, ...options: string[]) {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-utf8-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(folder, name), bytes);
  let stdout = '';
  let stderr = '';
  const code = await main(['check', ...options, '.'], { cwd: folder, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens check: files that are not UTF-8', () => {
  // One Latin-1 byte (é = 0xE9) in a comment on line 2, column 7.
  const latin1 = Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from(`\n#  caf`), Buffer.from([0xe9]), Buffer.from(`\n${POLICY}`)]);

  it('a Latin-1 byte in a comment: a file.not-utf8 finding in the JSON output at the start of the file, exit 2', async () => {
    const { code, stdout } = await check({ 'latin1.yaml': latin1, 'ok.yaml': Buffer.from(POLICY.replace('web', 'ok')) }, '--format', 'json');
    const diagnostics = (JSON.parse(stdout) as { diagnostics: { file: string; code: string; severity: string; message: string; range: unknown }[] })
      .diagnostics;
    const notices = diagnostics.filter((d) => d.code === 'file.not-utf8');
    assert.equal(notices.length, 1);
    assert.equal(notices[0].file, 'latin1.yaml');
    assert.equal(notices[0].severity, 'warning');
    assert.match(notices[0].message, /byte 0xE9 on line 1, column 6/);
    assert.deepEqual(notices[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(code, 2);
  });

  it('in the text output too, for UTF-16 and a NUL byte', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]);
    const nul = Buffer.from(`${POLICY}# \u0000\n`);
    const { code, stdout } = await check({ 'utf16.yaml': utf16, 'nul.yaml': nul });
    assert.match(stdout, /utf16\.yaml:1:1: warning file\.not-utf8 .*UTF-16/);
    assert.match(stdout, /nul\.yaml:1:1: warning file\.not-utf8 .*NUL byte \(byte 0x00 on line 8, column 3\)/);
    assert.equal(code, 2);
  });

  it('netpol.rules turns it off (the file is still skipped, exit 2)', async () => {
    const folder = { 'latin1.yaml': latin1, 'config.json': Buffer.from('{"rules": {"file.not-utf8": "off"}}') };
    const { code, stdout } = await check(folder, '--format', 'json', '--config', 'config.json');
    assert.deepEqual(JSON.parse(stdout).diagnostics, []);
    assert.equal(code, 2);
  });
});
