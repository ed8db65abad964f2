// Bundles the extension client, the language server, the CLI, the reachability panel's webview (script and
// stylesheet, for the browser) and the web extension (client and server, dist/web/). `--watch` rebuilds on change; `--production` minifies. Each bundle is
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
  target: 'node20',
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

/**
 * The `yaml` parser reads `process.env.LOG_TOKENS` once per token and its composer `process.env.LOG_STREAM` once
 * per document (debug printing). Each read of `process.env` is a call into the C++ environment: measured, 15 % of
 * `parseAllDocuments` on the 5,000-policy file (3.3 s -> 2.8 s of CPU). In the bundles these checks become `false`;
 * the build fails if a new `yaml` version no longer has them, so that this is looked at again.
 */
const yamlDebugHooksOff = {
  name: 'yaml-debug-hooks-off',
  setup(build) {
    const hooks = { 'parser.js': 'node_process.env.LOG_TOKENS', 'composer.js': 'node_process.env.LOG_STREAM' };
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const hook = hooks[args.path.split(/[\\/]/).pop()];
      if (!source.includes(hook)) return { errors: [{ text: `${args.path} no longer reads ${hook}: review yamlDebugHooksOff in esbuild.mjs` }] };
      return { contents: source.replaceAll(hook, 'false'), loader: 'js' };
    });
  },
};

const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { languageClient: 'client/src/languageClient.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' }, plugins: [yamlDebugHooksOff] },
  // esbuild stays external: only the unbundled sources build the webview on the fly (see webviewBundle.ts).
  {
    entryPoints: { cli: 'server/src/cli/main.ts' },
    define: { NETPOL_WEBVIEW_BUNDLE: JSON.stringify(webviewBundle) },
    external: ['esbuild'],
    plugins: [yamlDebugHooksOff],
  },
];

/**
 * The web extension (package.json `browser`): its client for the web worker extension host, and its language
 * server for a web worker of its own. `platform: 'browser'` resolves the packages' browser builds and fails on any
 * Node built-in (test/unit/client/browserBundles.test.ts checks the bundles too).
 */
const browserBuilds = [
  { entryPoints: { client: 'client/src/browserExtension.ts' }, format: 'cjs', external: ['vscode'] },
  { entryPoints: { server: 'server/src/browserServer.ts' }, format: 'iife' },
].map((build) => ({ ...common, ...build, platform: 'browser', target: ['chrome114'], outdir: 'dist/web' }));

const contexts = await Promise.all([
  ...builds.map((build) => esbuild.context({ ...common, ...build, outdir: 'dist' })),
  ...browserBuilds.map((build) => esbuild.context(build)),
]);
if (watch) {
  const webviewContext = await esbuild.context(webview);
  await Promise.all([...contexts, webviewContext].map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
