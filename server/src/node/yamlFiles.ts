import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { isYamlFileName } from '../yamlText';

export { decodeText, isYamlFileName } from '../yamlText';

/** Names of folders never worth scanning for manifests. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface FindYamlFilesOptions {
  /** Glob patterns (matched against the path relative to the root, and the absolute path) to skip. */
  readonly exclude?: readonly string[];
  /** Called for a folder or file that cannot be read; the walk goes on. */
  readonly onError?: (filePath: string, error: NodeJS.ErrnoException) => void;
  /** Stop after this many files (the walk reads no further); `onLimit` is called once when it does. */
  readonly maxFiles?: number;
  readonly onLimit?: () => void;
}

/**
 * Every `*.yaml`/`*.yml` file under `root`, depth first in name order, as `path.join(root, relative)`. Follows
 * symbolic links but visits each real folder once, so a link loop ends. Unreadable entries go to `onError`.
 */
export async function findYamlFiles(root: string, options: FindYamlFilesOptions = {}): Promise<string[]> {
  const matchers = (options.exclude ?? []).map((pattern) => new Minimatch(pattern, { dot: true }));
  const excluded = (filePath: string): boolean => {
    const relative = path.relative(root, filePath).split(path.sep).join('/');
    return matchers.some((m) => m.match(relative) || m.match(filePath) || m.match(relative + '/'));
  };
  const visited = new Set<string>();
  const found: string[] = [];
  const maxFiles = options.maxFiles ?? Infinity;
  let stopped = false;
  const walk = async (folder: string): Promise<void> => {
    if (stopped) return;
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(folder);
      if (visited.has(real)) return;
      visited.add(real);
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      options.onError?.(folder, error as NodeJS.ErrnoException);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (stopped) return;
      const entryPath = path.join(folder, entry.name);
      if (excluded(entryPath)) continue;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = await fs.stat(entryPath);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          options.onError?.(entryPath, error as NodeJS.ErrnoException);
          continue;
        }
      }
      if (isDirectory) {
        if (!ALWAYS_SKIPPED.has(entry.name)) await walk(entryPath);
      } else if (isFile && isYamlFileName(entry.name)) {
        if (found.length >= maxFiles) {
          stopped = true;
          options.onLimit?.();
          return;
        }
        found.push(entryPath);
      }
    }
  };
  await walk(root);
  return found;
}
