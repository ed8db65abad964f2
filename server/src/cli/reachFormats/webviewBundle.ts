import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';

/** The reachability panel's script and stylesheet, as the HTML report inlines them. */
export interface WebviewBundle {
  readonly script: string;
  readonly style: string;
}

/** Set by esbuild.mjs in the CLI bundle: the webview bundle it built just before. */
declare const NETPOL_WEBVIEW_BUNDLE: WebviewBundle | undefined;

let built: WebviewBundle | undefined;

/**
 * The webview bundle: the one built into the CLI bundle, or, when running from the sources (tests, `tsx`), built
 * now from `client/webview` with esbuild (a devDependency), exactly as esbuild.mjs builds it.
 */
export function webviewBundle(): WebviewBundle {
  if (typeof NETPOL_WEBVIEW_BUNDLE !== 'undefined') return NETPOL_WEBVIEW_BUNDLE;
  if (!built) built = buildFromSources();
  return built;
}

function buildFromSources(): WebviewBundle {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild') as typeof Esbuild;
  const common = { bundle: true, write: false, minify: true, logLevel: 'silent', absWorkingDir: root } as const;
  const script = esbuild.buildSync({ ...common, entryPoints: ['client/webview/src/main.ts'], platform: 'browser', format: 'iife', target: ['chrome114'] });
  const style = esbuild.buildSync({ ...common, entryPoints: ['client/webview/src/panel.css'] });
  return { script: script.outputFiles[0].text, style: style.outputFiles[0].text };
}
