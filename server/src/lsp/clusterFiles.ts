import { Minimatch } from 'minimatch';
import type { FileSource } from './fileSource';
import { uriPath } from './uris';

/** What the cluster files need from the server around them. */
export interface ClusterFilesHost {
  readonly files: FileSource;
  /** Reads a file into the service (DiskFiles.load), or forgets it when it is not a file. */
  load(uri: string): Promise<void>;
  /** A file that is no longer a cluster file: read again as an ordinary file (published if in a workspace folder). */
  release(uri: string): Promise<void>;
  warn(message: string): void;
}

/**
 * `netpol.clusterFiles`: manifests outside the repository (typically a cluster dump, `kubectl get namespaces,pods,...
 * -A -o yaml`), read through the server's {@link FileSource} like the files of a lone file's folder, as read-only
 * context: their namespaces and workloads count in the cluster model, and nothing is ever published for them (not
 * even when one is open in the editor, or lies inside a workspace folder). Entries are paths or globs, relative to
 * the first workspace folder or absolute; a path may name a folder (its YAML files, recursively).
 */
export class ClusterFiles {
  private uris = new Set<string>();

  constructor(private readonly host: ClusterFilesHost) {}

  /** True for a file `netpol.clusterFiles` names: never published. */
  has(uri: string): boolean {
    return this.uris.has(uri);
  }

  /** Reads the files the setting names now; files it no longer names are released. Call before the workspace scan. */
  async update(patterns: readonly string[], baseFolder: string | undefined, maxFiles: number): Promise<void> {
    const next = new Set<string>();
    for (const pattern of patterns) {
      const found = await this.resolve(pattern, baseFolder, maxFiles - next.size);
      if (found.length === 0) this.host.warn(`netpol.clusterFiles: ${pattern} names no file.`);
      for (const uri of found) next.add(uri);
      if (next.size >= maxFiles) break;
    }
    const previous = this.uris;
    this.uris = next;
    for (const uri of previous) if (!next.has(uri)) await this.host.release(uri);
    for (const uri of next) await this.host.load(uri);
  }

  private async resolve(pattern: string, baseFolder: string | undefined, maxFiles: number): Promise<string[]> {
    const absolute = absolutePath(pattern.trim(), baseFolder);
    if (absolute === undefined || maxFiles <= 0) return [];
    const origin = originOf(baseFolder) ?? 'file://';
    const segments = absolute.split('/');
    const firstGlob = segments.findIndex((segment) => /[*?[{]/.test(segment));
    const onError = (what: string) => this.host.warn(`netpol.clusterFiles: could not read ${what}`);
    if (firstGlob === -1) {
      const uri = origin + encodePath(absolute);
      // A folder: its YAML files; else the file itself (a dump need not end in .yaml).
      const below = await this.host.files.findYamlFiles(uri, { recursive: true, exclude: [], maxFiles, onError: () => undefined }).catch(() => undefined);
      return below && below.uris.length > 0 ? [...below.uris] : [uri];
    }
    const root = segments.slice(0, firstGlob).join('/') || '/';
    const matcher = new Minimatch(absolute, { dot: true });
    const found = await this.host.files
      .findYamlFiles(origin + encodePath(root), { recursive: true, exclude: [], maxFiles: 100_000, onError })
      .catch(() => undefined);
    return (found?.uris ?? []).filter((uri) => matcher.match(uriPath(uri))).slice(0, maxFiles);
  }
}

/** The pattern as an absolute path with `/` separators, `.` and `..` resolved; undefined when relative without a folder. */
function absolutePath(pattern: string, baseFolder: string | undefined): string | undefined {
  if (pattern === '') return undefined;
  let joined: string;
  if (pattern.startsWith('/')) joined = pattern;
  else if (baseFolder === undefined) return undefined;
  else joined = `${uriPath(baseFolder)}/${pattern}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

function originOf(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
