import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { ReachabilityRequest } from '../../../server/src/protocol/reachabilityProtocol';
import type { ReachabilityView } from '../../../server/src/service';
import { LspHarness } from './lspHarness';

const REPO = path.resolve(__dirname, '..', '..', '..');

const POLICY = (name: string, cidr = '10.0.0.0/8') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: {}
  egress:
  - to:
    - ipBlock:
        cidr: ${cidr}
`;

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x}]}
`;

async function errorCode(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string };
  }
  assert.fail('the request was answered, not refused');
}

describe('language server: the LSP lifecycle and malformed requests', () => {
  const cleanup: (() => void)[] = [];
  after(() => cleanup.forEach((run) => run()));

  it('refuses requests before initialize (-32002) and after shutdown (InvalidRequest)', async () => {
    const lsp = new LspHarness();
    cleanup.push(() => lsp.dispose());
    const hover = { textDocument: { uri: 'file:///x.yaml' }, position: { line: 0, character: 0 } };
    assert.equal((await errorCode(lsp.client.sendRequest('textDocument/hover', hover))).code, -32002);
    await lsp.initialize(null);
    assert.equal(await lsp.client.sendRequest('textDocument/hover', hover), null);
    await lsp.client.sendRequest('shutdown');
    assert.equal((await errorCode(lsp.client.sendRequest('textDocument/hover', hover))).code, -32600);
  });

  it('answers params that are not an object with InvalidParams from its own guard, not a TypeError', async () => {
    const lsp = new LspHarness();
    cleanup.push(() => lsp.dispose());
    await lsp.initialize(null);
    for (const method of [
      'textDocument/hover',
      'textDocument/completion',
      'textDocument/codeAction',
      'textDocument/codeLens',
      'textDocument/documentSymbol',
      'netpol/reachability',
      'netpol/reachabilityDiff',
    ]) {
      const error = await errorCode(lsp.client.sendRequest(method, null));
      assert.equal(error.code, -32602, method);
      assert.doesNotMatch(error.message, /TypeError|Cannot read/, method);
    }
    // Notifications with null params are dropped, and the server still answers.
    await lsp.client.sendNotification('textDocument/didOpen', null);
    await lsp.client.sendNotification('textDocument/didChange', null);
    assert.deepEqual(await lsp.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.yaml' } }), []);
  });

  it('keeps positions right after an incremental edit that forms a CRLF (the client does not normalise \\r)', async () => {
    const lsp = new LspHarness({}, {});
    cleanup.push(() => lsp.dispose());
    await lsp.initialize(null);
    const uri = 'file:///tmp/netpol-crlf-probe.yaml';
    const text = POLICY('crlf', '10.0.0.1/8');
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const before = await lsp.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'ipblock.cidr-host-bits'));
    const line = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'ipblock.cidr-host-bits')!.range.start.line;
    assert.equal(line(before.diagnostics), 10);
    // "kind: NetworkPolicy" + "\r" before its "\n": one CRLF, the same number of lines.
    const end = { line: 1, character: 'kind: NetworkPolicy'.length };
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: end, end }, text: '\r' }],
    });
    const symbols = (await lsp.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(symbols[0].range.end.line, 10, 'the policy still ends on line 10');
    const after = await lsp.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'ipblock.cidr-host-bits') && p !== before);
    assert.equal(line(after.diagnostics), 10);
  });

  it("reads the settings of each workspace folder: each file is checked with its folder's netpol.rules", async () => {
    const a = mkdtempSync(path.join(tmpdir(), 'netpol-folder-a-'));
    const b = mkdtempSync(path.join(tmpdir(), 'netpol-folder-b-'));
    cleanup.push(() => [a, b].forEach((f) => rmSync(f, { recursive: true, force: true })));
    writeFileSync(path.join(a, 'p.yaml'), POLICY('p', '10.0.0.1/8'));
    writeFileSync(path.join(b, 'p.yaml'), POLICY('p', '10.0.0.1/8'));
    const aUri = pathToFileURL(a).toString();
    const lsp = new LspHarness((scope) => (scope && scope.startsWith(aUri) ? { rules: { 'ipblock.cidr-host-bits': 'off' } } : {}));
    cleanup.push(() => lsp.dispose());
    await lsp.initialize(aUri, [pathToFileURL(b).toString()]);
    const inB = await lsp.diagnostics(pathToFileURL(path.join(b, 'p.yaml')).toString(), (p) => p.diagnostics.length > 0);
    assert.ok(inB.diagnostics.some((d) => d.code === 'ipblock.cidr-host-bits'));
    const inA = await lsp.diagnostics(pathToFileURL(path.join(a, 'p.yaml')).toString());
    assert.ok(!inA.diagnostics.some((d) => d.code === 'ipblock.cidr-host-bits'), JSON.stringify(inA.diagnostics));
  });

  it("a lone file's panel reads its folder alone (not below it), publishes nothing for it, and can be cancelled", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lone-'));
    cleanup.push(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(path.join(folder, 'web.yaml'), DEPLOYMENT('web'));
    writeFileSync(path.join(folder, 'policy.yaml'), POLICY('p', '10.0.0.1/8'));
    mkdirSync(path.join(folder, 'below'));
    writeFileSync(path.join(folder, 'below', 'db.yaml'), DEPLOYMENT('db'));
    const lsp = new LspHarness();
    cleanup.push(() => lsp.dispose());
    const published: string[] = [];
    lsp.client.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => void published.push(p.uri));
    await lsp.initialize(null);
    const folderUri = pathToFileURL(folder).toString();

    const cancelled = new CancellationTokenSource();
    const request = lsp.client.sendRequest(ReachabilityRequest.method, { folder: folderUri }, cancelled.token);
    cancelled.cancel();
    const refused = await request.then(
      () => undefined,
      (error: { code: number }) => error.code,
    );
    // Cancelled before the first file was read, or answered if it was already done: never left hanging.
    assert.ok(refused === undefined || refused === -32800, String(refused));

    const view = (await lsp.client.sendRequest(ReachabilityRequest.method, { folder: folderUri })) as ReachabilityView;
    const keys = view.endpoints.map((e) => e.key);
    assert.ok(keys.includes('shop/Deployment/web'), keys.join(' '));
    assert.ok(!keys.includes('shop/Deployment/db'), 'a file below the folder was read');
    // Give a workspace pass the time to run: nothing may be published for the folder's files.
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.deepEqual(
      published.filter((uri) => uri.startsWith(folderUri)),
      [],
    );
  });

  it('gives a file that is not UTF-8 text a notice instead of leaving it out silently', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-latin1-'));
    cleanup.push(() => rmSync(folder, { recursive: true, force: true }));
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${POLICY('p', '10.0.0.1/8')}`)]);
    writeFileSync(path.join(folder, 'latin1.yaml'), bytes);
    const lsp = new LspHarness();
    cleanup.push(() => lsp.dispose());
    await lsp.initialize(pathToFileURL(folder).toString());
    const published = await lsp.diagnostics(pathToFileURL(path.join(folder, 'latin1.yaml')).toString(), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['file.not-utf8'],
    );
    assert.match(String(published.diagnostics[0].message), /byte 0xE9 on line 1/);
  });

  it('exits with an error after a framing error on stdin, instead of never answering again', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'server', 'src', 'server.ts'), '--stdio'], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('Content-Type: nonsense\r\n\r\n{}');
    const code = await exited;
    assert.equal(code, 1);
    assert.match(stderr, /unreadable message on stdin/);
  });
});
