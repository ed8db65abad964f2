import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('walkthrough', () => {
  it('every command a walkthrough step links to is registered in this VS Code (ours and the built-in ones)', async () => {
    const extension = vscode.extensions.getExtension('netpol-lens.netpol-lens');
    assert.ok(extension, 'the extension is not installed');
    await extension.activate();
    const manifest = extension.packageJSON as { contributes: { walkthroughs: { steps: { id: string; description: string }[] }[] } };
    const steps = manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps);
    assert.ok(steps.length >= 5);
    const commands = new Set(await vscode.commands.getCommands(false));
    for (const step of steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.-]+)/g)].map((match) => match[1]);
      assert.ok(links.length > 0, `${step.id} has no action`);
      for (const id of links) assert.ok(commands.has(id), `${step.id} links to ${id}, which is not a command here`);
    }
  });
});
