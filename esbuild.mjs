// Bundles the extension client, the language server and the CLI. `--watch` rebuilds on change; `--production`
// minifies. Each bundle is self-contained: the .vsix ships no node_modules.
import * as esbuild from 'esbuild';

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

const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' } },
  { entryPoints: { cli: 'server/src/cli/main.ts' } },
];

const contexts = await Promise.all(builds.map((build) => esbuild.context({ ...common, ...build, outdir: 'dist' })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
