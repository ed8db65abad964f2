/**
 * Entry point of the language server bundle (`dist/server.js`). The transport comes from the command line:
 * `--node-ipc` when VS Code starts it, `--stdio` for other editors (Neovim, Helix, Emacs).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startNetpolServer } from './lsp/netpolServer';

startNetpolServer(createConnection(ProposedFeatures.all));
