import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostic, fixtureUri, waitForDiagnostics } from './diagnostics';
import { changedLines } from './editing';

/**
 * fixtures/workspace/quick-fixes.yaml holds three mistakes, each on its own lines; every case applies one fix the
 * way the light bulb does (the action's WorkspaceEdit) and checks that it touched its lines only.
 */
const CASES = [
  {
    code: 'ports.protocol-unsupported',
    title: /^Change `?tcp`? to `?TCP`?/,
    changes: { 17: ['        - protocol: tcp', '        - protocol: TCP'] },
  },
  {
    code: 'ports.port-name-invalid',
    title: /^Write port `?80`? without quotes/,
    changes: { 18: ['          port: "80"', '          port: 80'] },
  },
  {
    code: 'ports.endport-below-port',
    title: /^Swap port and endPort/,
    changes: {
      20: ['          port: 32768', '          port: 32000'],
      21: ['          endPort: 32000', '          endPort: 32768'],
    },
  },
];

describe('quick fixes', () => {
  const uri = fixtureUri('quick-fixes.yaml');
  const isCode = (code: string) => (diagnostic: vscode.Diagnostic) => diagnostic.source === 'netpol' && codeOf(diagnostic) === code;

  for (const { code, title, changes } of CASES) {
    it(`fixes ${code} and changes nothing else`, async () => {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = (await waitForDiagnostics(uri, (all) => all.some(isCode(code)))).find(isCode(code))!;

      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((action) => action.title);
      const fix = actions.find((action): action is vscode.CodeAction => title.test(action.title) && 'edit' in action);
      assert.ok(fix?.edit, `no quick fix like ${title} for ${describeDiagnostic(diagnostic)}; offered: ${JSON.stringify(titles)}`);
      // vscode.executeCodeActionProvider drops the actions' `diagnostics`; the preferred flag survives, and it is
      // what "Auto Fix" (Shift+Alt+.) applies.
      assert.equal(fix.isPreferred, true, `${fix.title} is not the preferred fix`);

      const before = document.getText();
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit refused the fix');
      await waitForDiagnostics(uri, (all) => !all.some(isCode(code)));

      const expected = new Map(Object.entries(changes).map(([line, pair]) => [Number(line), pair]));
      assert.deepEqual(changedLines(before, document.getText()), expected);
    });
  }
});
