import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');

/** The files esbuild puts into a bundle of `entry`, as esbuild.mjs builds it (vscode external). */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the extension main module (dist/client.js)', () => {
  // Activation time is the time to load this module: the language client is a bundle of its own, required after
  // activation. A value import of it (or of vscode-languageserver-protocol) from here would pull it back in.
  it('bundles no language client library, only the client code', async () => {
    const inputs = await bundledInputs('client/src/extension.ts');
    const libraries = inputs.filter((input) => input.includes('node_modules/'));
    assert.deepEqual(libraries, []);
    assert.ok(!inputs.includes('client/src/languageClient.ts'), 'extension.ts imports languageClient.ts by type only');
  });

  it('leaves the language client to dist/languageClient.js', async () => {
    const inputs = await bundledInputs('client/src/languageClient.ts');
    assert.ok(inputs.some((input) => input.startsWith('node_modules/vscode-languageclient/')));
  });
});
