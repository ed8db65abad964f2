/**
 * A hover on a small file right after a large file changed: before, it waited for the whole workspace's model
 * (issue 12: 3.3 s with 100,000 tiny policies in 5 MB). Usage: node --import tsx bench/lsp/hoverWhileBusy.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspHarness } from '../../test/unit/lsp/lspHarness';

const POLICIES = Number(process.env.POLICIES ?? 100_000);
const tiny = (i: number) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: ns${i % 50}}\nspec: {podSelector: {}}\n`;

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-hover-busy-'));
  const big = Array.from({ length: POLICIES }, (_, i) => tiny(i)).join('');
  writeFileSync(path.join(folder, 'big.yaml'), big);
  const small = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: small, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n`;
  writeFileSync(path.join(folder, 'small.yaml'), small);
  const lsp = new LspHarness({ maxFileSize: 50_000_000 }, {});
  await lsp.initialize(pathToFileURL(folder).toString());
  const bigUri = pathToFileURL(path.join(folder, 'big.yaml')).toString();
  const smallUri = pathToFileURL(path.join(folder, 'small.yaml')).toString();
  await lsp.diagnostics(bigUri, () => true, 120_000);
  await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'yaml', version: 1, text: small } });
  const hover = () => lsp.client.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 4, character: 20 } });
  let started = performance.now();
  await hover();
  console.log(`first hover (builds the model): ${(performance.now() - started).toFixed(0)} ms`);
  // Change the big file (as an editor would: open it and type), then hover the small file at once.
  await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'yaml', version: 1, text: `${big}# edit\n` } });
  started = performance.now();
  await hover();
  console.log(`hover right after the ${(big.length / 1e6).toFixed(1)} MB file of ${POLICIES} policies changed: ${(performance.now() - started).toFixed(0)} ms`);
  lsp.dispose();
  process.exit(0);
}

void main();
