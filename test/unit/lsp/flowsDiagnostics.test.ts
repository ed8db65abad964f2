/** The language server publishes a flows file's findings, and brings them up to date when a policy changes. */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspHarness } from './lspHarness';

const FIXTURES = path.resolve(__dirname, '../../fixtures/flows');

describe('language server: flows files', () => {
  let lsp: LspHarness;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-lsp-flows-'));
    copyFileSync(path.join(FIXTURES, 'fails.netpol-flows.workspace.yaml'), path.join(folder, 'shop.yaml'));
    copyFileSync(path.join(FIXTURES, 'fails.netpol-flows.yaml'), path.join(folder, 'netpol-flows.yaml'));
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(folder).toString());
  });
  after(() => lsp.dispose());

  it('publishes flows.fails on each failing entry, and clears one when the policy is fixed', async () => {
    const flowsUri = pathToFileURL(path.join(folder, 'netpol-flows.yaml')).toString();
    const failing = await lsp.diagnostics(flowsUri, (p) => p.diagnostics.length === 2);
    assert.deepEqual(
      failing.diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['flows.fails', 2],
        ['flows.fails', 8],
      ],
    );
    const message = failing.diagnostics[0].message;
    assert.match(
      typeof message === 'string' ? message : message.value,
      /shop\/Deployment\/web -> shop\/StatefulSet\/postgres TCP 5432 is allowed by shop\/allow-web spec\.ingress\[0\]/,
    );

    const shopUri = pathToFileURL(path.join(folder, 'shop.yaml')).toString();
    const fixed = readFileSync(path.join(folder, 'shop.yaml'), 'utf8').replace(
      / {8}- podSelector:\n {12}matchLabels:\n {14}app: web\n {6}ports:\n {8}- port: postgres/,
      '      ports:\n        - port: postgres',
    );
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: shopUri, languageId: 'yaml', version: 1, text: fixed } });
    const after = await lsp.diagnostics(flowsUri, (p) => p.diagnostics.length === 1);
    assert.equal(after.diagnostics[0].range.start.line, 8);
  });
});
