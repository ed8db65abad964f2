import { parseArgs } from 'node:util';
import {
  computeExposure,
  DEFAULT_SETTINGS,
  formatPortSet,
  isEmptyPortSet,
  LineIndex,
  type EndpointExposure,
  type ServiceSettings,
  type SourceRef,
} from '../service';
import { readConfigFile } from './cliConfig';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import { readFormat } from './formatTable';
import { loadInputs, readMaxDumpSize, readMaxFileSize } from './inputs';

export const EXPOSURE_HELP = `Usage: netpol-lens reach --exposure [--format text|json] PATH...

For each Pod and workload, what may open connections to it from beyond the workspace:
  from outside        any address outside the cluster (the ranges the ipBlocks name, and the rest)
  from any namespace  a pod of a namespace the workspace does not mention, with any labels
(the readings of the flows' outside and any-namespace: docs/flows.md).

Options:
  --format text|json         output format (default: text)
  --all                      text: list the endpoints that nothing beyond the workspace reaches too
  --default-namespace NS     the namespace of objects without metadata.namespace (default: default)
  --config FILE              settings file, as for check (its defaultNamespace is used)
  --max-file-size BYTES      skip larger files, with a message (default: 5000000, as the editor)
  --max-dump-size BYTES      skip larger cluster dumps (default: 300000000)
  --cluster FILE             read-only context, e.g. a cluster dump (kubectl get namespaces,pods,
                             deployments,... -A -o yaml); repeatable, globs allowed

Exit status: 0 success, 2 usage error or unreadable input.
`;

const EXPOSURE_FORMATS = {
  text: { help: ['per endpoint: the ports open from outside and from any namespace, and why'] },
  json: { help: ['{"endpoints": [{key, isolated, outside: {ports, ranges}, anyNamespace: {ports, rules}}]}'] },
};

/** `netpol-lens reach --exposure`: the attack surface of each endpoint, from the flows engine. */
export async function runReachExposure(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((arg) => arg !== '--exposure'),
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      all: { type: 'boolean', default: false },
      'default-namespace': { type: 'string' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      'max-dump-size': { type: 'string' },
      cluster: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(EXPOSURE_HELP);
    return EXIT_OK;
  }
  const formatName = values.format ?? 'text';
  readFormat(EXPOSURE_FORMATS, formatName);
  if (positionals.length === 0) throw new UsageError('reach --exposure needs at least one file or folder');
  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['default-namespace'] !== undefined) {
    if (values['default-namespace'] === '') throw new UsageError('--default-namespace needs a name');
    settings = { ...settings, defaultNamespace: values['default-namespace'] };
  }
  const inputs = await loadInputs(positionals, io, readMaxFileSize(values['max-file-size']), values.cluster ?? [], readMaxDumpSize(values['max-dump-size']));
  if (inputs.files.length === 0) return EXIT_USAGE;
  const { service } = inputs;
  const lineIndexes = new Map<string, LineIndex>();
  const formatRef = (ref: SourceRef): string => {
    let index = lineIndexes.get(ref.uri);
    if (!index) lineIndexes.set(ref.uri, (index = new LineIndex(service.getFile(ref.uri)?.text ?? '')));
    const { line, character } = index.positionAt(ref.start);
    return `${inputs.displayPath(ref.uri)}:${line + 1}:${character + 1}`;
  };
  const exposure = computeExposure(service.getClusterModel(settings), service.getReachability(settings));
  io.stdout(formatName === 'json' ? renderJson(exposure) : renderText(exposure, positionals, values.all ?? false, formatRef));
  return inputs.hadUnreadable ? EXIT_USAGE : EXIT_OK;
}

function exposed(entry: EndpointExposure): boolean {
  return !isEmptyPortSet(entry.outsidePorts) || !isEmptyPortSet(entry.anyNamespacePorts);
}

function renderText(exposure: readonly EndpointExposure[], paths: readonly string[], all: boolean, formatRef: (ref: SourceRef) => string): string {
  const lines = [
    `Exposure of ${paths.join(' ')}: what may connect to each endpoint from outside the cluster or from a namespace the workspace does not mention`,
    '',
  ];
  for (const entry of exposure) {
    if (!exposed(entry)) {
      if (all) lines.push(`${entry.key}: nothing beyond the workspace`);
      continue;
    }
    if (!entry.isolated) {
      lines.push(`${entry.key}: not isolated for ingress: every port, from anywhere`);
      continue;
    }
    lines.push(`${entry.key}:`);
    if (!isEmptyPortSet(entry.outsidePorts)) {
      lines.push(`  from outside: ${formatPortSet(entry.outsidePorts)}`);
      for (const range of entry.outsideRanges) lines.push(`    ${range.from}: ${formatPortSet(range.ports)}`);
    }
    if (!isEmptyPortSet(entry.anyNamespacePorts)) {
      lines.push(`  from any namespace: ${formatPortSet(entry.anyNamespacePorts)}`);
      for (const rule of entry.anyNamespaceRules) lines.push(`    by ${rule.label} (${formatRef(rule.ref)})`);
    }
  }
  const count = exposure.filter(exposed).length;
  lines.push('', `${count} of ${exposure.length} endpoint${exposure.length === 1 ? '' : 's'} reachable from beyond the workspace`);
  return `${lines.join('\n')}\n`;
}

function renderJson(exposure: readonly EndpointExposure[]): string {
  const endpoints = exposure.map((entry) => ({
    key: entry.key,
    isolated: entry.isolated,
    outside: {
      ports: formatPortSet(entry.outsidePorts),
      ranges: entry.outsideRanges.map((range) => ({ from: range.from, ports: formatPortSet(range.ports) })),
    },
    anyNamespace: { ports: formatPortSet(entry.anyNamespacePorts), rules: entry.anyNamespaceRules.map((rule) => rule.label) },
  }));
  return `${JSON.stringify({ endpoints }, null, 2)}\n`;
}
