import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from '../fuzz/corpus';
import { checkDiagnosticsMatch, runAbuseSession, sessionWorkspace } from '../fuzz/lspSession';
import { LspHarness } from '../unit/lsp/lspHarness';

/**
 * The live server under abuse (issue 7): thousands of random edits, requests out of order and cancelled, a file
 * deleted while open. In process first (every request answered, diagnostics true to the text, no exit), then
 * the real server process over stdio (it stays up, its memory stays bounded).
 */
const EDITS = 3_000;

describe('the language server under abuse', () => {
  it(`answers every request through ${EDITS} random edits, and its diagnostics match the final text`, async () => {
    const folder = sessionWorkspace();
    const lsp = new LspHarness();
    const exit = process.exit;
    const exits: unknown[] = [];
    process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit;
    try {
      await initialize(lsp.client, folder);
      const { figures, documents } = await runAbuseSession(lsp.client, folder, { seed: 7, edits: EDITS });
      assert.ok(figures.requests > 1_000 && figures.cancelled > 200, JSON.stringify(figures));
      const published = await quietDiagnostics(lsp, [...documents.keys()]);
      checkDiagnosticsMatch(published, documents);
      // Still answering after it all.
      const uri = [...documents.keys()][0];
      assert.ok(Array.isArray(await lsp.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })));
      assert.deepEqual(exits, [], 'the server asked the process to exit');
    } finally {
      process.exit = exit;
      lsp.dispose();
    }
  });

  describe('as a process over stdio', () => {
    let server: ChildProcess | undefined;
    after(() => server?.kill());

    it('stays up with bounded memory through a session of random edits and requests', async () => {
      const folder = sessionWorkspace();
      server = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'src', 'server.ts'), '--stdio'], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let exited: string | undefined;
      server.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
      server.stderr!.resume();
      const client = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
      client.onNotification('textDocument/publishDiagnostics', () => undefined);
      client.onNotification('window/logMessage', () => undefined);
      client.onRequest('client/registerCapability', () => null);
      client.listen();
      await initialize(client, folder);
      const rss: number[] = [];
      await runAbuseSession(client, folder, { seed: 11, edits: EDITS, checkpointEvery: 500, onCheckpoint: () => rss.push(residentMegabytes(server!.pid!)) });
      rss.push(residentMegabytes(server.pid!));
      assert.equal(exited, undefined);
      // The first checkpoint is after warm-up; from there on memory must not keep growing with the edits.
      const [first, ...rest] = rss;
      assert.ok(Math.max(...rest) < first + 150, `resident memory grew from ${first} MB to ${Math.max(...rest)} MB: ${rss.join(', ')}`);
      assert.ok(Math.max(...rss) < 600, `resident memory reached ${Math.max(...rss)} MB`);
      client.dispose();
    });
  });
});

async function initialize(client: MessageConnection, folder: string): Promise<void> {
  const rootUri = pathToFileURL(folder).toString();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    initializationOptions: { clientCommands: ['netpol.showReachability'] },
  });
  await client.sendNotification('initialized', {});
}

/** The last diagnostics of each document once publishing has been quiet for a second (at most 30 s). */
async function quietDiagnostics(lsp: LspHarness, uris: readonly string[]): Promise<Map<string, Diagnostic[]>> {
  let last = '';
  let stableSince = Date.now();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const current = await Promise.all(uris.map((uri) => lsp.diagnostics(uri, () => true, 30_000)));
    const key = JSON.stringify(current);
    if (key !== last) {
      last = key;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 1_000 || Date.now() > deadline) {
      return new Map(current.map((p) => [p.uri, p.diagnostics]));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** VmRSS of a process, from /proc (Linux). */
function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}
