import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ExplainConnectionRequest,
  PolicyFocusRequest,
  ReachabilityChangedNotification,
  ReachabilityRequest,
} from '../../../server/src/protocol/reachabilityProtocol';
import { CellVerdicts, Level } from '../../../server/src/service/reachabilityView/cellVerdicts';
import { checkView } from '../../../server/src/service/reachabilityView/validateView';
import { LspHarness } from '../lsp/lspHarness';
import { repoRoot } from './fixtures';

/** The real server over JSON-RPC, as the VS Code client drives it: the panel's requests and the change notification. */
describe('reachability requests', () => {
  let lsp: LspHarness;
  let folder: string;
  let tiersUri: string;
  let tiersText: string;
  const generations: number[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-reach-'));
    cpSync(path.join(repoRoot, 'examples'), folder, { recursive: true });
    tiersUri = pathToFileURL(path.join(folder, 'policies', 'shop-web-tiers.yaml')).toString();
    tiersText = readFileSync(new URL(tiersUri), 'utf8');
    lsp = new LspHarness();
    lsp.client.onNotification(ReachabilityChangedNotification.method, (params: { generation: number }) => {
      generations.push(params.generation);
    });
    const rootUri = pathToFileURL(folder).toString();
    await lsp.client.sendRequest('initialize', {
      processId: null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'examples' }],
      capabilities: {},
      initializationOptions: { clientCommands: ['netpol.showReachability'] },
    });
    await lsp.client.sendNotification('initialized', {});
    await lsp.diagnostics(pathToFileURL(path.join(folder, 'shop', 'workloads.yaml')).toString());
  });
  after(() => {
    lsp.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const index = (view: { endpoints: readonly { key: string }[] }, key: string) => view.endpoints.findIndex((e) => e.key === key);

  it('answers the view of the workspace, with workspace-relative places', async () => {
    const view = (await lsp.client.sendRequest(ReachabilityRequest, {}))!;
    assert.equal(checkView(view), undefined);
    assert.equal(view.endpoints.length, 10);
    assert.equal(view.policies.length, 14);
    assert.match(view.policies.find((p) => p.id === 'shop/backend-from-frontend')!.ref.label, /^policies\/shop-web-tiers\.yaml:\d+:\d+$/);
    const verdicts = new CellVerdicts(view, { port: 8080, protocol: 'TCP' });
    assert.equal(verdicts.level(index(view, 'shop/Deployment/frontend'), index(view, 'shop/Deployment/backend')), Level.all);
  });

  it('answers the view of a folder only', async () => {
    const view = (await lsp.client.sendRequest(ReachabilityRequest, { folder: pathToFileURL(path.join(folder, 'shop')).toString() }))!;
    assert.deepEqual(
      view.endpoints.map((e) => e.key),
      ['shop/Deployment/backend', 'shop/Deployment/frontend', 'shop/StatefulSet/postgres'],
    );
    assert.equal(view.policies.length, 0);
    assert.equal(view.title, 'shop');
  });

  it('explains a cell with links, and focuses the policy under the cursor or of a name', async () => {
    const [explanation] = (await lsp.client.sendRequest(ExplainConnectionRequest, {
      from: 'shop/Deployment/frontend',
      to: 'shop/Deployment/backend',
      filter: { port: 8080, protocol: 'TCP' },
    }))!;
    assert.equal(explanation.allowed, true);
    const offset = tiersText.indexOf('name: backend-from-frontend');
    const focus = await lsp.client.sendRequest(PolicyFocusRequest, { uri: tiersUri, offset });
    assert.equal(focus?.policy, 'shop/backend-from-frontend');
    assert.equal((await lsp.client.sendRequest(PolicyFocusRequest, { policy: 'shop/default-deny-all' }))?.selected.length, 3);
    assert.equal(await lsp.client.sendRequest(PolicyFocusRequest, { uri: tiersUri, offset: 0 }), null);
    assert.equal(
      await lsp.client.sendRequest(ExplainConnectionRequest, { from: 'nope', to: 'shop/Deployment/backend', filter: { port: 'any', protocol: 'any' } }),
      null,
    );
    assert.equal(
      await lsp.client.sendRequest(ExplainConnectionRequest, {
        from: 'shop/Deployment/frontend',
        to: 'shop/Deployment/backend',
        filter: { port: -1, protocol: 'ICMP' } as never,
      }),
      null,
    );
  });

  it('notifies a change once typing pauses, and the next view has the edit', async () => {
    const before = (await lsp.client.sendRequest(ReachabilityRequest, {}))!;
    const seen = generations.length;
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: tiersUri, languageId: 'yaml', version: 1, text: tiersText } });
    const edited = tiersText.replace(/port: 8080\n/g, 'port: 8081\n');
    await lsp.client.sendNotification('textDocument/didChange', { textDocument: { uri: tiersUri, version: 2 }, contentChanges: [{ text: edited }] });
    // The request does not wait for the debounce: it sees the edit at once.
    const after = (await lsp.client.sendRequest(ReachabilityRequest, {}))!;
    assert.ok(after.generation > before.generation);
    const verdicts = new CellVerdicts(after, { port: 8080, protocol: 'TCP' });
    assert.equal(verdicts.level(index(after, 'shop/Deployment/frontend'), index(after, 'shop/Deployment/backend')), Level.none);
    const deadline = Date.now() + 5000;
    while (generations.length === seen && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(generations.length > seen, 'no reachabilityChanged notification');
    assert.equal(generations.at(-1), after.generation);
  });
});

describe("reachability of a lone file's folder (no workspace folder open)", () => {
  it('reads the folder from disk and answers its view', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lone-'));
    cpSync(path.join(repoRoot, 'examples', 'shop'), folder, { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'policies'), folder, { recursive: true });
    const lsp = new LspHarness();
    try {
      await lsp.client.sendRequest('initialize', {
        processId: null,
        rootUri: null,
        workspaceFolders: null,
        capabilities: {},
        initializationOptions: { clientCommands: ['netpol.showReachability'] },
      });
      await lsp.client.sendNotification('initialized', {});
      const tiers = path.join(folder, 'shop-web-tiers.yaml');
      await lsp.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(tiers).toString(), languageId: 'yaml', version: 1, text: readFileSync(tiers, 'utf8') },
      });
      const view = (await lsp.client.sendRequest(ReachabilityRequest, { folder: pathToFileURL(folder).toString() }))!;
      // The workloads come from workloads.yaml, which no editor opened: the server read the folder.
      assert.deepEqual(
        view.endpoints.filter((e) => e.kind !== 'external').map((e) => e.key),
        ['shop/Deployment/backend', 'shop/Deployment/frontend', 'shop/StatefulSet/postgres'],
      );
      assert.ok(view.policies.some((p) => p.id === 'shop/default-deny-all'));
      assert.match(view.policies[0].ref.label, /^shop-[a-z-]+\.yaml:\d+:\d+$/);
    } finally {
      lsp.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
