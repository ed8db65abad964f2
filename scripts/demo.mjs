// `npm run demo`: the extension as a user gets it, in a browser. Builds and packages the .vsix, installs it into
// the cached code-server (user data in ~/.cache/netpol-lens/demo) and serves the repo's examples/ folder on
// 127.0.0.1, printing the URL. Runs until Ctrl+C.
//
// Usage: node scripts/demo.mjs [--port N] [--screenshot FILE]
//   --port N           serve on port N (default 8765, or a free port when that one is taken; also NETPOL_DEMO_PORT)
//   --screenshot FILE  open the demo in headless Chromium, save a screenshot, and exit (a quick self-check)
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  buildExtension, ensureEditorTools, freePort, installExtension, launchChromium, packageExtension, repoRoot,
  startCodeServer,
} from './lib/harness.mjs';

const DEFAULT_PORT = 8765;

function option(name) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

/** Whether something already listens on 127.0.0.1:port. */
function portTaken(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

const tools = ensureEditorTools();
buildExtension();
const vsix = packageExtension();

const demoDir = path.join(tools.cache, 'demo');
fs.mkdirSync(demoDir, { recursive: true });
installExtension(tools, demoDir, vsix);

const examples = path.join(repoRoot, 'examples');
const requested = Number(option('--port') ?? process.env.NETPOL_DEMO_PORT ?? DEFAULT_PORT);
const port = (await portTaken(requested)) ? await freePort() : requested;
const server = await startCodeServer({ tools, runDir: demoDir, workspace: examples, port });
// Plain when the path needs no escaping, so the URL reads well in a terminal.
const folder = /^[\w/.-]+$/.test(examples) ? examples : encodeURIComponent(examples);
const url = `${server.url}/?folder=${folder}`;

const screenshot = option('--screenshot');
if (screenshot) {
  const browser = await launchChromium(tools);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-workbench .explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshot });
    console.log(`demo: screenshot of ${url} saved to ${screenshot}`);
  } finally {
    await browser.close();
    await server.stop();
  }
  process.exit(0);
}

console.log(`
  NetworkPolicy Lens demo: ${url}

  code-server ${tools.codeServerVersion} with ${path.basename(vsix)} installed, serving ${path.relative(repoRoot, examples)}/
  log: ${server.logPath}
  Press Ctrl+C to stop.
`);
const stopped = await server.exited;
console.error(`demo: code-server exited (${stopped}); see ${server.logPath}`);
process.exit(1);
