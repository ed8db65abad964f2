/**
 * Whether the reachability panel may open `uri`: a URI inside one of the workspace folders or inside the panel's
 * own folder, with the same scheme and authority (`file:`, or `vscode-remote:` in the web extension). A message
 * from the webview is untrusted input: anything else (another scheme or host, a path that climbs out with `..`, a
 * file elsewhere on disk) is refused. No Node APIs (the web extension runs it in a web worker), and no `vscode`,
 * so that it is unit-tested without VS Code.
 *
 * `folders` are folder URIs, or absolute paths (taken as `file:` URIs).
 */
export function isRevealAllowed(uri: string, folders: readonly string[]): boolean {
  const file = parseUri(uri);
  if (!file || file.path === undefined) return false;
  return folders.some((folder) => {
    const base = parseUri(folder.startsWith('/') ? `file://${encodeURI(folder).replace(/[?#]/g, encodeURIComponent)}` : folder);
    if (!base || base.path === undefined || base.origin !== file.origin) return false;
    const prefix = base.path.endsWith('/') ? base.path : `${base.path}/`;
    return file.path !== undefined && file.path.startsWith(prefix) && file.path.length > prefix.length;
  });
}

/** Scheme and authority, and the decoded path (undefined when it hides a separator or a `..` segment). */
function parseUri(uri: string): { origin: string; path: string | undefined } | undefined {
  if (!/^(file|vscode-remote|vscode-vfs|vscode-test-web):\/\//i.test(uri)) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.search || url.hash || /%2f|%5c|%00/i.test(url.pathname)) return { origin: '', path: undefined };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { origin: '', path: undefined };
  }
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) return { origin: '', path: undefined };
  return { origin: `${url.protocol}//${url.host}`, path: path.length > 1 ? path.replace(/\/+$/, '') : path };
}
