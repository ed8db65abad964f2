import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { main } from '../../server/src/cli/main';
import { LspHarness } from '../unit/lsp/lspHarness';

/**
 * `netpol.maxFileSize` (and the CLI's `--max-file-size`): a file over the limit, open or on disk, gets one clear
 * notice and is not analysed; a 45 MB file of policies once took minutes and gigabytes.
 */
const POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/33\n';

describe('file size limits', () => {
  let folder: string;
  let lsp: LspHarness;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-size-'));
    writeFileSync(path.join(folder, 'small.yaml'), POLICY);
    writeFileSync(path.join(folder, 'big.yaml'), `${POLICY}${'# padding\n'.repeat(100)}`);
    // A limit of 500 bytes: small.yaml is under it, big.yaml over.
    lsp = new LspHarness({ maxFileSize: 500 });
    await lsp.initialize(pathToFileURL(folder).toString());
  });
  after(() => lsp.dispose());

  it('the server gives a file on disk over netpol.maxFileSize one file.too-large notice, and analyses the others', async () => {
    const big = await lsp.diagnostics(pathToFileURL(path.join(folder, 'big.yaml')).toString(), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      big.diagnostics.map((d) => [d.code, d.severity]),
      [['file.too-large', 3]],
    );
    assert.match(String(big.diagnostics[0].message), /more than netpol\.maxFileSize \(500\): it was skipped/);
    const small = await lsp.diagnostics(pathToFileURL(path.join(folder, 'small.yaml')).toString(), (p) => p.diagnostics.length > 0);
    assert.ok(small.diagnostics.some((d) => d.code === 'ipblock.cidr-invalid'));
  });

  it('an open document over netpol.maxFileSize gets the notice too, and is analysed again once it is smaller', async () => {
    const uri = pathToFileURL(path.join(folder, 'open.yaml')).toString();
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: `${POLICY}${'#\n'.repeat(300)}` } });
    await lsp.diagnostics(uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0].code === 'file.too-large');
    await lsp.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POLICY }] });
    await lsp.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'ipblock.cidr-invalid'));
  });

  it('the CLI skips a file over --max-file-size (default 5,000,000 bytes) with a message, exit 2, and checks the rest', async () => {
    let stdout = '';
    let stderr = '';
    const io = { cwd: folder, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    assert.equal(await main(['check', '--max-file-size', '500', 'big.yaml', 'small.yaml'], io), 2);
    assert.match(stderr, /^netpol-lens: big\.yaml: \d+ bytes, more than --max-file-size \(500\), skipped\n$/);
    assert.match(stdout, /^small\.yaml:.* ipblock\.cidr-invalid/);
    stderr = '';
    assert.equal(await main(['check', '--max-file-size', 'lots', 'small.yaml'], io), 2);
    assert.match(stderr, /--max-file-size must be a number of bytes/);
    stdout = '';
    assert.equal(await main(['check', 'big.yaml'], io), 1, 'under the default limit');
  });
});
