import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, getNotUtf8FileFindings, LineIndex, type ServiceSettings } from '../service';
import { checkKubernetesVersion, checkNetworkPlugin, readConfigFile } from './cliConfig';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import type { CheckedFinding } from './checkFormats/checkedFile';
import { CHECK_FORMATS, DEFAULT_CHECK_FORMAT } from './checkFormats';
import { formatOptionHelp, readFormat } from './formatTable';
import { loadInputs, readMaxDumpSize, readMaxFileSize, type LoadedInputs } from './inputs';
import { planGroups } from './workspaces';

export const CHECK_HELP = `Usage: netpol-lens check [options] PATH...

Checks NetworkPolicy manifests as the Kubernetes API server validates them, plus lints.
PATHs are files or folders (searched recursively for *.yaml and *.yml); all of them are
analysed together as one workspace, unless a folder's netpol-lens.yaml declares workspaces
(each analysed on its own) or --per-directory is given.

Options:
${formatOptionHelp(CHECK_FORMATS, DEFAULT_CHECK_FORMAT, 31)}
  --kubernetes-version X.Y     the API server version to mirror (default: ${DEFAULT_SETTINGS.kubernetesVersion})
  --network-plugin NAME        the plugin that enforces the policies: generic (default: the
                               API's semantics), cilium, calico, aws-vpc-cni, azure-npm,
                               azure-cilium, antrea, ovn-kubernetes, kube-router, none;
                               adds cni.* warnings where it is known to enforce less
  --config FILE                JSON or YAML: {"kubernetesVersion", "defaultNamespace",
                               "networkPlugin", "rules": {"<code>": "error|warning|information|hint|off"}}
  --max-file-size BYTES        skip larger files, with a message (default: 5000000, as the editor)
  --max-dump-size BYTES        skip larger cluster dumps (a kind: List of mostly Pods,
                               read lightly; default: 300000000)
  --cluster FILE               read-only context, e.g. a cluster dump (kubectl get namespaces,pods,
                               deployments,... -A -o yaml): its namespaces and workloads count, it
                               is not checked itself; repeatable, globs allowed
  --per-directory              analyse each immediate subdirectory of a PATH on its own
  --workspace NAME             only this workspace of a netpol-lens.yaml (repeatable)
  -h, --help                   show this help

Workspaces: a netpol-lens.yaml (or .yml, .json) at the root of a PATH may declare
  workspaces: [{name: prod, include: ["envs/prod/**", "base/**"]}, ...]
(globs relative to that folder; optional exclude); each is analysed on its own. The text
format prints a heading per workspace; JSON and SARIF list the findings of all of them.

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
    io.stdout(CHECK_HELP);
    return EXIT_OK;
  }
  const format = readFormat(CHECK_FORMATS, values.format ?? DEFAULT_CHECK_FORMAT);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  let settings: ServiceSettings = values.config ? await readConfigFile(io.cwd, values.config) : DEFAULT_SETTINGS;
  if (values['kubernetes-version']) settings = { ...settings, kubernetesVersion: checkKubernetesVersion(values['kubernetes-version']) };
  if (values['network-plugin'] !== undefined) settings = { ...settings, networkPlugin: checkNetworkPlugin(values['network-plugin']) };

  const maxFileSize = readMaxFileSize(values['max-file-size']);
  const maxDumpSize = readMaxDumpSize(values['max-dump-size']);
  const groups = await planGroups(positionals, io, { perDirectory: values['per-directory'] ?? false, only: values.workspace });
  if (groups.length === 0) throw new UsageError('no workspace to check');
  const grouped = groups.length > 1 || groups[0].name !== undefined;
  let hadUnreadable = false;
  let hasErrors = false;
  const all: CheckedFinding[] = [];
  const seen = new Set<string>();
  let filesChecked = 0;
  for (const group of groups) {
    const inputs = await loadInputs(group.paths, io, maxFileSize, values.cluster ?? [], maxDumpSize);
    const checked = checkInputs(inputs, settings);
    hadUnreadable ||= inputs.hadUnreadable;
    hasErrors ||= checked.some((c) => c.finding.severity === 'error');
    if (format === CHECK_FORMATS.text && grouped) {
      io.stdout(`== ${group.name ?? 'the other PATHs'} ==\n${format.render({ findings: checked, filesChecked: inputs.files.length, version })}`);
      continue;
    }
    // Merged: a file in two workspaces (a shared base) lists a finding once when both say the same.
    for (const c of checked) {
      const key = JSON.stringify([c.file, c.start, c.end, c.finding.code, c.finding.message]);
      if (!seen.has(key)) all.push(c);
      seen.add(key);
    }
    filesChecked += inputs.files.length;
  }
  if (!(format === CHECK_FORMATS.text && grouped)) io.stdout(format.render({ findings: all, filesChecked, version }));
  if (hadUnreadable) return EXIT_USAGE;
  return hasErrors ? EXIT_FINDINGS : EXIT_OK;
}

/** The findings of the files read (not of the --cluster files: they are context). */
function checkInputs(inputs: LoadedInputs, settings: ServiceSettings): CheckedFinding[] {
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
    for (const finding of getNotUtf8FileFindings(bytes, settings))
      checked.push({ file: displayPath, finding, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  }
  return checked;
}
