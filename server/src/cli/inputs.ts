import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createNetpolService, ManifestWorkspace, type NetpolService } from '../service';
import { expandClusterFiles, isGlob } from '../node/clusterFiles';
import { decodeText, findYamlFiles } from '../node/yamlFiles';
import { UsageError, type CliIo } from './cliIo';

/**
 * Files larger than this many bytes are not analysed (the editor's `netpol.maxFileSize` default). `--max-file-size`
 * changes it: the work grows about linearly with the files (20 MB of policies: about 20 s of CPU time and 0.9 GB).
 */
export const DEFAULT_MAX_FILE_SIZE = 5_000_000;

/**
 * Cluster dumps (`kubectl get pods,namespaces,networkpolicies -A -o yaml|json`: a `kind: List` or typed list of
 * mostly Pods, Namespaces and ReplicaSets) larger than this many bytes are not analysed (`--max-dump-size`). They
 * are read along the light path (service/parse/clusterDump.ts): 100,000 Pods are about 250 MB of YAML. V8's
 * longest string (about 512 MB) is the hard limit of any setting.
 */
export const DEFAULT_MAX_DUMP_SIZE = 300_000_000;

/** Reads `--max-file-size`: a number of bytes (undefined: the default). */
export function readMaxFileSize(value: string | undefined, option = '--max-file-size', fallback = DEFAULT_MAX_FILE_SIZE): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a number of bytes, not "${value}"`);
  return Number(value);
}

/** Reads `--max-dump-size`: a number of bytes (undefined: the default). */
export function readMaxDumpSize(value: string | undefined): number {
  return readMaxFileSize(value, '--max-dump-size', DEFAULT_MAX_DUMP_SIZE);
}

/** One input file: its URI in the workspace and its name as the user wrote it (or as found under a folder). */
export interface InputFile {
  readonly uri: string;
  readonly displayPath: string;
}

export interface LoadedInputs {
  /** The language service holding every file read: the CLI asks it what the editor asks. */
  readonly service: NetpolService;
  readonly files: readonly InputFile[];
  /**
   * The `--cluster` files (a cluster dump, ...): in the service as read-only context (their namespaces and workloads
   * count), never checked themselves. Read before the PATHs, so a policy in a PATH replaces the dump's copy.
   */
  readonly clusterFiles: readonly InputFile[];
  /** True when some path could not be read (missing, unreadable, not text) or is a folder without YAML files: exit code 2. */
  readonly hadUnreadable: boolean;
  /** Files skipped because they are not UTF-8 text: each gets a `file.not-utf8` finding (getNotUtf8FileFindings). */
  readonly notUtf8: readonly { readonly displayPath: string; readonly bytes: Uint8Array }[];
  /** The display name of a workspace URI. */
  displayPath(uri: string): string;
}

/**
 * Reads files and folders (recursively `*.yaml`/`*.yml`) into one workspace: a policy in one file may select
 * workloads in another. Problems go to stderr, one line each; the other files are still read.
 */
export async function loadInputs(
  paths: readonly string[],
  io: CliIo,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
  cluster: readonly string[] = [],
  maxDumpSize = DEFAULT_MAX_DUMP_SIZE,
): Promise<LoadedInputs> {
  // The CLI holds the workspace itself: cluster dumps are set into it along the light path.
  const workspace = new ManifestWorkspace();
  const service = createNetpolService({ workspace });
  let files: InputFile[] = [];
  const byUri = new Map<string, string>();
  let hadUnreadable = false;
  const notUtf8: { displayPath: string; bytes: Uint8Array }[] = [];
  /** One stderr line for a path that gives no input: a reason, or (none) a folder without YAML files. */
  const report = (file: string, reason: string | undefined) => {
    hadUnreadable = true;
    io.stderr(reason === undefined ? `netpol-lens: no YAML files found in ${file}\n` : `netpol-lens: ${file}: ${reason}\n`);
  };
  let readingCluster = false;
  const addFile = async (displayPath: string) => {
    const absolute = path.resolve(io.cwd, displayPath);
    const uri = pathToFileURL(absolute).toString();
    if (byUri.has(uri)) return;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(absolute);
    } catch (error) {
      return report(displayPath, describeError(error as NodeJS.ErrnoException));
    }
    // A file larger than --max-file-size may still be a cluster dump, which has a limit of its own.
    // (A --cluster file is context by definition: the dump limit applies to it, whatever its shape.)
    const tooLarge = bytes.length > maxFileSize;
    if (tooLarge && (bytes.length > Math.max(maxDumpSize, maxFileSize) || !(readingCluster || looksLikeList(bytes)))) {
      return report(
        displayPath,
        `${bytes.length} bytes, more than --max-file-size (${maxFileSize})${looksLikeList(bytes) ? ` and --max-dump-size (${maxDumpSize})` : ''}, skipped`,
      );
    }
    const text = decodeText(bytes);
    if (text === undefined) {
      notUtf8.push({ displayPath, bytes });
      return report(displayPath, 'not a UTF-8 text file, skipped');
    }
    bytes = Buffer.alloc(0);
    const dump = workspace.setClusterDump(uri, text);
    if (!dump) {
      if (tooLarge && !readingCluster)
        return report(
          displayPath,
          `${Buffer.byteLength(text)} bytes, more than --max-file-size (${maxFileSize}), and not a cluster dump (a List of mostly Pods, Namespaces and ReplicaSets that reads without errors), skipped`,
        );
      service.setFile(uri, text);
    }
    byUri.set(uri, displayPath);
    files.push({ uri, displayPath });
  };
  if (cluster.length > 0) {
    const expanded = await expandClusterFiles(cluster, io.cwd);
    for (const pattern of expanded.unmatched) report(`--cluster ${pattern}`, isGlob(pattern) ? 'no file matches' : 'no such file or folder');
    readingCluster = true;
    for (const file of expanded.files) await addFile(path.relative(io.cwd, file) || file);
    readingCluster = false;
  }
  const clusterFiles = files;
  files = [];
  notUtf8.length = 0; // a cluster file that is not text has its stderr line, and no finding: it is never checked
  for (const given of paths) {
    const absolute = path.resolve(io.cwd, given);
    let stat: Stats;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      report(given, describeError(error as NodeJS.ErrnoException));
      continue;
    }
    if (stat.isDirectory()) {
      // Files found under a folder are named from the folder as the user wrote it.
      const asGiven = (file: string) => path.join(given, path.relative(absolute, file));
      let walkFailed = false;
      const found = await findYamlFiles(absolute, {
        onError: (file, error) => {
          walkFailed = true;
          report(asGiven(file), describeError(error));
        },
      });
      // A mistyped path in CI must not pass as "no problems": a folder without manifests is an input error.
      if (found.length === 0 && !walkFailed) report(given, undefined);
      for (const file of found) await addFile(asGiven(file));
    } else if (!stat.isFile()) {
      // A FIFO would block the read forever, a device like /dev/zero never end it.
      report(given, 'not a regular file, skipped');
    } else {
      await addFile(given);
    }
  }
  return { service, files, clusterFiles, hadUnreadable, notUtf8, displayPath: (uri) => byUri.get(uri) ?? uri };
}

/**
 * A quick look at the bytes of a large file: a JSON object, or YAML with `items:` at the top level (kubectl writes
 * `kind: List` after the items, at the end). The light path decides for sure.
 */
function looksLikeList(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 65536).toString('utf8');
  const first = head.search(/\S/);
  if (first !== -1 && head[first] === '{')
    return head.includes('"items"') || /"kind":\s*"[A-Za-z]*List"/.test(bytes.subarray(Math.max(0, bytes.length - 65536)).toString('utf8'));
  return /^items:/m.test(head) || /^kind:[ \t]*["']?[A-Za-z]*List/m.test(head);
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error.message;
  }
}
