// Bundles the extension client, the language server, the CLI and the reachability panel's webview (script and
// stylesheet, for the browser). `--watch` rebuilds on change; `--production` minifies. Each bundle is
// self-contained: the .vsix ships no node_modules. The client is two bundles: the extension's main module and the
// language client it requires after activation (client/src/extension.ts says why).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// The webview first: the CLI carries it (`reach --format html` writes one self-contained file). In watch mode
// the CLI keeps the webview it was started with. It has a folder of its own, dist/webview/, which is all the
// panel may load (`localResourceRoots` are folders).
/** @type {import('esbuild').BuildOptions} */
const webview = {
  entryPoints: [
    { in: 'client/webview/src/main.ts', out: 'webview/webview' },
    { in: 'client/webview/src/panel.css', out: 'webview/webview' },
  ],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome114'],
  minify: production,
  sourcemap: false,
  logLevel: 'warning',
  outdir: 'dist',
};
await esbuild.build(webview);
const webviewBundle = { script: readFileSync('dist/webview/webview.js', 'utf8'), style: readFileSync('dist/webview/webview.css', 'utf8') };

const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { languageClient: 'client/src/languageClient.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' } },
  // esbuild stays external: only the unbundled sources build the webview on the fly (see webviewBundle.ts).
  { entryPoints: { cli: 'server/src/cli/main.ts' }, define: { NETPOL_WEBVIEW_BUNDLE: JSON.stringify(webviewBundle) }, external: ['esbuild'] },
];

const contexts = await Promise.all(builds.map((build) => esbuild.context({ ...common, ...build, outdir: 'dist' })));
if (watch) {
  const webviewContext = await esbuild.context(webview);
  await Promise.all([...contexts, webviewContext].map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
