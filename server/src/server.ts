/**
 * Entry point of the language server bundle (`dist/server.js`). The transport comes from the command line:
 * `--node-ipc` when VS Code starts it, `--stdio` for other editors (Neovim, Helix, Emacs). It reads the disk
 * itself; the web extension's server (browserServer.ts) is the same server with the client's files instead.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { startNetpolServer } from './lsp/netpolServer';
import { nodeFileSource, nodeRuleDocsBase } from './node/nodeFileSource';

startNetpolServer(connectionFromArgv(), { files: nodeFileSource(), ruleDocsBase: nodeRuleDocsBase() });

function connectionFromArgv(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  // After a framing error (a header without Content-Length, a length that is not a number) vscode-jsonrpc's reader
  // waits for a header that will never come: the server would run on and never answer again. Exit instead, so
  // that the client sees the server die and can restart it. A body that is not JSON leaves the framing intact:
  // the reader goes on with the next message, and so do we.
  reader.onError((error) => {
    if (error instanceof SyntaxError) return;
    process.stderr.write(`netpol-lens: unreadable message on stdin (${error.message.split('\n')[0]}); exiting\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}
