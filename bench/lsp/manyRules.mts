/**
 * One NetworkPolicy of 200,000 rules (4.4 MB) opened in the language server (in process): time to first
 * diagnostics, document symbols, a hover, and peak memory (docs/robustness.md). Usage:
 *   node --import tsx bench/lsp/manyRules.mts
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspHarness } from '../../test/unit/lsp/lspHarness';
const rules = Array.from({ length: 200_000 }, () => '  - ports: [port: 80]\n').join('');
const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: big, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n${rules}`;
const folder = mkdtempSync(path.join(tmpdir(), 'rules200k-'));
const file = path.join(folder, 'big.yaml');
writeFileSync(file, text);
console.log(`file: ${(text.length / 1e6).toFixed(1)} MB`);
const lsp = new LspHarness({}, {});
const started = performance.now();
await lsp.initialize(null);
const uri = pathToFileURL(file).toString();
await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
const published = await lsp.diagnostics(uri, () => true, 300_000);
console.log(
  `first diagnostics: ${((performance.now() - started) / 1000).toFixed(1)} s, codes ${[...new Set(published.diagnostics.map((d) => d.code))].join(',')}`,
);
let t = performance.now();
const symbols = (await lsp.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
console.log(`document symbols: ${((performance.now() - t) / 1000).toFixed(2)} s (${symbols.length} top-level)`);
t = performance.now();
await lsp.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 12 } });
console.log(
  `hover: ${((performance.now() - t) / 1000).toFixed(2)} s; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB`,
);
lsp.dispose();
process.exit(0);
