import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { findYamlFiles } from './yamlFiles';

/**
 * Cluster files: manifests outside the repository (typically a cluster dump, `kubectl get namespaces,pods,... -A
 * -o yaml`) read as context. `netpol.clusterFiles` in the editor and `--cluster` in the CLI name them as paths or
 * globs; this expands them. A plain path may name any file (a dump need not end in .yaml); a glob matches YAML
 * files only, below the part of the pattern that has no glob characters.
 */
export interface ExpandedClusterFiles {
  /** Absolute paths, in the order the patterns name them, each once. */
  readonly files: readonly string[];
  /** Patterns that named nothing: a missing file, or a glob without a match. */
  readonly unmatched: readonly string[];
}

/** True when `pattern` has glob characters (`*`, `?`, `[`, `{`). */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** Expands paths and globs relative to `base` (absolute ones as they are), at most `maxFiles` files. */
export async function expandClusterFiles(patterns: readonly string[], base: string, maxFiles = 20_000): Promise<ExpandedClusterFiles> {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  let matched = false;
  const add = (file: string): void => {
    matched = true;
    if (seen.has(file) || files.length >= maxFiles) return;
    seen.add(file);
    files.push(file);
  };
  for (const pattern of patterns) {
    if (pattern.trim() === '') continue;
    const absolute = path.resolve(base, pattern);
    matched = false;
    if (!isGlob(pattern)) {
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (stat?.isFile()) add(absolute);
      else if (stat?.isDirectory()) for (const file of await findYamlFiles(absolute)) add(file);
    } else {
      // The walk starts at the longest leading part without glob characters.
      const segments = absolute.split(path.sep);
      const firstGlob = segments.findIndex(isGlob);
      const root = segments.slice(0, firstGlob).join(path.sep) || path.sep;
      const matcher = new Minimatch(absolute.split(path.sep).join('/'), { dot: true });
      const found = await findYamlFiles(root).catch(() => [] as string[]);
      for (const file of found) if (matcher.match(file.split(path.sep).join('/'))) add(file);
    }
    if (!matched) unmatched.push(pattern);
  }
  return { files, unmatched };
}
