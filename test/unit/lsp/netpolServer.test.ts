import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspHarness } from './lspHarness';

const BAD_CIDR = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/33
`;

describe('language server', () => {
  let folder: string;
  let lsp: LspHarness;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-lsp-'));
    writeFileSync(path.join(folder, 'on-disk.yaml'), BAD_CIDR);
    writeFileSync(path.join(folder, 'broken.yaml'), 'a: [\n  b: {\n');
    lsp = new LspHarness({ kubernetesVersion: '1.37' });
    await lsp.initialize(pathToFileURL(folder).toString());
  });
  after(() => lsp.dispose());

  it('publishes diagnostics for files on disk that are not open', async () => {
    const uri = pathToFileURL(path.join(folder, 'on-disk.yaml')).toString();
    const published = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const diagnostic = published.diagnostics.find((d) => d.code === 'ipblock.cidr-invalid');
    assert.ok(diagnostic, JSON.stringify(published.diagnostics));
    assert.equal(diagnostic.source, 'netpol');
    assert.deepEqual(diagnostic.range, { start: { line: 9, character: 18 }, end: { line: 9, character: 29 } });
    assert.match(diagnostic.codeDescription?.href ?? '', /docs\/rules\/ipblock\.cidr-invalid\.md$/);
  });

  it('reports broken YAML as a diagnostic and keeps serving', async () => {
    const uri = pathToFileURL(path.join(folder, 'broken.yaml')).toString();
    const published = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.ok(published.diagnostics.every((d) => String(d.code).startsWith('yaml.')));
  });

  it('follows edits of an open document, and the text on disk again when it closes', async () => {
    const uri = pathToFileURL(path.join(folder, 'on-disk.yaml')).toString();
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BAD_CIDR } });
    // Fix the CIDR with an incremental edit: `33` -> `16` on line 10.
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 9, character: 27 }, end: { line: 9, character: 29 } }, text: '16' }],
    });
    await lsp.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await lsp.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const reopened = await lsp.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(reopened.diagnostics[0].code, 'ipblock.cidr-invalid');
  });

  it('clears the diagnostics of a file deleted on disk', async () => {
    const uri = pathToFileURL(path.join(folder, 'on-disk.yaml')).toString();
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await lsp.diagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('applies netpol.rules from the client settings', async () => {
    const quiet = new LspHarness({ rules: { 'ipblock.cidr-invalid': 'warning' } });
    try {
      await quiet.initialize(null);
      const uri = 'untitled:Untitled-1';
      await quiet.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BAD_CIDR } });
      // The document may be checked once with the defaults before the settings arrive; then with them.
      const published = await quiet.diagnostics(uri, (p) => p.diagnostics[0]?.severity === 2);
      assert.equal(published.diagnostics[0].code, 'ipblock.cidr-invalid');
    } finally {
      quiet.dispose();
    }
  });
});
