import { basename } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LineIndex, type Finding, type ServiceSettings, type Severity } from '../../server/src/service';
import { asRuleCode } from './goldenRunner';
import { LspHarness } from './lsp/lspHarness';

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/**
 * A golden case as the language server publishes it when the case is opened, for what only the server reports
 * (`file.too-large`: the size gate is the server's, before any analysis). The real server, in process: the case's
 * settings (`<case>.settings.json`, e.g. `{"maxFileSize": 300}`) are its `netpol` settings, given at initialize;
 * the case is opened alone, in no workspace folder, so its diagnostics are its file findings (or the one notice).
 */
export async function analyzeOpenedInServer(caseFile: string, text: string, settings: ServiceSettings): Promise<readonly Finding[]> {
  const lsp = new LspHarness();
  try {
    // No `workspace.configuration` capability: the server takes these settings at once, rather than pulling them
    // after `initialized` (when a document opened meanwhile would be checked with the defaults first).
    await lsp.client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {},
      initializationOptions: { settings },
    });
    await lsp.client.sendNotification('initialized', {});
    const uri = `file:///${basename(caseFile)}`;
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const lines = new LineIndex(text);
    return (await lsp.diagnostics(uri)).diagnostics.map((diagnostic: Diagnostic) => {
      const path = (diagnostic.data as { path?: string } | undefined)?.path;
      return {
        code: asRuleCode(String(diagnostic.code)),
        severity: SEVERITIES[diagnostic.severity ?? 1],
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        start: lines.offsetAt(diagnostic.range.start),
        end: lines.offsetAt(diagnostic.range.end),
        ...(path === undefined ? {} : { path }),
      };
    });
  } finally {
    lsp.dispose();
  }
}
