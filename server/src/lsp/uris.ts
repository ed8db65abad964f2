/**
 * Folder arithmetic on URIs, without Node's `path` or `url` (the server also runs in a web worker): the path of a
 * URI, whether a file is inside a folder, a name relative to a folder. Any scheme works (`file:`, `vscode-remote:`,
 * `vscode-vfs:`); two URIs are in the same tree when their scheme and authority match.
 */

interface Parsed {
  readonly origin: string;
  /** Decoded, `.` and `..` resolved, without a trailing slash (except the root `/`). */
  readonly path: string;
}

function parse(uri: string): Parsed | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    decoded = url.pathname;
  }
  const path = decoded.length > 1 ? decoded.replace(/\/+$/, '') : decoded;
  return { origin: `${url.protocol}//${url.host}`, path: path || '/' };
}

/** The URI's path, decoded: for a `file:` URI on Linux or macOS, the file's path. */
export function uriPath(uri: string): string {
  return parse(uri)?.path ?? uri;
}

/** The last segment of the URI's path. */
export function uriBasename(uri: string): string {
  const path = uriPath(uri);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `uri` is `folder` or below it. */
export function isInsideFolder(uri: string, folder: string): boolean {
  const file = parse(uri);
  const base = parse(folder);
  if (!file || !base || file.origin !== base.origin) return false;
  return file.path === base.path || file.path.startsWith(base.path === '/' ? '/' : base.path + '/');
}

/** The path of `uri` relative to `folder` (which holds it), with `/` between segments. */
export function relativeToFolder(folder: string, uri: string): string {
  const base = uriPath(folder);
  const path = uriPath(uri);
  if (path === base) return '';
  return path.slice(base === '/' ? 1 : base.length + 1);
}
