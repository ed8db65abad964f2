import { createHash } from 'node:crypto';
import { renderReachReport } from './reachReportRenderer';
import type { ReachView } from './reachView';

const STYLE = `
:root { color-scheme: light dark; --all: #2e7d32; --some: #b7791f; --none: #9e9e9e; --self: #5c6bc0; }
body { font: 13px/1.4 system-ui, sans-serif; margin: 1.5em; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
h2 { font-size: 1.1em; margin-top: 1.5em; }
.summary, .legend { margin: .3em 0; }
.filter { width: 28em; margin: .5em 0; padding: .3em; }
.scroll { overflow: auto; max-height: 70vh; border: 1px solid #8884; }
table.matrix { border-collapse: collapse; }
table.matrix th, table.matrix td { border: 1px solid #8883; padding: 0 .3em; }
table.matrix thead th { position: sticky; top: 0; background: Canvas; }
table.matrix th.row { position: sticky; left: 0; background: Canvas; text-align: left; white-space: nowrap; font-weight: normal; }
th.column { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: normal; }
td.cell, span.cell { text-align: center; cursor: pointer; font-size: 1.1em; }
.cell.all { color: var(--all); } .cell.some { color: var(--some); } .cell.none { color: var(--none); } .cell.self { color: var(--self); }
td.cell:hover, td.cell:focus { outline: 2px solid Highlight; }
pre.details { white-space: pre-wrap; border: 1px solid #8884; padding: .6em; min-height: 3em; }
table.list { border-collapse: collapse; } table.list td, table.list th { border-bottom: 1px solid #8883; padding: .2em .6em; text-align: left; vertical-align: top; }
`;

/**
 * A self-contained HTML report: the view as inert JSON, the renderer's own source as the only script, and a
 * Content-Security-Policy that allows exactly that script and style (by hash) and nothing else.
 */
export function formatHtml(view: ReachView): string {
  // JSON in a <script type="application/json"> is never executed; escaping `<` keeps `</script>` out of it.
  const data = JSON.stringify(view).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  // `__name` is what esbuild's keepNames (used by tsx) wraps functions with; the bundles do not need it.
  const script = `var __name = function (target) { return target; };\n(${renderReachReport.toString()})(document, document.getElementById('app'), JSON.parse(document.getElementById('reach-data').textContent));`;
  const csp = `default-src 'none'; style-src '${sha256(STYLE)}'; script-src '${sha256(script)}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="reach-data">${data}</script>
<script>${script}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
