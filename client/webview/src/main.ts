/**
 * The reachability panel's entry point. In a VS Code webview it talks to the extension; in a static report
 * (`netpol-lens reach --format html`) it reads the view from the page's inert JSON block. Either way every
 * message and the view are checked before use.
 */
import { checkView, type ReachabilityView } from '../../../server/src/protocol/view';
import { App } from './app';
import { staticHost, vscodeHost } from './host';
import { readToPanel } from '../../../server/src/protocol/panelMessages';

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const live = vscodeHost();
  if (live) {
    const app = new App(root, live);
    window.addEventListener('message', (event: MessageEvent) => {
      // Only the extension posts to this window (the webview's host frame); anything unreadable is dropped.
      const message = readToPanel(event.data);
      if (!message) return;
      if (message.type === 'view') app.setScope(message.scope);
      app.receive(message);
    });
    live.post({ type: 'ready' });
    return;
  }
  const app = new App(
    root,
    staticHost(() => undefined),
  );
  const data = document.getElementById('reach-data')?.textContent ?? '';
  let view: unknown;
  try {
    view = JSON.parse(data);
  } catch {
    view = undefined;
  }
  const problem = checkView(view);
  if (problem) app.receive({ type: 'status', status: 'error', message: `This report's data cannot be read: ${problem}.` });
  else app.receive({ type: 'view', view: view as ReachabilityView });
}

start();
