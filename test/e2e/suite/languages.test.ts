import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixtureUri } from './diagnostics';

interface LanguageContribution {
  id: string;
  extensions?: string[];
  filenamePatterns?: string[];
}

describe('languages', () => {
  it('contributes no language for .yaml files (the YAML extension keeps them)', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const languages: LanguageContribution[] = extension.packageJSON.contributes?.languages ?? [];
    const claimsYaml = languages.filter((language) =>
      [...(language.extensions ?? []), ...(language.filenamePatterns ?? [])].some((pattern) => /\.ya?ml$/i.test(pattern)),
    );
    assert.deepEqual(
      claimsYaml.map((language) => language.id),
      [],
    );

    const document = await vscode.workspace.openTextDocument(fixtureUri('bad-cidr.yaml'));
    assert.equal(document.languageId, 'yaml');
    // And opening YAML is what activates the extension (`onLanguage:yaml`).
    await extension.activate();
    assert.ok(extension.isActive);
  });
});
