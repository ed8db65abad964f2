import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri } from './diagnostics';
import { serverStarted } from './editing';

interface Outline {
  name: string;
  detail: string;
  kind: string;
  children: Outline[];
}

const outline = (symbol: vscode.DocumentSymbol): Outline => ({
  name: symbol.name,
  detail: symbol.detail,
  kind: vscode.SymbolKind[symbol.kind],
  children: symbol.children.map(outline),
});

describe('document symbols', () => {
  before(serverStarted);

  it('outlines a policy with its ingress and egress rules', async () => {
    const uri = fixtureUri('shop-policy.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.equal(symbols.length, 1, JSON.stringify(symbols.map(outline)));
    const [policy] = symbols;
    assert.equal(policy.name, 'shop/storefront');
    assert.equal(policy.detail, 'NetworkPolicy');
    assert.equal(policy.kind, vscode.SymbolKind.Class);
    // Selecting the symbol highlights the policy's name.
    assert.equal(document.getText(policy.selectionRange), 'storefront');
    assert.deepEqual(
      policy.children.map((child) => ({ name: child.name, detail: child.detail, rules: child.children.map((rule) => rule.name) })),
      [
        { name: 'ingress', detail: '1 rule', rules: ['rule 1'] },
        { name: 'egress', detail: '1 rule', rules: ['rule 1'] },
      ],
    );
    for (const direction of policy.children) {
      assert.ok(policy.range.contains(direction.range), `${direction.name} lies outside the policy`);
      assert.match(document.lineAt(direction.range.start.line).text, new RegExp(`^  ${direction.name}:`));
    }
  });

  it('lists other kinds of objects by name and kind', async () => {
    const uri = fixtureUri('workloads.yaml');
    await vscode.workspace.openTextDocument(uri);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map(outline), [{ name: 'shop/storefront', detail: 'Deployment', kind: 'Module', children: [] }]);
  });
});
