import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../suite/diagnostics';

describe('the web extension', () => {
  it('runs in the web worker extension host, without Node, and its server answers', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = (await extension.activate()) as { runtime?: string; ready(): Promise<void> };
    // The browser entry (dist/web/client.js) says where it runs; the desktop entry has no `runtime`.
    assert.equal(api.runtime, 'web-worker');
    // And so does this test, in the same extension host: a worker's global scope, no Node.
    const global = globalThis as { process?: { versions?: { node?: string } }; importScripts?: unknown };
    assert.equal(typeof global.process?.versions?.node, 'undefined');
    assert.equal(typeof global.importScripts, 'function');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    await api.ready();
  });
});
