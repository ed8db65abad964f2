/**
 * The web extension's language server (dist/web/server.js, built for a browser's web worker) behind stdio, for the
 * benchmarks: `node --import tsx bench/lsp/webWorkerHost.ts BUNDLE`. The bundle runs in a `worker_threads` worker
 * whose global scope is given what a web worker has for it (`self`, `postMessage`, `onmessage`), and receives the
 * same protocol messages as the Node server, as objects (a browser's `postMessage`), not framed text. This process
 * frames them for stdio and plays the client's part of server/src/protocol/fileProtocol.ts from the disk (what
 * client/src/fileServer.ts does through `vscode.workspace.fs`), so the worker server never touches the disk.
 *
 * The same V8 as Chromium's workers; the bridge's JSON parsing and framing is counted against the worker (same
 * process, so its CPU time too): the worker's figures are, if anything, pessimistic.
 */
import { Worker } from 'node:worker_threads';
import { nodeFileSource } from '../../server/src/node/nodeFileSource';

const bundle = process.argv[2];
if (!bundle) {
  process.stderr.write('usage: webWorkerHost.ts dist/web/server.js\n');
  process.exit(2);
}

const workerSource = `
const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
globalThis.addEventListener = () => {};
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
require(${JSON.stringify(bundle)});
`;
const worker = new Worker(workerSource, { eval: true });
worker.on('error', (error) => {
  process.stderr.write(`webWorkerHost: the worker failed: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
worker.on('exit', (code) => process.exit(code));

const files = nodeFileSource();

interface Message {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
}

worker.on('message', (message: Message) => {
  if (message.method === 'netpol/findYamlFiles' && message.id !== undefined) return void answer(message.id, findYamlFiles(message.params ?? {}));
  if (message.method === 'netpol/readFile' && message.id !== undefined) return void answer(message.id, readFile(message.params ?? {}));
  write(message);
});

async function answer(id: number | string, result: Promise<unknown>): Promise<void> {
  try {
    worker.postMessage({ jsonrpc: '2.0', id, result: await result });
  } catch (error) {
    worker.postMessage({ jsonrpc: '2.0', id, error: { code: -32603, message: String(error) } });
  }
}

async function findYamlFiles(params: Record<string, unknown>): Promise<unknown> {
  const errors: string[] = [];
  const found = await files.findYamlFiles(String(params.folder), {
    recursive: params.recursive === true,
    exclude: Array.isArray(params.exclude) ? (params.exclude as string[]) : [],
    maxFiles: Number(params.maxFiles),
    onError: (what) => errors.push(what),
  });
  return { uris: found.uris, limited: found.limited, errors };
}

async function readFile(params: Record<string, unknown>): Promise<unknown> {
  const read = await files.readFile(String(params.uri), Number(params.maxFileSize));
  if (!read) return null;
  return read.bytes ? { size: read.size, base64: Buffer.from(read.bytes).toString('base64') } : { size: read.size };
}

function write(message: unknown): void {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  process.stdout.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
}

// stdin: LSP framing (Content-Length headers), each body handed to the worker as an object.
let buffer = Buffer.alloc(0);
process.stdin.on('data', (chunk: Buffer) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
    if (!Number.isFinite(length)) throw new Error('webWorkerHost: a message without Content-Length');
    if (buffer.length < headerEnd + 4 + length) return;
    const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    buffer = buffer.subarray(headerEnd + 4 + length);
    worker.postMessage(JSON.parse(body));
  }
});
process.stdin.on('end', () => void worker.terminate());
