import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, getNotUtf8FileFindings, LineIndex, type ServiceSettings } from '../service';
import { checkKubernetesVersion, readConfigFile } from './cliConfig';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import type { CheckedFinding } from './checkFormats/checkedFile';
import { CHECK_FORMATS, DEFAULT_CHECK_FORMAT } from './checkFormats';
import { formatOptionHelp, readFormat } from './formatTable';
import { loadInputs, readMaxFileSize } from './inputs';

export const CHECK_HELP = `Usage: netpol-lens check [options] PATH...

Checks NetworkPolicy manifests as the Kubernetes API server validates them, plus lints.
PATHs are files or folders (searched recursively for *.yaml and *.yml); all of them are
analysed together as one workspace.

Options:
${formatOptionHelp(CHECK_FORMATS, DEFAULT_CHECK_FORMAT, 31)}
  --kubernetes-version X.Y     the API server version to mirror (default: ${DEFAULT_SETTINGS.kubernetesVersion})
  --config FILE                JSON or YAML: {"kubernetesVersion", "defaultNamespace",
                               "rules": {"<code>": "error|warning|information|hint|off"}}
  --max-file-size BYTES        skip larger files, with a message (default: 5000000, as the editor)
  -h, --help                   show this help

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable input.
`;

/** `netpol-lens check`: the editor's diagnostics, from the same code, for CI. */
export async function runCheck(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: DEFAULT_CHECK_FORMAT },
      'kubernetes-version': { type: 'string' },
      config: { type: 'string' },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return EXIT_OK;
  }
  const format = readFormat(CHECK_FORMATS, values.format ?? DEFAULT_CHECK_FORMAT);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['kubernetes-version']) settings = { ...settings, kubernetesVersion: checkKubernetesVersion(values['kubernetes-version']) };

  const inputs = await loadInputs(positionals, io, readMaxFileSize(values['max-file-size']));
  const checked: CheckedFinding[] = [];
  for (const input of inputs.files) {
    const file = inputs.service.getFile(input.uri);
    if (!file) continue;
    const lines = new LineIndex(file.text);
    const findings = inputs.service.getDiagnostics(input.uri, settings).sort((a, b) => a.start - b.start);
    for (const finding of findings) {
      checked.push({ file: input.displayPath, finding, start: lines.positionAt(finding.start), end: lines.positionAt(finding.end) });
    }
  }
  for (const { displayPath, bytes } of inputs.notUtf8) {
    for (const finding of getNotUtf8FileFindings(bytes, settings)) checked.push({ file: displayPath, finding, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  }
  io.stdout(format.render({ findings: checked, filesChecked: inputs.files.length, version }));
  if (inputs.hadUnreadable) return EXIT_USAGE;
  return checked.some((c) => c.finding.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
