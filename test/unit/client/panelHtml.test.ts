import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { newNonce, panelHtml } from '../../../client/src/panelHtml';

const page = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/webview.css',
};

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('panelHtml: the reachability panel page', () => {
  it('has a strict CSP: nothing by default, the script only by its nonce, styles only from the webview origin', () => {
    const html = panelHtml({ ...page, nonce: 'bm9uY2Utb2YtdGVzdA' });
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), [`'none'`]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-bm9uY2Utb2YtdGVzdA'`]);
    assert.deepEqual(csp.get('style-src'), [page.cspSource]);
    for (const [name, sources] of csp) {
      for (const source of sources) assert.doesNotMatch(source, /unsafe-|^\*$|^https?:$|^data:$|^blob:$/, `${name} allows ${source}`);
    }
    assert.deepEqual(
      [...csp.keys()].filter((name) => !['default-src', 'script-src', 'style-src', 'font-src', 'img-src'].includes(name)),
      [],
    );
  });

  it('has no inline script or style: one script, by src and nonce, and one stylesheet link', () => {
    const html = panelHtml({ ...page, nonce: 'bm9uY2Utb2YtdGVzdA' });
    assert.deepEqual(
      [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]),
      [`<script nonce="bm9uY2Utb2YtdGVzdA" src="${page.scriptUri}">`],
    );
    assert.match(html, /<script [^>]*><\/script>/, 'the script element is empty');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.deepEqual(
      [...html.matchAll(/<link\b[^>]*>/g)].map((match) => match[0]),
      [`<link rel="stylesheet" href="${page.styleUri}">`],
    );
  });

  it('takes a fresh nonce from crypto for every page: at least 128 bits, base64', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.ok(Buffer.from(nonce, 'base64').length >= 16 && /^[A-Za-z0-9+/]+=*$/.test(nonce), nonce);
    const first = /nonce="([^"]+)"/.exec(panelHtml(page))![1];
    const second = /nonce="([^"]+)"/.exec(panelHtml(page))![1];
    assert.notEqual(first, second);
    assert.deepEqual(cspOf(panelHtml({ ...page, nonce: first })).get('script-src'), [`'nonce-${first}'`]);
  });

  it('cannot be broken out of by a quote in a resource address', () => {
    const html = panelHtml({ ...page, scriptUri: 'https://x/"><script>alert(1)</script>', nonce: 'n' });
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  });
});
