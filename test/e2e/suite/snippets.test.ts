import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, describeDiagnostic, netpolDiagnostics } from './diagnostics';
import { diagnosticsOfCurrentText, discardActiveEditor, openUntitledYaml, serverStarted } from './editing';

interface Snippet {
  prefix: string;
  body: string[];
}

/** The snippets as the extension contributes them (package.json `contributes.snippets`). */
function contributedSnippets(): Map<string, Snippet> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributions: { language: string; path: string }[] = extension.packageJSON.contributes?.snippets ?? [];
  const yaml = contributions.find((contribution) => contribution.language === 'yaml');
  assert.ok(yaml, 'no snippets contributed for yaml');
  const file = path.join(extension.extensionPath, yaml.path);
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Snippet>));
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:name}` -> `name`, a choice
 * `${1|TCP,UDP|}` -> its first option, a bare tab stop -> nothing. (The snippets use no nesting or variables.)
 */
function expand(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  const snippets = contributedSnippets();
  before(serverStarted);

  it('contributes the default-deny and DNS snippets', () => {
    const prefixes = [...snippets.values()].map((snippet) => snippet.prefix);
    for (const prefix of ['netpol-deny-ingress', 'netpol-deny-egress', 'netpol-deny-all', 'netpol-allow-dns']) {
      assert.ok(prefixes.includes(prefix), `no snippet with prefix ${prefix}; have ${prefixes.join(', ')}`);
    }
  });

  // Every contributed snippet, inserted by name into an empty YAML document through VS Code's own command.
  for (const [name, snippet] of snippets) {
    // The netpol-cnp-* snippets write cluster policies (ClusterNetworkPolicy); the others NetworkPolicies.
    const kind = snippet.prefix.startsWith('netpol-cnp-') ? 'ClusterNetworkPolicy' : 'NetworkPolicy';
    it(`${snippet.prefix} inserts a ${kind} with no netpol error`, async () => {
      const editor = await openUntitledYaml(snippet.prefix);
      try {
        await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name });
        assert.equal(editor.document.getText(), expand(snippet.body));

        const diagnostics = await diagnosticsOfCurrentText(editor);
        const errors = netpolDiagnostics(diagnostics).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(errors.map(describeDiagnostic), []);

        // And the server reads it as the kind it is: the outline lists it.
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
        assert.ok(
          symbols.length > 0 && symbols.every((symbol) => symbol.detail === kind),
          `outline: ${JSON.stringify(symbols.map((symbol) => `${symbol.name} (${symbol.detail})`))}`,
        );
      } finally {
        await discardActiveEditor();
      }
    });
  }
});
