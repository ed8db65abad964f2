import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { webviewBundle } from '../../server/src/cli/reachFormats/webviewBundle';
import { panelHtml } from '../../client/src/panelHtml';
import type { ToPanel } from '../../server/src/protocol/panelMessages';

/** The page's globals, as the functions run in it see them (this file compiles without the DOM library). */
declare const window: { posted: Record<string, unknown>[]; saved: Record<string, unknown>; postMessage(data: unknown, origin: string): void };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** HARNESS.md's flags for Debian's Chromium, headless. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

const ORIGIN = 'https://panel.test';

/**
 * The webview bundle in the extension's own page (`panelHtml`: its CSP, a fresh nonce for the script, the
 * stylesheet from the page's origin, nothing else), served from an origin that stands for the webview's, and a stand-in for `acquireVsCodeApi` that records what the panel posts
 * and saves. Messages from the "extension" arrive with `window.postMessage`, as in a webview.
 */
export class PanelPage {
  readonly problems: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(readonly page: Page) {}

  static async open(browser: Browser, options: { state?: unknown; colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<PanelPage> {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1300, height: options.height ?? 800 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const panel = new PanelPage(page);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') panel.problems.push(message.text());
    });
    page.on('pageerror', (error) => panel.problems.push(String(error)));
    page.on('dialog', (dialog) => {
      panel.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const { script, style } = webviewBundle();
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/webview.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      if (url.pathname === '/webview.css') return route.fulfill({ contentType: 'text/css', body: style });
      return route.fulfill({
        contentType: 'text/html',
        body: panelHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/webview.js`, styleUri: `${ORIGIN}/webview.css` }),
      });
    });
    // A string, not a function: the test runner's transpiler would wrap named functions in a helper the page lacks.
    await page.addInitScript(`
      window.posted = [];
      window.saved = ${JSON.stringify(options.state ?? null)};
      window.acquireVsCodeApi = function () {
        return {
          postMessage: function (message) { window.posted.push(message); },
          getState: function () { return window.saved; },
          setState: function (state) { window.saved = state; },
        };
      };
    `);
    await page.goto(`${ORIGIN}/panel.html`);
    await page.locator('#matrix').waitFor({ state: 'attached' });
    return panel;
  }

  /** Sends a message as the extension would (or anything else, to test that it is refused). */
  async send(message: ToPanel | unknown): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message as never);
  }

  async posted(): Promise<Record<string, unknown>[]> {
    return this.page.evaluate(() => window.posted);
  }

  /** Waits for the panel to post a message of a type, and returns the last one. */
  async waitForPosted(type: string, count = 1): Promise<Record<string, unknown>> {
    await this.page.waitForFunction(([t, n]) => window.posted.filter((m) => m.type === t).length >= n, [type, count] as const);
    const all = await this.posted();
    return all.filter((message) => message.type === type).at(-1)!;
  }

  async saved(): Promise<Record<string, unknown>> {
    return this.page.evaluate(() => window.saved);
  }

  cell(row: string, col: string) {
    return this.page.locator(`.cell[data-row="${cssString(row)}"][data-col="${cssString(col)}"]`);
  }
}

/** A string for a CSS attribute selector in double quotes. */
export function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
