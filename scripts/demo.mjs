// `npm run demo`: the extension as a user gets it, in a browser. Builds and packages the .vsix, installs it into
// the cached code-server (user data per clone, in ~/.cache/netpol-lens/demo-<hash of the clone's path>) and serves
// a copy of the repo's examples/ (code-server autosaves: the checkout's files stay as they are; the copy is made
// afresh on each run) on 127.0.0.1, printing the URL. Runs until Ctrl+C.
//
// Usage: node scripts/demo.mjs [--port N] [--screenshot FILE]
//   --port N           serve on port N (also NETPOL_DEMO_PORT); when it is taken, the demo says so and stops.
//                      Without it: 8765, or a free port when 8765 is taken (and the demo says which).
//   --screenshot FILE  open the demo in headless Chromium, save a screenshot, and exit (a quick self-check)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { buildExtension, ensureEditorTools, freePort, installExtension, launchChromium, packageExtension, repoRoot, startCodeServer } from './lib/harness.mjs';

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

// Per clone: two clones' demos must not share (or overwrite) one another's user data and examples.
const cloneId = createHash('sha256').update(repoRoot).digest('hex').slice(0, 10);
const demoDir = path.join(tools.cache, `demo-${cloneId}`);
fs.mkdirSync(demoDir, { recursive: true });
installExtension(tools, demoDir, vsix);

const examples = path.join(demoDir, 'examples');
fs.rmSync(examples, { recursive: true, force: true });
fs.cpSync(path.join(repoRoot, 'examples'), examples, { recursive: true });

const given = option('--port') ?? process.env.NETPOL_DEMO_PORT;
const requested = Number(given ?? DEFAULT_PORT);
let port = requested;
if (await portTaken(requested)) {
  if (given !== undefined) {
    console.error(`demo: port ${requested} is already in use (another demo?). Stop it, or choose another port: npm run demo -- --port N`);
    process.exit(1);
  }
  port = await freePort();
  console.log(`demo: port ${requested} is already in use (another demo?); serving on ${port} instead.`);
}
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

  code-server ${tools.codeServerVersion} with ${path.basename(vsix)} installed, serving a copy of examples/:
  ${examples}
  log: ${server.logPath}
  Press Ctrl+C to stop.
`);
const stopped = await server.exited;
console.error(`demo: code-server exited (${stopped}); see ${server.logPath}`);
process.exit(1);
