import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_SETTINGS,
  describeCounterexample,
  describeFailure,
  describeFlow,
  isFlowsFileUri,
  LineIndex,
  type FlowResult,
  type ServiceSettings,
  type SourceRef,
} from '../service';
import { readConfigFile } from './cliConfig';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import { formatOptionHelp, readFormat, type FormatEntry } from './formatTable';
import { loadInputs, readMaxDumpSize, readMaxFileSize } from './inputs';

/** One flow's outcome, with where it is: what every format prints. */
interface TestedFlow {
  readonly file: string;
  /** 1-based line of the flow's entry. */
  readonly line: number;
  readonly result: FlowResult;
}

interface TestContext {
  readonly flows: readonly TestedFlow[];
  readonly formatRef: (ref: SourceRef) => string;
}

interface TestFormat extends FormatEntry {
  render(context: TestContext): string;
}

const TEST_FORMATS = {
  text: { help: ['PASS/FAIL per flow, with counterexamples, then a summary line'], render: renderText },
  json: {
    help: ['{"flows": [{file, line, from, to, port, protocol, expect, holds, pairs,', '  counterexamples: [{from, to, port, protocol, why}]}]}'],
    render: renderJson,
  },
  junit: { help: ['JUnit XML, a test case per flow (for CI test reports)'], render: renderJunit },
} satisfies Record<string, TestFormat>;

export const TEST_HELP = `Usage: netpol-lens test [--flows FILE]... [options] PATH...

Checks intended flows (netpol-flows.yaml, *.netpol-flows.yaml, and each --flows FILE) against
the NetworkPolicies and workloads in the PATHs (files or folders, searched recursively for
*.yaml and *.yml). A flow says which connections must be allowed or denied:

  flows:
    - from: shop/Deployment/frontend      # key, glob (shop/*), selector, outside, any-namespace
      to: {namespace: shop, labels: {app: backend}}
      port: 8080                          # number, container port name, "8000-8100"; absent: all
      protocol: TCP                       # TCP (default), UDP, SCTP
      expect: allow                       # allow: every matched connection is; deny: none is
      why: the shop's API                 # shown when the flow fails
      except: [shop/Deployment/admin]     # endpoints the flow does not cover

See docs/flows.md for the semantics (outside, any-namespace, named ports).

Options:
  --flows FILE               a flows file, whatever its name (repeatable)
  --cluster FILE             read-only context, e.g. a cluster dump (kubectl get namespaces,pods,
                             deployments,... -A -o yaml); repeatable, globs allowed
${formatOptionHelp(TEST_FORMATS, 'text', 29)}
  --default-namespace NS     the namespace of objects without metadata.namespace (default: default)
  --config FILE              settings file, as for check (its defaultNamespace is used)
  --max-file-size BYTES      skip larger files, with a message (default: 5000000, as the editor)
  --max-dump-size BYTES      skip larger cluster dumps (default: 300000000)
  -h, --help                 show this help

Exit status: 0 every flow holds, 1 some flow fails (or names nothing), 2 usage error,
unreadable input or a malformed flows file.
`;

/** `netpol-lens test`: intended flows as a contract, for CI. */
export async function runTest(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      flows: { type: 'string', multiple: true },
      cluster: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      'default-namespace': { type: 'string' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      'max-dump-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TEST_HELP);
    return EXIT_OK;
  }
  const format: TestFormat = readFormat<TestFormat>(TEST_FORMATS, values.format ?? 'text');
  if (positionals.length === 0) throw new UsageError('test needs at least one file or folder of policies and workloads');
  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['default-namespace'] !== undefined) {
    if (values['default-namespace'] === '') throw new UsageError('--default-namespace needs a name');
    settings = { ...settings, defaultNamespace: values['default-namespace'] };
  }
  const given = values.flows ?? [];
  const inputs = await loadInputs(
    [...positionals, ...given],
    io,
    readMaxFileSize(values['max-file-size']),
    values.cluster ?? [],
    readMaxDumpSize(values['max-dump-size']),
  );
  const { service } = inputs;
  const givenUris = new Set(given.map((file) => pathToFileURL(path.resolve(io.cwd, file)).toString()));
  const flowsFiles = inputs.files.filter((file) => givenUris.has(file.uri) || isFlowsFileUri(file.uri));
  if (flowsFiles.length === 0) {
    if (!inputs.hadUnreadable) io.stderr('netpol-lens test: no flows file: name one netpol-flows.yaml (or *.netpol-flows.yaml) or give --flows FILE\n');
    return EXIT_USAGE;
  }

  const lineIndexes = new Map<string, LineIndex>();
  const positionOf = (uri: string, offset: number) => {
    let index = lineIndexes.get(uri);
    if (!index) lineIndexes.set(uri, (index = new LineIndex(service.getFile(uri)?.text ?? '')));
    return index.positionAt(offset);
  };
  const formatRef = (ref: SourceRef): string => {
    const { line, character } = positionOf(ref.uri, ref.start);
    return `${inputs.displayPath(ref.uri)}:${line + 1}:${character + 1}`;
  };

  let malformed = false;
  const flows: TestedFlow[] = [];
  for (const file of flowsFiles) {
    // YAML errors of the flows file (its own findings), then its malformed entries: each makes the run exit 2.
    for (const finding of service.getDiagnostics(file.uri, settings, { workspace: 'none' })) {
      if (finding.severity !== 'error' || !(finding.code.startsWith('yaml.') || finding.code === 'flows.invalid')) continue;
      malformed = true;
      const { line, character } = positionOf(file.uri, finding.start);
      io.stderr(`${file.displayPath}:${line + 1}:${character + 1}: error: ${finding.message} [${finding.code}]\n`);
    }
    const report = service.evaluateFlows(file.uri, settings);
    if (!report) continue;
    // A flows file named by --flows is read whatever its name: its malformed entries are reported here.
    if (!isFlowsFileUri(file.uri)) {
      for (const problem of report.flows.problems) {
        malformed = true;
        const { line, character } = positionOf(file.uri, problem.span.start);
        io.stderr(`${file.displayPath}:${line + 1}:${character + 1}: error: ${problem.message} [flows.invalid]\n`);
      }
    }
    if (report.flows.entries.length === 0 && report.flows.problems.length === 0 && !malformed) {
      io.stderr(`netpol-lens test: ${file.displayPath}: no flows\n`);
    }
    for (const result of report.results) flows.push({ file: file.displayPath, line: positionOf(file.uri, result.entry.span.start).line + 1, result });
  }

  io.stdout(format.render({ flows, formatRef }));
  if (malformed || inputs.hadUnreadable) return EXIT_USAGE;
  return flows.every((flow) => flow.result.holds) ? EXIT_OK : EXIT_FINDINGS;
}

function summary(flows: readonly TestedFlow[]): string {
  const failed = flows.filter((flow) => !flow.result.holds).length;
  return `${flows.length} flow${flows.length === 1 ? '' : 's'}: ${flows.length - failed} passed, ${failed} failed`;
}

function renderText({ flows, formatRef }: TestContext): string {
  const lines: string[] = [];
  for (const { file, line, result } of flows) {
    const { entry } = result;
    const head = `${file}:${line} ${describeFlow(entry)} (${entry.expect})`;
    if (result.holds) {
      lines.push(`PASS ${head}: ${result.pairs} pair${result.pairs === 1 ? '' : 's'}`);
      for (const note of result.notes) lines.push(`     note: ${note}`);
      continue;
    }
    const unmatched = result.unmatched.filter((field) => field.field !== 'except').map((field) => `\`${field.field}\` ${field.text} matches no endpoint`);
    const failing =
      result.failingPairs > 0
        ? [`${result.failingPairs} of ${result.pairs} pair${result.pairs === 1 ? '' : 's'} ${result.failingPairs === 1 ? 'breaks' : 'break'} it`]
        : [];
    lines.push(`FAIL ${head}: ${[...unmatched, ...failing].join('; ')}`);
    for (const counterexample of result.counterexamples) {
      const at = counterexample.refs.map(formatRef).join(', ');
      lines.push(`     ${describeCounterexample(counterexample)}${at ? ` (${at})` : ''}`);
    }
    if (result.failingPairs > result.counterexamples.length) lines.push(`     ... ${result.failingPairs - result.counterexamples.length} more failing pairs`);
    if (entry.why) lines.push(`     why this flow: ${entry.why}`);
    for (const note of result.notes) lines.push(`     note: ${note}`);
  }
  lines.push(summary(flows));
  return `${lines.join('\n')}\n`;
}

/** A single port as a number, a name or a range as written, every port as null. */
function portValue(result: FlowResult): number | string | null {
  const { port } = result.entry;
  if (port.kind === 'all') return null;
  if (port.kind === 'range' && port.low === port.high) return port.low;
  return result.entry.portText ?? null;
}

function protocolOf(result: FlowResult): string | null {
  const { entry } = result;
  return entry.protocols.length === 1 ? entry.protocols[0] : null;
}

function renderJson({ flows, formatRef }: TestContext): string {
  const out = flows.map(({ file, line, result }) => ({
    file,
    line,
    from: result.entry.from.text,
    to: result.entry.to.text,
    port: portValue(result),
    protocol: protocolOf(result),
    expect: result.entry.expect,
    ...(result.entry.why !== undefined ? { why: result.entry.why } : {}),
    holds: result.holds,
    pairs: result.pairs,
    failingPairs: result.failingPairs,
    counterexamples: result.counterexamples.map((counterexample) => ({
      from: counterexample.from,
      to: counterexample.to,
      port: counterexample.port ?? null,
      protocol: counterexample.protocol,
      why: counterexample.why,
      at: counterexample.refs.map(formatRef),
    })),
    unmatched: result.unmatched.map((field) => ({ field: field.field, text: field.text })),
    notes: result.notes,
  }));
  return `${JSON.stringify({ flows: out }, null, 2)}\n`;
}

function xml(text: string): string {
  // XML 1.0 allows no control characters but tab, line feed and carriage return.
  return (
    text
      // eslint-disable-next-line no-control-regex -- these very characters are what XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  );
}

function renderJunit({ flows, formatRef }: TestContext): string {
  const failures = flows.filter((flow) => !flow.result.holds).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="netpol-lens test" tests="${flows.length}" failures="${failures}">`];
  const files = [...new Set(flows.map((flow) => flow.file))];
  for (const file of files) {
    const own = flows.filter((flow) => flow.file === file);
    lines.push(`  <testsuite name="${xml(file)}" tests="${own.length}" failures="${own.filter((flow) => !flow.result.holds).length}">`);
    for (const { line, result } of own) {
      const name = `${file}:${line} ${describeFlow(result.entry)} (${result.entry.expect})`;
      if (result.holds) {
        lines.push(`    <testcase classname="${xml(file)}" name="${xml(name)}"/>`);
        continue;
      }
      const details = result.counterexamples.map((counterexample) => {
        const at = counterexample.refs.map(formatRef).join(', ');
        return `${describeCounterexample(counterexample)}${at ? ` (${at})` : ''}`;
      });
      if (result.entry.why) details.push(`why this flow: ${result.entry.why}`);
      lines.push(`    <testcase classname="${xml(file)}" name="${xml(name)}">`);
      lines.push(
        `      <failure message="${xml(describeFailure(result))}" type="${result.counterexamples.length > 0 ? 'flows.fails' : 'flows.matches-nothing'}">${xml(details.join('\n'))}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
