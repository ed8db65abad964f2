import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  computeReachabilityDiff,
  DEFAULT_SETTINGS,
  isProtocol,
  LineIndex,
  type ConnectionChange,
  type DiffQuery,
  type ServiceSettings,
  type SourceRef,
} from '../service';
import { readConfigFile } from './cliConfig';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import { DEFAULT_DIFF_FORMAT, DIFF_FORMATS, type DiffFormat, type Place } from './diffFormats';
import { gitPaths, readFromDisk, readRevision, verifyRevision, type Side, type SideFile } from './diffSources';
import { formatOptionHelp, readFormat } from './formatTable';
import { readMaxFileSize } from './inputs';

export const DIFF_HELP = `Usage: netpol-lens diff [options] PATH...
       netpol-lens diff --base-dir OLD_DIR [options] NEW_DIR

What a change opens and closes: the reachability of the PATHs (files or folders, searched
recursively for *.yaml and *.yml) at a base revision against a head, per pair of endpoints,
protocol and ports, each change with the policies and rules responsible.

Options:
  --base REV                 the git revision to compare from (default: HEAD)
  --head REV                 the git revision to compare to (default: the working tree, tracked
                             and untracked files)
  --base-dir OLD_DIR         compare two folders instead: OLD_DIR, then NEW_DIR (no git)
${formatOptionHelp(DIFF_FORMATS, DEFAULT_DIFF_FORMAT, 29)}
  --port N|NAME              only this port: a number, or a container port name (resolved on
                             each destination)
  --protocol TCP|UDP|SCTP    only this protocol (with --port, default: TCP)
  --fail-on added|removed|any
                             exit 1 when a connection is opened (added, or more ports), closed
                             (removed, or fewer ports), or either
  --default-namespace NS     the namespace of objects without metadata.namespace (default: default)
  --config FILE              settings file, as for check (its defaultNamespace is used)
  --max-file-size BYTES      skip larger files in the working tree, with a message (default: 5000000)
  -h, --help                 show this help

Both sides analyse the same PATHs, inside one git work tree; the base side is read with
'git ls-tree' and 'git cat-file' (nothing is checked out). Endpoints are matched by key
(namespace/Kind/name, namespace/name, ipblock:CIDR); an endpoint on one side only is listed as
appeared or disappeared, with its connections. Pairs of two external address ranges are
outside the cluster, where no policy applies: they are left out. Files and lines are relative
to the repository root.

Exit status: 0 success (no change that --fail-on names), 1 such a change exists, 2 usage error,
unreadable input or a revision git does not know.
`;

const FAIL_ON = ['added', 'removed', 'any'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** `netpol-lens diff`: the reachability difference between two revisions or two folders. */
export async function runDiff(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      'base-dir': { type: 'string' },
      format: { type: 'string', default: DEFAULT_DIFF_FORMAT },
      port: { type: 'string' },
      protocol: { type: 'string' },
      'fail-on': { type: 'string' },
      'default-namespace': { type: 'string' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return EXIT_OK;
  }
  const format: DiffFormat = readFormat(DIFF_FORMATS, values.format ?? DEFAULT_DIFF_FORMAT);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on must be added, removed or any, not "${failOn}"`);
  const query = readQuery(values.port, values.protocol);
  const maxFileSize = readMaxFileSize(values['max-file-size']);
  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['default-namespace'] !== undefined) {
    if (values['default-namespace'] === '') throw new UsageError('--default-namespace needs a name');
    settings = { ...settings, defaultNamespace: values['default-namespace'] };
  }

  let sides: { base: Side; head: Side; unreadable: boolean };
  let paths: readonly string[];
  if (values['base-dir'] !== undefined) {
    if (values.base !== undefined || values.head !== undefined) throw new UsageError('--base-dir compares two folders: it takes no --base or --head');
    if (positionals.length !== 1) throw new UsageError('--base-dir OLD_DIR needs exactly one NEW_DIR');
    sides = await readFolders(io, values['base-dir'], positionals[0], maxFileSize);
    paths = [positionals[0]];
  } else {
    if (positionals.length === 0) throw new UsageError('diff needs at least one file or folder (or --base-dir OLD_DIR NEW_DIR)');
    sides = await readRevisions(io, values.base ?? 'HEAD', values.head, positionals, maxFileSize);
    paths = positionals;
  }
  if (sides.base.files.length === 0 && sides.head.files.length === 0) {
    io.stderr(`netpol-lens diff: no YAML files in ${paths.join(', ')} on either side\n`);
    return EXIT_USAGE;
  }

  const run = computeReachabilityDiff({ base: sides.base.files, head: sides.head.files, settings, query });
  const context = {
    diff: run.diff,
    base: sides.base.label,
    head: sides.head.label,
    paths,
    placeBefore: placer(sides.base.files),
    placeAfter: placer(sides.head.files),
  };
  for (const doc of run.head.model.leftOut) {
    const { file, line } = context.placeAfter(doc.ref);
    io.stderr(`netpol-lens diff: ${file}:${line}: left out${doc.kind ? ` ${doc.kind}` : ''}${doc.name ? ` ${doc.name}` : ''}: ${doc.reason}\n`);
  }
  io.stdout(format.render(context));
  if (sides.unreadable) return EXIT_USAGE;
  return failOn !== undefined && run.diff.connections.some((change) => fails(change, failOn as FailOn)) ? EXIT_FINDINGS : EXIT_OK;
}

function fails(change: ConnectionChange, failOn: FailOn): boolean {
  if (failOn === 'any') return true;
  return failOn === 'added' ? change.gained.length > 0 : change.lost.length > 0;
}

function readQuery(port: string | undefined, protocol: string | undefined): DiffQuery {
  let checked: DiffQuery['protocol'];
  if (protocol !== undefined) {
    const upper = protocol.toUpperCase();
    if (!isProtocol(upper)) throw new UsageError(`--protocol must be TCP, UDP or SCTP, not "${protocol}"`);
    checked = upper;
  }
  if (port === undefined) return checked ? { protocol: checked } : {};
  if (/^\d+$/.test(port)) {
    const number = Number(port);
    if (number < 1 || number > 65535) throw new UsageError(`--port must be between 1 and 65535, not ${port}`);
    return { port: number, protocol: checked ?? 'TCP' };
  }
  if (port.trim() === '') throw new UsageError('--port needs a number or a port name');
  return { port, protocol: checked ?? 'TCP' };
}

/** Where a source reference of one side is: the file's name and the line, from that side's text. */
function placer(files: readonly SideFile[]): (ref: SourceRef) => Place {
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const indexes = new Map<string, LineIndex>();
  return (ref) => {
    const file = byUri.get(ref.uri);
    if (!file) return { file: ref.uri, line: 1 };
    let index = indexes.get(ref.uri);
    if (!index) indexes.set(ref.uri, (index = new LineIndex(file.text)));
    return { file: file.displayPath, line: index.positionAt(ref.start).line + 1 };
  };
}

/** Git mode: the base at a revision, the head at a revision or in the working tree, both at the same paths. */
async function readRevisions(io: CliIo, baseRevision: string, headRevision: string | undefined, given: readonly string[], maxFileSize: number) {
  const where = await gitPaths(io.cwd, given);
  const baseCommit = await verifyRevision(where.root, baseRevision, '--base');
  const headCommit = headRevision === undefined ? undefined : await verifyRevision(where.root, headRevision, '--head');
  const base = await readRevision(where, baseCommit, baseRevision);
  if (headCommit !== undefined) {
    const head = await readRevision(where, headCommit, headRevision!);
    return { base, head, unreadable: false };
  }
  // The working tree: files are named relative to the root, as at the revision; a path the change deleted is no error.
  const repoPathOf = new Map(given.map((p, i) => [p, where.paths[i]]));
  const head = await readFromDisk(
    io,
    'the working tree',
    given,
    (p, absolute) => {
      const inside = path.relative(path.resolve(io.cwd, p), absolute).split(path.sep).join('/');
      const relative = path.posix.join(repoPathOf.get(p)!, inside);
      return { uri: pathToFileURL(path.join(where.root, relative)).toString(), displayPath: relative };
    },
    maxFileSize,
  );
  const missingEverywhere = head.missing.filter((p) => {
    const prefix = repoPathOf.get(p)!;
    return !base.files.some((file) => prefix === '.' || file.displayPath === prefix || file.displayPath.startsWith(`${prefix}/`));
  });
  for (const p of missingEverywhere) io.stderr(`netpol-lens diff: ${p}: no such file or folder, in the working tree or at ${baseRevision}\n`);
  return { base, head, unreadable: head.unreadable || missingEverywhere.length > 0 };
}

/** Folder mode: files matched by their path inside each folder; both sides use NEW_DIR's URIs. */
async function readFolders(io: CliIo, oldDir: string, newDir: string, maxFileSize: number) {
  const newRoot = path.resolve(io.cwd, newDir);
  const read = (dir: string) =>
    readFromDisk(
      io,
      dir,
      [dir],
      (given, absolute) => {
        const inside = path.relative(path.resolve(io.cwd, given), absolute);
        return {
          uri: pathToFileURL(inside === '' ? newRoot : path.join(newRoot, inside)).toString(),
          displayPath: inside === '' ? given : path.join(given, inside),
        };
      },
      maxFileSize,
    );
  const base = await read(oldDir);
  const head = await read(newDir);
  for (const side of [base, head]) for (const missing of side.missing) io.stderr(`netpol-lens diff: ${missing}: no such file or folder\n`);
  return { base, head, unreadable: base.unreadable || head.unreadable || base.missing.length > 0 || head.missing.length > 0 };
}
