/**
 * Entry point of the web extension's language server (`dist/web/server.js`), run in a web worker: the same server
 * as server.ts, on the worker's message port, with the client's files instead of the disk (clientFileSource.ts).
 * Built with esbuild's `platform: 'browser'`, which fails on any Node built-in (and a unit test checks the bundle).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { clientFileSource } from './lsp/clientFileSource';
import { startNetpolServer } from './lsp/netpolServer';

/** The worker's global scope (the project's TypeScript settings have no `WebWorker` lib). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0] & ConstructorParameters<typeof BrowserMessageWriter>[0];

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));
startNetpolServer(connection, { files: clientFileSource(connection) });
