/**
 * The web extension's bundles (esbuild.mjs builds them into dist/web/): the client for the web worker extension
 * host (client/src/browserExtension.ts) and the language server for a web worker (server/src/browserServer.ts).
 * Neither may need Node: no built-in module (`fs`, `path`, `url`, `child_process`, ...), no Node flavour of the
 * LSP libraries. Built here as esbuild.mjs builds them, `platform: 'browser'`.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');

interface Bundle {
  readonly inputs: string[];
  readonly code: string;
}

async function browserBundle(entry: string, format: 'cjs' | 'iife', external: string[] = []): Promise<Bundle> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format,
    target: ['chrome114'],
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles.map((file) => file.text).join('\n') };
}

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Every `require("x")` of a Node built-in in the bundle's code. */
function builtinRequires(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)]
    .map((match) => match[1])
    .filter((name) => builtins.has(name) || builtins.has(name.split('/')[0]));
}

/** Inputs that are Node code: the LSP libraries' `lib/node/` flavours, or a source file under server/src/node/. */
function nodeInputs(inputs: readonly string[]): string[] {
  return inputs.filter((input) => /(^|\/)lib\/node\//.test(input) || input.startsWith('server/src/node/') || builtins.has(input.replace(/^\(disabled\):/, '')));
}

describe('the web extension bundles (dist/web/)', () => {
  it('the client (browserExtension.ts) needs no Node built-in, only `vscode`', async () => {
    const bundle = await browserBundle('client/src/browserExtension.ts', 'cjs', ['vscode']);
    assert.ok(bundle.inputs.includes('client/src/browserExtension.ts'));
    assert.ok(
      bundle.inputs.some((input) => input.startsWith('node_modules/vscode-languageclient/lib/browser/')),
      'the browser flavour of the language client',
    );
    assert.deepEqual(nodeInputs(bundle.inputs), []);
    assert.deepEqual(builtinRequires(bundle.code), []);
    const required = new Set([...bundle.code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]));
    assert.deepEqual([...required], ['vscode'], 'a web extension host resolves `vscode` and nothing else');
  });

  it('the server (browserServer.ts) needs no Node built-in, and carries the same service and lsp modules', async () => {
    const bundle = await browserBundle('server/src/browserServer.ts', 'iife');
    assert.ok(
      bundle.inputs.some((input) => input.startsWith('node_modules/vscode-languageserver/lib/browser/')),
      'the browser flavour of the server library',
    );
    for (const module of [
      'server/src/lsp/netpolServer.ts',
      'server/src/lsp/diagnosticsPublisher.ts',
      'server/src/lsp/languageFeatures.ts',
      'server/src/lsp/reachabilityRequest.ts',
      'server/src/service/netpolService.ts',
    ]) {
      assert.ok(bundle.inputs.includes(module), `${module} is in the worker`);
    }
    assert.deepEqual(nodeInputs(bundle.inputs), []);
    assert.deepEqual(builtinRequires(bundle.code), []);
  });

  it('the check bites: a Node built-in fails the browser build', async () => {
    // esbuild's `platform: 'browser'` cannot resolve `node:path` (what esbuild.mjs relies on for dist/web/).
    await assert.rejects(browserBundle('server/src/node/nodeFileSource.ts', 'iife'));
    assert.deepEqual(builtinRequires('const a = require("fs"); const b = require("node:url"); const c = require("child_process"); require("vscode")'), [
      'fs',
      'node:url',
      'child_process',
    ]);
    assert.deepEqual(nodeInputs(['node_modules/vscode-languageserver/lib/node/main.js', 'server/src/node/yamlFiles.ts', 'server/src/lsp/uris.ts']), [
      'node_modules/vscode-languageserver/lib/node/main.js',
      'server/src/node/yamlFiles.ts',
    ]);
  });

  it('package.json names the web client, and the .vsix ships both bundles', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      browser?: string;
      main?: string;
      capabilities?: { virtualWorkspaces?: { supported?: unknown } };
    };
    assert.equal(manifest.browser, './dist/web/client.js');
    assert.equal(manifest.main, './dist/client.js', 'the desktop entry stays');
    assert.notEqual(
      manifest.capabilities?.virtualWorkspaces?.supported,
      false,
      'the web extension reads files through VS Code: virtual workspaces are not refused',
    );
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!dist\/web\/client\.js$/m);
    assert.match(ignore, /^!dist\/web\/server\.js$/m);
    // The client starts the worker from the server bundle beside it.
    assert.match(readFileSync(path.join(root, 'client/src/browserExtension.ts'), 'utf8'), /joinPath\(context\.extensionUri, 'dist', 'web', 'server\.js'\)/);
  });
});
