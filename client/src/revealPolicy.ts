import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether the reachability panel may open `uri`: a `file:` URI inside one of the workspace folders or inside the
 * panel's own folder. A message from the webview is untrusted input: anything else (another scheme, a path that
 * climbs out with `..`, a file elsewhere on disk) is refused. Plain Node, so that it is unit-tested without VS Code.
 */
export function isRevealAllowed(uri: string, folders: readonly string[]): boolean {
  let file: string;
  try {
    if (!uri.startsWith('file:')) return false;
    file = path.resolve(fileURLToPath(uri));
  } catch {
    return false;
  }
  return folders.some((folder) => {
    const relative = path.relative(path.resolve(folder), file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}
