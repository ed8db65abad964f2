import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, getFileFindings, LineIndex, parseFile } from '../../server/src/service';
import { REPO_ROOT } from './corpus';
import { HOSTILE_VALUES, ODD_UNICODE } from './mutations';

/**
 * A scripted, seeded abuse of a live language server over JSON-RPC: random incremental edits, requests of every
 * kind sent without waiting (so they interleave with edits and arrive out of order), cancelled requests,
 * positions past the end, unknown and closed documents, odd settings, and a file deleted on disk while open.
 *
 * Checks: every request is answered (a result, or the cancellation error for a cancelled one), nothing else fails,
 * and once the edits stop, what the server published for each open document is what the service computes from the
 * client's copy of its text (so incremental sync never diverged).
 */
export interface SessionOptions {
  readonly seed: number;
  readonly edits: number;
  /** Called every `checkpointEvery` steps once every request so far has settled (for memory figures). */
  readonly onCheckpoint?: (step: number) => void;
  readonly checkpointEvery?: number;
}

export interface SessionFigures {
  edits: number;
  requests: number;
  cancelled: number;
  answeredAfterCancel: number;
  maxRequestMs: number;
}

/** The JSON-RPC error code of a request cancelled before it ran. */
const REQUEST_CANCELLED = -32800;

/** A small deterministic PRNG (mulberry32): the session is the same for a seed on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A workspace folder with the examples and a few files of the shared corpus. */
export function sessionWorkspace(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-abuse-'));
  for (const name of [
    'policies/shop-web-tiers.yaml',
    'policies/shop-allow-dns.yaml',
    'policies/shop-default-deny.yaml',
    'shop/workloads.yaml',
    'cluster/namespaces.yaml',
    'cluster/platform.yaml',
    'mistakes/or-instead-of-and.yaml',
    'mistakes/except-outside-cidr.yaml',
  ]) {
    writeFileSync(path.join(folder, path.basename(name)), readFileSync(path.join(REPO_ROOT, 'examples', name)));
  }
  return folder;
}

const SNIPPETS = [
  '',
  ' ',
  '\n',
  '  ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '#',
  '&a ',
  '*a',
  '---\n',
  '...\n',
  '"',
  "'",
  '\t',
  '\r\n',
  'podSelector: {}',
  'cidr: 10.0.0.0/8',
  'port: 80',
  '\n  - from:\n    - podSelector: {}',
  ...HOSTILE_VALUES.slice(0, 30),
  ...ODD_UNICODE,
];

type Request = { method: string; params: unknown };

export interface SessionResult {
  readonly figures: SessionFigures;
  /** The client's copy of each document open at the end. */
  readonly documents: ReadonlyMap<string, string>;
}

/**
 * Runs the session on an initialized client. It answers `workspace/configuration` itself (odd settings now and
 * then, the defaults at the end).
 */
export async function runAbuseSession(client: MessageConnection, folder: string, options: SessionOptions): Promise<SessionResult> {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const figures: SessionFigures = { edits: 0, requests: 0, cancelled: 0, answeredAfterCancel: 0, maxRequestMs: 0 };
  const outstanding: Promise<void>[] = [];
  const failures: string[] = [];
  let configuration: unknown = {};
  client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => configuration));

  // Open every file of the folder but one (which stays on disk only).
  const names = ['shop-web-tiers.yaml', 'shop-allow-dns.yaml', 'or-instead-of-and.yaml', 'except-outside-cidr.yaml', 'workloads.yaml'];
  const open = new Map<string, TextDocument>();
  const openDocument = (name: string, text?: string) => {
    const uri = pathToFileURL(path.join(folder, name)).toString();
    const onDisk = path.join(folder, name);
    const document = TextDocument.create(uri, 'yaml', 1, text ?? (existsSync(onDisk) ? readFileSync(onDisk, 'utf8') : ''));
    open.set(uri, document);
    void client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: document.getText() } });
  };
  for (const name of names) openDocument(name);

  const randomPosition = (document: TextDocument | undefined) => {
    const roll = next();
    if (!document || roll < 0.05) return { line: Math.floor(next() * 1e6), character: Math.floor(next() * 1e6) };
    if (roll < 0.08) return { line: 0, character: 2 ** 31 - 1 };
    return document.positionAt(Math.floor(next() * (document.getText().length + 1)));
  };

  const send = (request: Request) => {
    const cancel = next() < 0.25 ? new CancellationTokenSource() : undefined;
    const started = performance.now();
    figures.requests++;
    // (No `undefined` third argument: vscode-jsonrpc would send the parameters by position.)
    const sent = cancel ? client.sendRequest(request.method, request.params, cancel.token) : client.sendRequest(request.method, request.params);
    const promise = sent.then(
      () => {
        if (cancel) figures.answeredAfterCancel++;
      },
      (error: { code?: number; message?: string }) => {
        if (cancel && error.code === REQUEST_CANCELLED) return;
        failures.push(`${request.method} ${JSON.stringify(request.params).slice(0, 200)}: ${error.code} ${error.message}`);
      },
    );
    outstanding.push(promise.then(() => void (figures.maxRequestMs = Math.max(figures.maxRequestMs, performance.now() - started))));
    if (cancel) {
      figures.cancelled++;
      // Cancelled at once, or after the server had a moment to start on it.
      if (next() < 0.5) cancel.cancel();
      else setImmediate(() => cancel.cancel());
    }
  };

  const randomRequest = (): Request => {
    const uris = [...open.keys()];
    const uri =
      next() < 0.05 ? pathToFileURL(path.join(folder, 'never-opened-or-missing.yaml')).toString() : next() < 0.03 ? 'untitled:Untitled-1' : pick(uris);
    const document = open.get(uri);
    const textDocument = { uri };
    const position = randomPosition(document);
    const end = randomPosition(document);
    switch (pick(['hover', 'completion', 'codeAction', 'codeLens', 'documentSymbol', 'reachability', 'explain', 'focus'])) {
      case 'hover':
        return { method: 'textDocument/hover', params: { textDocument, position } };
      case 'completion':
        return { method: 'textDocument/completion', params: { textDocument, position } };
      case 'codeAction':
        return {
          method: 'textDocument/codeAction',
          params: { textDocument, range: { start: position, end }, context: { diagnostics: [], only: next() < 0.3 ? ['quickfix'] : undefined } },
        };
      case 'codeLens':
        return { method: 'textDocument/codeLens', params: { textDocument } };
      case 'documentSymbol':
        return { method: 'textDocument/documentSymbol', params: { textDocument } };
      case 'reachability':
        return { method: 'netpol/reachability', params: next() < 0.5 ? {} : { folder: pathToFileURL(folder).toString() } };
      case 'explain':
        return {
          method: 'netpol/explainConnection',
          params: {
            from: pick(['shop/web', 'nope', '']),
            to: pick(['shop/api', 'kube-system/coredns', 42]),
            filter: next() < 0.8 ? { protocol: 'TCP' } : 'garbage',
          },
        };
      default:
        return {
          method: 'netpol/policyFocus',
          params: next() < 0.5 ? { uri, offset: Math.floor(next() * 5000) - 10 } : { policy: pick(['shop/web-tiers', '', 'x/y']) },
        };
    }
  };

  const randomEdit = () => {
    const document = pick([...open.values()]);
    const text = document.getText();
    const changes: TextDocumentContentChangeEvent[] = [];
    if (next() < 0.02) {
      changes.push({ text: text.split('').reverse().join('').slice(0, 2000) });
    } else {
      const count = next() < 0.8 ? 1 : 1 + Math.floor(next() * 4);
      for (let i = 0; i < count; i++) {
        const length = document.getText().length;
        const a = Math.floor(next() * (length + 1));
        const b = Math.min(length, a + Math.floor(next() * 20));
        changes.push({ range: { start: document.positionAt(a), end: document.positionAt(b) }, text: pick(SNIPPETS) });
      }
    }
    const updated = TextDocument.update(document, changes, document.version + 1);
    open.set(document.uri, updated);
    figures.edits++;
    void client.sendNotification('textDocument/didChange', { textDocument: { uri: document.uri, version: updated.version }, contentChanges: changes });
  };

  const settle = async () => {
    const pending = outstanding.splice(0);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000).unref());
    const result = await Promise.race([Promise.all(pending).then(() => 'done' as const), timeout]);
    assert.equal(result, 'done', 'some requests were never answered within 60 s');
    assert.deepEqual(failures, [], 'requests failed');
  };

  const deleted = 'or-instead-of-and.yaml';
  const deleteAt = Math.floor(options.edits / 3);
  for (let step = 0; figures.edits < options.edits; step++) {
    const roll = next();
    if (roll < 0.6) randomEdit();
    else if (roll < 0.93) send(randomRequest());
    else if (roll < 0.96) {
      // Close a document and reopen it (the server reads the disk in between).
      const uri = pick([...open.keys()]);
      void client.sendNotification('textDocument/didClose', { textDocument: { uri } });
      const name = path.basename(new URL(uri).pathname);
      open.delete(uri);
      openDocument(name, next() < 0.5 ? undefined : 'kind: NetworkPolicy\n');
    } else if (roll < 0.97) {
      configuration = pick([
        {},
        { maxFileSize: -1 },
        { maxFileSize: 0 },
        { maxFileSize: 100 },
        { maxFileSize: 'x' },
        { rules: { 'yaml.syntax': 'off', x: 'bogus' } },
        { kubernetesVersion: '1.20' },
        { exclude: [42, '**'] },
        null,
        'garbage',
      ]);
      void client.sendNotification('workspace/didChangeConfiguration', { settings: { netpol: configuration } });
    } else {
      void client.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(path.join(folder, pick(['namespaces.yaml', 'platform.yaml', 'missing.yaml', 'notes.txt']))).toString(), type: pick([1, 2, 3]) },
        ],
      });
    }
    if (step === deleteAt) {
      // A file deleted on disk while it is open: the editor's text stays the truth until it is closed.
      const file = path.join(folder, deleted);
      unlinkSync(file);
      void client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 3 }] });
    }
    if (options.checkpointEvery && step % options.checkpointEvery === options.checkpointEvery - 1) {
      await settle();
      options.onCheckpoint?.(step);
    }
  }
  await settle();
  configuration = {};
  void client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  // A request on every document: none is left waiting for its diagnostics debounce.
  await Promise.all([...open.keys()].map((uri) => client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })));
  return { figures, documents: new Map([...open].map(([uri, document]) => [uri, document.getText()])) };
}

/**
 * Once edits have stopped: each open document's last published diagnostics include every finding the service
 * computes from the client's copy of the text, at the same ranges (the server saw the same text).
 */
export function checkDiagnosticsMatch(published: ReadonlyMap<string, { range: unknown; code?: unknown }[]>, documents: ReadonlyMap<string, string>): void {
  for (const [uri, text] of documents) {
    const lines = new LineIndex(text);
    const expected = getFileFindings(parseFile(uri, text), DEFAULT_SETTINGS).map((f) =>
      JSON.stringify({ code: f.code, range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) } }),
    );
    const got = new Set((published.get(uri) ?? []).map((d) => JSON.stringify({ code: d.code, range: d.range })));
    const missing = expected.filter((e) => !got.has(e));
    assert.deepEqual(missing, [], `${uri}: the server's diagnostics do not match the client's text`);
  }
}
