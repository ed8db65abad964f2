import { execFile } from 'node:child_process';
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeText, findYamlFiles, isYamlFileName } from '../node/yamlFiles';
import { UsageError, type CliIo } from './cliIo';

/** One side's file: the URI both sides share for the same file, its text, and its name for people. */
export interface SideFile {
  readonly uri: string;
  readonly text: string;
  readonly displayPath: string;
}

export interface Side {
  /** `HEAD`, `the working tree`, a folder as given. */
  readonly label: string;
  readonly files: readonly SideFile[];
}

/** What `git` printed, as bytes; a failure carries git's own message. */
class GitFailed extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs git with an argument array (no shell), in `cwd`; `input` is written to its standard input. */
function git(args: readonly string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 2 ** 31 - 1, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new UsageError('git was not found: install git, or compare two folders with --base-dir'));
      reject(new GitFailed(`git ${args[0]} failed`, stderr.toString('utf8').trim()));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** The work tree of the paths: its root, and each path relative to it (`/`-separated, `.` for the root). */
export interface GitPaths {
  readonly root: string;
  readonly paths: readonly string[];
}

export async function gitPaths(cwd: string, given: readonly string[]): Promise<GitPaths> {
  let top: string;
  let prefix: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
    prefix = (await git(['rev-parse', '--show-prefix'], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitFailed)
      throw new UsageError(`${cwd} is not inside a git work tree (${error.stderr.split('\n')[0]}); compare two folders with --base-dir OLD NEW`);
    throw error;
  }
  const paths = given.map((p) => {
    // Relative paths from the current folder, which is `prefix` inside the work tree: no symbolic link can make
    // the two disagree. Absolute paths are taken relative to the root as git reports it.
    const relative = path.isAbsolute(p) ? path.relative(top, p).split(path.sep).join('/') : path.posix.join(prefix, p.split(path.sep).join('/'));
    const normal = path.posix.normalize(relative === '' ? '.' : relative).replace(/\/$/, '') || '.';
    if (normal === '..' || normal.startsWith('../') || path.isAbsolute(normal)) throw new UsageError(`${p} is outside the git work tree ${top}`);
    return normal;
  });
  return { root: top, paths };
}

/** Checks that git knows `revision` as a commit; a usage error (exit 2) in words otherwise. */
export async function verifyRevision(root: string, revision: string, option: string): Promise<string> {
  if (revision === '' || revision.startsWith('-')) throw new UsageError(`${option} needs a revision, not "${revision}"`);
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], root)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitFailed) throw new UsageError(`unknown revision "${revision}" (${option}): git knows no commit by that name in ${root}`);
    throw error;
  }
}

/** The YAML files of `paths` at `commit` (a verified commit id), read with `git ls-tree` and one `git cat-file --batch`. */
export async function readRevision(where: GitPaths, commit: string, label: string): Promise<Side> {
  const listed = (await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--', ...where.paths], where.root)).toString('utf8');
  const names = listed.split('\0').filter((name) => name !== '' && isYamlFileName(name));
  if (names.length === 0) return { label, files: [] };
  // `<commit>:<path>` per line; a path with a line break cannot be asked for this way: read it on its own.
  const batchable = names.filter((name) => !name.includes('\n'));
  const out = await git(['cat-file', '--batch'], where.root, batchable.map((name) => `${commit}:${name}\n`).join(''));
  const files: SideFile[] = [];
  let at = 0;
  for (const name of batchable) {
    const headerEnd = out.indexOf(10, at);
    const header = out.subarray(at, headerEnd).toString('utf8');
    at = headerEnd + 1;
    const match = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!match) continue; // `<object> missing`: a submodule or a race; nothing to read
    const size = Number(match[2]);
    const bytes = out.subarray(at, at + size);
    at += size + 1;
    if (match[1] !== 'blob') continue;
    const text = decodeText(bytes);
    if (text !== undefined) files.push({ uri: uriOf(where.root, name), text, displayPath: name });
  }
  for (const name of names.filter((candidate) => candidate.includes('\n'))) {
    const text = decodeText(await git(['show', `${commit}:${name}`], where.root));
    if (text !== undefined) files.push({ uri: uriOf(where.root, name), text, displayPath: name });
  }
  return { label, files };
}

function uriOf(root: string, relative: string): string {
  return pathToFileURL(path.join(root, relative)).toString();
}

export interface ReadFolderResult extends Side {
  /** Paths that exist but could not be read; their lines are on stderr. */
  readonly unreadable: boolean;
  /** The given paths that do not exist. */
  readonly missing: readonly string[];
}

/**
 * The YAML files under `paths` on disk (files or folders, recursively), each placed (URI and name) by `place`, from
 * the path given and the file's absolute path. Missing paths are returned, not reported: a folder the change deletes is no error.
 */
export async function readFromDisk(
  io: CliIo,
  label: string,
  paths: readonly string[],
  place: (given: string, absolute: string) => { uri: string; displayPath: string },
  maxFileSize: number,
): Promise<ReadFolderResult> {
  const files: SideFile[] = [];
  const missing: string[] = [];
  let unreadable = false;
  const report = (file: string, reason: string) => {
    unreadable = true;
    io.stderr(`netpol-lens diff: ${file}: ${reason}\n`);
  };
  const seen = new Set<string>();
  const addFile = async (given: string, absolute: string) => {
    const { uri, displayPath } = place(given, absolute);
    if (seen.has(uri)) return;
    seen.add(uri);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(absolute);
    } catch (error) {
      return report(displayPath, (error as Error).message);
    }
    if (bytes.length > maxFileSize) return report(displayPath, `${bytes.length} bytes, more than --max-file-size (${maxFileSize}), skipped`);
    const text = decodeText(bytes);
    if (text === undefined) return report(displayPath, 'not a UTF-8 text file, skipped');
    files.push({ uri, text, displayPath });
  };
  for (const given of paths) {
    const absolute = path.resolve(io.cwd, given);
    let stat: Stats;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(given);
      else report(given, (error as Error).message);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await findYamlFiles(absolute, { onError: (file, error) => report(file, error.message) })) await addFile(given, file);
    } else if (stat.isFile()) {
      await addFile(given, absolute);
    } else {
      report(given, 'not a regular file, skipped');
    }
  }
  return { label, files, unreadable, missing };
}
