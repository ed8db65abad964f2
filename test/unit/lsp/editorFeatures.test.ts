import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const TIERS = path.join(EXAMPLES, 'policies', 'shop-web-tiers.yaml');

/** The LSP position of the first occurrence of `marker` (plus `delta` characters) in a text. */
function positionOf(text: string, marker: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(marker) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('editor features over the examples workspace', () => {
  let lsp: LspHarness;
  const uri = pathToFileURL(TIERS).toString();
  const text = readFileSync(TIERS, 'utf8');
  before(async () => {
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(EXAMPLES).toString());
    // The scan is done once the last example file has its diagnostics published.
    await lsp.diagnostics(pathToFileURL(path.join(EXAMPLES, 'shop', 'workloads.yaml')).toString());
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  });
  after(() => lsp.dispose());

  it('hover on a peer names the workloads it matches in other files', async () => {
    const hover = (await lsp.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'app.kubernetes.io/name: ingress-nginx'),
    })) as Hover;
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /pods labelled app\.kubernetes\.io\/name=ingress-nginx \*\*in\*\* namespaces labelled kubernetes\.io\/metadata\.name=ingress-nginx/);
    assert.match(markdown, /Matches 1 in the workspace: `ingress-nginx\/Deployment\/ingress-nginx-controller`/);
  });

  it('hover on a named port resolves it on the destination pods', async () => {
    const hover = (await lsp.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'port: postgres', 7) })) as Hover;
    assert.match((hover.contents as { value: string }).value, /`shop\/StatefulSet\/postgres`: 5432/);
  });

  it('CodeLens says how many workloads a policy selects and what it isolates', async () => {
    const lenses = (await lsp.client.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    const titles = lenses.map((lens) => lens.command?.title);
    assert.deepEqual(titles.slice(0, 2), ['selects 1 workload', 'isolates ingress']);
    assert.equal(lenses[0].command?.command, 'netpol.showWorkloads');
    assert.ok(titles.includes('isolates ingress and egress'));
  });

  it('completion proposes label values from the workspace', async () => {
    const edited = text.replace('      app: backend\n  policyTypes:\n    - Ingress\n    - Egress', '      app: \n  policyTypes:\n    - Ingress\n    - Egress');
    await lsp.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const position = positionOf(edited, '      app: \n  policyTypes:\n    - Ingress\n    - Egress', 11);
    const items = (await lsp.client.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionItem[];
    assert.deepEqual(
      items.map((i) => i.label),
      ['backend', 'frontend', 'postgres', 'prometheus'],
    );
  });
});

describe('CodeLens refresh', () => {
  const POLICY =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n';
  const WORKLOAD =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}\n';

  async function lensTitles(lsp: LspHarness, uri: string): Promise<(string | undefined)[]> {
    const lenses = (await lsp.client.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    return lenses.map((lens) => lens.command?.title);
  }

  for (const supported of [true, false]) {
    it(`${supported ? 'asks' : 'does not ask'} a client ${supported ? 'that can' : 'that cannot'} re-request CodeLenses when another file changes what they count`, async () => {
      const lsp = new LspHarness({}, supported ? { codeLens: { refreshSupport: true } } : {});
      try {
        await lsp.initialize(null);
        const policy = 'untitled:/lens/policy.yaml';
        const workload = 'untitled:/lens/workload.yaml';
        await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: policy, languageId: 'yaml', version: 1, text: POLICY } });
        await lsp.diagnostics(policy);
        assert.ok((await lensTitles(lsp, policy)).includes('selects 0 workloads'));
        const before = lsp.codeLensRefreshes;
        await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: workload, languageId: 'yaml', version: 1, text: WORKLOAD } });
        await lsp.diagnostics(workload);
        // The workspace pass follows the other file's diagnostics (a debounce of 400 ms): wait past it.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.equal(lsp.codeLensRefreshes > before, supported);
        assert.ok((await lensTitles(lsp, policy)).includes('selects 1 workload'));
      } finally {
        lsp.dispose();
      }
    });
  }
});
