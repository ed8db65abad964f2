/**
 * The reachability panel's page, as a pure function (no `vscode`): the webview bundle's script, with a fresh nonce
 * from `crypto.getRandomValues`, and its stylesheet, under a Content-Security-Policy that allows those and nothing
 * else: no inline script or style, no `eval`, no remote content. The extension and the Chromium tests of the
 * webview build the page with this same function, so the tests run under the CSP that ships. No Node APIs: the
 * web extension builds it in a web worker.
 */
export interface PanelPage {
  /** The webview's `cspSource`: the origin its local resources are served from. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Defaults to a fresh one: a page never reuses a nonce. */
  readonly nonce?: string;
}

/** 144 random bits, base64: what a CSP nonce should be (at least 128 bits, unguessable). */
export function newNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function panelHtml(page: PanelPage): string {
  const nonce = page.nonce ?? newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(panelCsp(page.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attribute(page.styleUri)}">
<title>Reachability</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attribute(nonce)}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>`;
}

/** A value inside a double-quoted attribute (URIs and sources carry no quotes, but a page is no place to trust that). */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
