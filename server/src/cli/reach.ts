import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, isProtocol, LineIndex, type Protocol, type ReachabilityResult, type ServiceSettings, type SourceRef } from '../service';
import { checkNetworkPlugin, readConfigFile } from './cliConfig';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import { formatOptionHelp, oneOf, readFormat } from './formatTable';
import { loadInputs, readMaxDumpSize, readMaxFileSize, type LoadedInputs } from './inputs';
import { planGroups } from './workspaces';
import { runReachExposure } from './reachExposure';
import { DEFAULT_REACH_FORMAT, REACH_FORMATS, type ReachContext, type ReachFormat } from './reachFormats';

/** The formats that can explain a connection. */
const EXPLAIN_FORMATS = Object.entries(REACH_FORMATS as Record<string, ReachFormat>)
  .filter(([, format]) => format.explain)
  .map(([name]) => name);

export const REACH_HELP = `Usage: netpol-lens reach [options] PATH...

Computes which endpoints may open connections to which under the NetworkPolicies in the
PATHs (files or folders, searched recursively for *.yaml and *.yml), and why.

Options:
  --port N|NAME              one port: a number, or a container port name (resolved on each
                             destination); without it, every port and protocol is shown
  --protocol TCP|UDP|SCTP    the protocol of --port (default: TCP)
${formatOptionHelp(REACH_FORMATS, DEFAULT_REACH_FORMAT, 29)}
  --from GLOB, --to GLOB     the sources / destinations to show, as globs over endpoint keys
                             (* any text, ? one character); repeat or separate with commas
  --endpoints pods|cluster|all
                             show Pods only; Pods and workloads; or also the external address
                             ranges that ipBlocks name (default: all)
  --explain FROM TO          explain one connection (--format ${oneOf(EXPLAIN_FORMATS)});
                             with --port/--protocol for one port, else for every port
  --all                      text without --port: list the pairs with no ports allowed too
  --exposure                 per endpoint, the ports open from outside the cluster and from a
                             namespace the workspace does not mention (text or json; --all,
                             --cluster; see docs/flows.md)
  -o, --output FILE          write to FILE instead of standard output, and say so on stderr
  --default-namespace NS     the namespace of objects without metadata.namespace (default: default)
  --network-plugin NAME      the plugin that enforces the policies (as for check): where it is
                             known to enforce less than the API says (cni.* findings), each
                             place is noted on stderr; the report itself follows the API
  --config FILE              settings file, as for check (its defaultNamespace and
                             networkPlugin are used)
  --max-file-size BYTES      skip larger files, with a message (default: 5000000, as the editor)
  --max-dump-size BYTES      skip larger cluster dumps (a kind: List of mostly Pods,
                             read lightly; default: 300000000)
  --cluster FILE             read-only context, e.g. a cluster dump (kubectl get namespaces,pods,
                             deployments,... -A -o yaml): its namespaces, workloads and policies
                             count (a PATH's policy replaces the dump's copy); its endpoints'
                             references name the file; repeatable, globs allowed
  --per-directory            each immediate subdirectory of a PATH on its own
  --workspace NAME           only this workspace of a netpol-lens.yaml (repeatable)
  -h, --help                 show this help

Workspaces: a netpol-lens.yaml (or .yml, .json) at the root of a PATH may declare
  workspaces: [{name: prod, include: ["envs/prod/**", "base/**"]}, ...]
and each is analysed on its own, as with --per-directory: text prints a heading per
workspace, JSON an object {"workspaces": [{"name", "report"}]}; other formats and
--explain take one workspace (--workspace NAME).

Endpoint keys:
  Pod                        namespace/name                   shop/cart-5d4f-x2k
  workload (pod template)    namespace/Kind/name              shop/Deployment/cart
  external address range     ipblock:CIDR[ except CIDR,...]   ipblock:0.0.0.0/0 except 10.0.0.0/8
A workload stands for all its replicas: workload -> itself is replica-to-replica traffic. A Pod
may always reach itself. Traffic between two external ranges stays outside the cluster, where no
policy applies: text and dot leave those pairs out, JSON has null. Documents that cannot be
interpreted are left out and listed on stderr.

Every format is written as it is made, in chunks. The json matrix has a cell per pair of endpoints;
json-compact has one per pair of classes (endpoints with identical rows, or identical columns):
  {"format":"netpol-lens/reach-compact@1", "port","protocol" (with --port), "endpoints":[{"key",
  "kind",...}], "sources":[i,...], "sourceClass":[r,...], "destinations":[j,...],
  "destinationClass":[c,...], "verdicts":[...], "matrix":[[v|null,...],...], "leftOut":[...]}
The verdict of endpoints[sources[a]] -> endpoints[destinations[b]] is
verdicts[matrix[sourceClass[a]][destinationClass[b]]]: true/false with --port, else the allowed
ports per protocol ({"TCP":[[80,80]]}, {} for none); null between two external ranges; a Pod to
itself is always allowed. Use it for large workspaces (thousands of endpoints).

Exit status: 0 success, 2 usage error or unreadable input.
`;

/** `netpol-lens reach`: reachability matrices, reports and explanations from the same engine as the editor. */
export async function runReach(argv: readonly string[], io: CliIo): Promise<number> {
  // What outside the cluster and other namespaces may open, per endpoint: a report of its own (reachExposure.ts).
  if (argv.includes('--exposure')) return runReachExposure(argv, io);
  const { explain, rest } = takeExplain(argv);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      protocol: { type: 'string' },
      format: { type: 'string', default: DEFAULT_REACH_FORMAT },
      from: { type: 'string', multiple: true },
      to: { type: 'string', multiple: true },
      endpoints: { type: 'string', default: 'all' },
      all: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      'default-namespace': { type: 'string' },
      'network-plugin': { type: 'string' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      'max-dump-size': { type: 'string' },
      cluster: { type: 'string', multiple: true },
      'per-directory': { type: 'boolean', default: false },
      workspace: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REACH_HELP);
    return EXIT_OK;
  }
  const format: ReachFormat = readFormat(REACH_FORMATS, values.format ?? DEFAULT_REACH_FORMAT);
  const protocolText = (values.protocol ?? 'TCP').toUpperCase();
  if (!isProtocol(protocolText)) throw new UsageError(`--protocol must be TCP, UDP or SCTP, not "${values.protocol}"`);
  const protocol: Protocol = protocolText;
  const port = values.port === undefined ? undefined : parsePort(values.port);
  const endpointKinds = values.endpoints ?? 'all';
  if (!['pods', 'cluster', 'all'].includes(endpointKinds)) throw new UsageError(`--endpoints must be pods, cluster or all, not "${endpointKinds}"`);
  if (explain && !format.explain) throw new UsageError(`--explain prints ${oneOf(EXPLAIN_FORMATS)}`);
  if (positionals.length === 0) throw new UsageError('reach needs at least one file or folder');

  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['default-namespace'] !== undefined) {
    if (values['default-namespace'] === '') throw new UsageError('--default-namespace needs a name');
    settings = { ...settings, defaultNamespace: values['default-namespace'] };
  }
  if (values['network-plugin'] !== undefined) settings = { ...settings, networkPlugin: checkNetworkPlugin(values['network-plugin']) };

  const maxFileSize = readMaxFileSize(values['max-file-size']);
  const maxDumpSize = readMaxDumpSize(values['max-dump-size']);
  const groups = await planGroups(positionals, io, { perDirectory: values['per-directory'] ?? false, only: values.workspace });
  const grouped = groups.length > 1 || groups[0]?.name !== undefined;
  if (groups.length > 1 && (explain || (format !== REACH_FORMATS.text && format !== REACH_FORMATS.json))) {
    throw new UsageError(
      `${groups.length} workspaces: ${explain ? '--explain' : `--format ${values.format}`} takes one (--workspace NAME); text and json take several`,
    );
  }
  // The output is written as it is made, in chunks, to standard output or the -o file: a large workspace's
  // report is longer than the longest string.
  const output = new ChunkedOutput(io, values.output);
  const wrote: string[] = [];
  let hadUnreadable = false;
  try {
    if (grouped && format === REACH_FORMATS.json) await output.write('{\n  "workspaces": [');
    for (const [at, group] of groups.entries()) {
      const inputs = await loadInputs(group.paths, io, maxFileSize, values.cluster ?? [], maxDumpSize);
      hadUnreadable ||= inputs.hadUnreadable;
      // Nothing was read (each path has its line on stderr): an empty report would only hide that.
      if (inputs.files.length === 0) return EXIT_USAGE;
      const one = reachOne(inputs, grouped ? [group.name ?? group.paths.join(', ')] : positionals);
      wrote.push(grouped ? `${group.name}: ${one.wrote}` : one.wrote);
      if (!grouped) {
        await output.writeAll(one.chunks);
      } else if (format === REACH_FORMATS.json) {
        // As JSON.stringify({workspaces: [{name, report}]}, null, 2) prints it, the report indented in place.
        await output.write(`${at === 0 ? '' : ','}\n    {\n      "name": ${JSON.stringify(group.name ?? null)},\n      "report": `);
        await output.writeAll(indentJson(one.chunks, 3));
        await output.write('\n    }');
      } else {
        await output.write(`${at === 0 ? '' : '\n'}== ${group.name ?? 'the other PATHs'} ==\n`);
        await output.writeAll(one.chunks);
      }
    }
    if (grouped && format === REACH_FORMATS.json) await output.write('\n  ]\n}\n');
    await output.end();
  } finally {
    await output.close();
  }
  if (values.output) io.stderr(`wrote ${values.output} (${wrote.join('; ')})\n`);
  return hadUnreadable ? EXIT_USAGE : EXIT_OK;

  /** One workspace's report (or explanation); its notes go to stderr. */
  function reachOne(inputs: LoadedInputs, titlePaths: readonly string[]): { chunks: Iterable<string>; wrote: string } {
    const { service } = inputs;
    const clusterUris = new Set(inputs.clusterFiles.map((file) => file.uri));
    const model = service.getClusterModel(settings);
    const lineIndexes = new Map<string, LineIndex>();
    const formatRef = (ref: SourceRef): string => {
      let index = lineIndexes.get(ref.uri);
      if (!index) lineIndexes.set(ref.uri, (index = new LineIndex(service.getFile(ref.uri)?.text ?? '')));
      const { line, character } = index.positionAt(ref.start);
      return `${inputs.displayPath(ref.uri)}:${line + 1}:${character + 1}`;
    };
    for (const doc of model.leftOut) {
      // A policy of the cluster dump that a PATH defines again: the PATH's copy is the one under review.
      if (doc.replacedBy && clusterUris.has(doc.ref.uri) && !clusterUris.has(doc.replacedBy.uri)) continue;
      const what = [doc.kind, doc.namespace && doc.name ? `${doc.namespace}/${doc.name}` : doc.name].filter(Boolean).join(' ');
      io.stderr(
        `netpol-lens reach: ${formatRef(doc.ref)}: left out${what ? ` ${what}` : ''}: ${doc.reason}${doc.replacedBy ? ` at ${formatRef(doc.replacedBy)}` : ''}\n`,
      );
    }
    for (const note of model.notes) io.stderr(`netpol-lens reach: ${formatRef(note.ref)}: note: ${note.message}\n`);
    // What the network plugin enforces differently (cni.*): the report follows the API, these places do not.
    if ((settings.networkPlugin ?? 'generic') !== 'generic') {
      for (const file of service.files()) {
        if (clusterUris.has(file.uri)) continue;
        for (const finding of service.getDiagnostics(file.uri, settings)) {
          if (!finding.code.startsWith('cni.')) continue;
          io.stderr(
            `netpol-lens reach: ${formatRef({ uri: file.uri, start: finding.start, end: finding.end, path: '' })}: note: ${finding.message} (${finding.code})\n`,
          );
        }
      }
    }

    let chunks: Iterable<string>;
    let wrote: string;
    if (explain) {
      const [from, to] = explain;
      for (const key of [from, to]) {
        if (!model.endpoints.some((endpoint) => endpoint.key === key))
          throw new UsageError(
            unknownEndpoint(
              key,
              model.endpoints.map((endpoint) => endpoint.key),
            ),
          );
      }
      chunks = [format.explain!(service.explainConnection(settings, {}, from, to, { port, protocol })!, formatRef)];
      wrote = `the explanation of ${from} -> ${to}`;
    } else {
      const context: ReachContext = {
        model,
        port,
        protocol,
        protocolGiven: values.protocol !== undefined,
        all: values.all ?? false,
        paths: titlePaths,
        formatRef,
        reachability: (query) => onlyKinds(service.getReachability(settings, {}, { ...query, from: globs(values.from), to: globs(values.to) }), endpointKinds),
      };
      const report = format.render(context);
      chunks = report.chunks;
      const endpoints = new Set([...report.result.sources, ...report.result.destinations]).size;
      const policies = report.result.policies.length;
      wrote = `${endpoints} endpoint${endpoints === 1 ? '' : 's'}, ${policies} polic${policies === 1 ? 'y' : 'ies'}`;
    }
    return { chunks, wrote };
  }
}

/** Chunks are gathered up to this many characters, then written. */
const WRITE_SIZE = 1 << 16;

/**
 * Where `reach` writes its report: standard output, or `-o FILE` (opened at the first write, so that a run that
 * fails before its report leaves no file). Small chunks are gathered into writes of about 64 KiB; each write waits
 * until the file or standard output has taken it, so that memory holds one write, never the report.
 */
class ChunkedOutput {
  private pending: string[] = [];
  private pendingLength = 0;
  private file: fs.FileHandle | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly given: string | undefined,
  ) {}

  async write(chunk: string): Promise<void> {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength >= WRITE_SIZE) await this.flush();
  }

  async writeAll(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) await this.write(chunk);
  }

  /** Writes what is gathered; the -o file is created (empty) even for an empty report. */
  async end(): Promise<void> {
    await this.flush(true);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private async flush(always = false): Promise<void> {
    if (this.pendingLength === 0 && !always) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (this.given === undefined) {
      if (text === '') return;
      this.io.stdout(text);
      await this.io.stdoutDrained?.();
      return;
    }
    this.file ??= await openOutput(path.resolve(this.io.cwd, this.given), this.given);
    if (text !== '') await this.file.write(text);
  }
}

/** Opens `-o FILE`; a file that cannot be written is the user's to fix: a usage error, in words. */
async function openOutput(absolute: string, given: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(absolute, 'w');
  } catch (error) {
    const reasons: Record<string, string> = {
      ENOENT: 'the folder does not exist',
      ENOTDIR: 'a part of the path is not a folder',
      EISDIR: 'it is a folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
    };
    const reason = reasons[(error as NodeJS.ErrnoException).code ?? ''];
    if (reason === undefined) throw error;
    throw new UsageError(`cannot write ${given}: ${reason}`);
  }
}

/**
 * Compact JSON (as JSON.stringify prints it, ending in a newline) in chunks, indented as `JSON.stringify(value,
 * null, 2)` prints it `depth` levels down: its first line unindented, the trailing newline dropped.
 */
export function* indentJson(chunks: Iterable<string>, depth: number): Generator<string> {
  let level = depth;
  let inString = false;
  let escaped = false;
  // An opened `{` or `[` waits for the next character: `{}` and `[]` stay on one line.
  let opened = '';
  const newline = (levels: number) => `\n${'  '.repeat(levels)}`;
  for (const chunk of chunks) {
    let out = '';
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (opened !== '') {
        if ((opened === '{' && c === '}') || (opened === '[' && c === ']')) {
          out += opened + c;
          opened = '';
          from = i + 1;
          continue;
        }
        out += opened + newline(++level);
        opened = '';
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') {
        inString = true;
        continue;
      }
      if (c !== '{' && c !== '[' && c !== '}' && c !== ']' && c !== ',' && c !== ':' && c !== '\n') continue;
      out += chunk.slice(from, i);
      from = i + 1;
      if (c === '{' || c === '[') opened = c;
      else if (c === '}' || c === ']') out += newline(--level) + c;
      else if (c === ',') out += `,${newline(level)}`;
      else if (c === ':') out += ': ';
    }
    if (opened === '') out += chunk.slice(from);
    yield out;
  }
}

/** `--explain FROM TO` takes two values, which parseArgs cannot express: take them out first. */
function takeExplain(argv: readonly string[]): { explain: [string, string] | undefined; rest: string[] } {
  const rest = [...argv];
  const at = rest.findIndex((arg) => arg === '--explain');
  if (at === -1) return { explain: undefined, rest };
  const [from, to] = rest.slice(at + 1, at + 3);
  if (from === undefined || to === undefined || from.startsWith('--') || to.startsWith('--'))
    throw new UsageError('--explain needs two endpoint keys: --explain FROM TO');
  rest.splice(at, 3);
  if (rest.includes('--explain')) throw new UsageError('--explain may be given once');
  return { explain: [from, to], rest };
}

function parsePort(text: string): number | string {
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port < 1 || port > 65535) throw new UsageError(`--port must be between 1 and 65535, not ${text}`);
    return port;
  }
  if (text.trim() === '') throw new UsageError('--port needs a number or a port name');
  return text;
}

function globs(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

function onlyKinds(result: ReachabilityResult, kinds: string): ReachabilityResult {
  if (kinds === 'all') return result;
  const keep = (index: number) => result.endpoints[index].kind === 'pod' || (kinds === 'cluster' && result.endpoints[index].kind === 'workload');
  return { ...result, sources: result.sources.filter(keep), destinations: result.destinations.filter(keep) };
}

function unknownEndpoint(key: string, known: readonly string[]): string {
  const needle = key.toLowerCase();
  const close = known.filter((candidate) => candidate.toLowerCase().includes(needle.split('/').pop() ?? needle)).slice(0, 5);
  return `no endpoint "${key}"${close.length > 0 ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : known.length > 0 ? `; endpoints look like "${known[0]}"` : ''}`;
}
