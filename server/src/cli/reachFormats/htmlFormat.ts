import { createHash } from 'node:crypto';
import { buildReachabilityView, explainCell, pairKey, type ExplanationView, type ReachabilityView, type ViewFilter } from '../../service';
import type { ReachContext, ReachReport } from './index';
import { webviewBundle } from './webviewBundle';

/**
 * The reachability report as one self-contained HTML file for a CI job to publish: the panel's own renderer (the
 * webview bundle) and stylesheet inlined, the view as inert JSON, and a Content-Security-Policy that allows
 * exactly that script and style (by hash) and nothing else: no remote content, no other inline code.
 */
export function* formatHtml(view: ReachabilityView): Generator<string> {
  const { script, style } = webviewBundle();
  // The bundle is inlined as it is, but a `</script` inside it would end the element early.
  const inlineScript = script.replace(/<\/(script)/gi, '<\\/$1');
  const inlineStyle = style.replace(/<\/(style)/gi, '<\\/$1');
  const csp = `default-src 'none'; style-src '${sha256(inlineStyle)}'; script-src '${sha256(inlineScript)}'`;
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Reachability of ${view.title}`)}</title>
<style>${inlineStyle}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="reach-data">`;
  // JSON in a <script type="application/json"> is never executed; escaping `<` keeps `</script>` out of it.
  for (const chunk of viewJson(view))
    yield chunk
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  yield `</script>
<script>${inlineScript}</script>
</body>
</html>
`;
}

/** `JSON.stringify(view)`, in chunks: its endpoints and rows of cells one at a time. */
function* viewJson(view: ReachabilityView): Generator<string> {
  let first = true;
  for (const [key, value] of Object.entries(view) as [string, unknown][]) {
    if (value === undefined) continue;
    yield `${first ? '{' : ','}${JSON.stringify(key)}:`;
    first = false;
    if ((key === 'endpoints' || key === 'cells') && Array.isArray(value)) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield `${i === 0 ? '' : ','}${JSON.stringify(value[i])}`;
      yield ']';
    } else {
      yield JSON.stringify(value);
    }
  }
  yield first ? '{}' : '}';
}

/**
 * `reach --format html`: the panel's view of every port, opening on the asked port and protocol; small reports
 * carry the explanation of every cell (large ones would grow too big).
 */
export function renderHtmlReport(context: ReachContext): ReachReport {
  const result = context.reachability({});
  const filter: ViewFilter = { port: context.port ?? 'any', protocol: context.port === undefined && !context.protocolGiven ? 'any' : context.protocol };
  const byPair: Record<string, ExplanationView[]> = {};
  if (result.sources.length * result.destinations.length <= 1600) {
    for (const from of result.sources) {
      for (const to of result.destinations) {
        const fromKey = result.endpoints[from].key;
        const toKey = result.endpoints[to].key;
        byPair[pairKey(fromKey, toKey)] = explainCell(context.model, fromKey, toKey, filter, context.formatRef)!;
      }
    }
  }
  const view = buildReachabilityView(result, {
    title: context.paths.join(', '),
    formatRef: context.formatRef,
    initialFilter: filter,
    explanations: { filter, byPair },
  });
  return { chunks: formatHtml(view), result };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
