/**
 * The server's work for a keystroke, without the protocol or the debounce: the same functions the language server
 * calls on `didChange` (apply the change to the document, re-parse the file re-using unchanged documents, collect
 * the findings, convert them to diagnostics and serialise the notification), timed in one process.
 *
 * Run as a child process, one file size per process, so that no run warms up or fills the heap of another:
 *   node --import tsx bench/lsp/inProcessPipeline.ts POLICIES EDITS WARMUP_EDITS
 * Prints one JSON object (InProcessResult).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from '../../server/src/lsp/toDiagnostic';
import { addEdit, DEFAULT_SETTINGS, getFileFindings, ManifestWorkspace } from '../../server/src/service';
import { findProbeSites, generatePolicyFile } from '../generate/workspaceGenerator';
import { spread, summarize, type Summary } from './stats';

export interface InProcessResult {
  readonly policies: number;
  /** The whole file once, as on `didOpen` (the first call: code not yet optimised). */
  readonly openMs: number;
  /** Per edit: everything below together. */
  readonly edit: Summary;
  /** CPU time of the process per edit (`process.cpuUsage`, every thread): the work, whatever the load. */
  readonly editCpu: Summary;
  /** Applying the change to the TextDocument and reading its text back. */
  readonly applyChange: Summary;
  /** `ManifestWorkspace.setFile`: splitting the file and re-parsing the changed document. */
  readonly parse: Summary;
  /** `getFileFindings` and the conversion to LSP diagnostics, serialised as the notification would be. */
  readonly findings: Summary;
}

function main(): void {
  const [policies, edits, warmup] = process.argv.slice(2).map(Number);
  const file = generatePolicyFile(policies);
  const uri = 'file:///bench/in-process.yaml';
  let document = TextDocument.create(uri, 'yaml', 1, file.text);
  const workspace = new ManifestWorkspace();

  const publish = () => {
    const parsed = workspace.getFile(uri);
    if (!parsed) throw new Error('the file was not parsed');
    const open = document;
    const diagnostics = getFileFindings(parsed, DEFAULT_SETTINGS).map((finding) => toDiagnostic(finding, (offset) => open.positionAt(offset)));
    return JSON.stringify({ uri, diagnostics }).length;
  };

  let started = performance.now();
  workspace.setFile(uri, document.getText());
  publish();
  const openMs = performance.now() - started;

  const sites = findProbeSites(file.text).filter((site) => site.editOffset !== undefined);
  const total: number[] = [];
  const cpu: number[] = [];
  const applyChange: number[] = [];
  const parse: number[] = [];
  const findings: number[] = [];
  for (const [i, index] of spread(sites.length, warmup + edits).entries()) {
    const offset = sites[index].editOffset as number;
    const digit = document.getText()[offset];
    const replacement = digit === '9' ? '8' : String(Number(digit) + 1);
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + 1) };

    const cpuBefore = process.cpuUsage();
    started = performance.now();
    document = TextDocument.update(document, [{ range, text: replacement }], document.version + 1);
    const text = document.getText();
    const changed = performance.now();
    // As the server does: the edit's place in the text, from the change it received.
    workspace.setFile(uri, text, addEdit(undefined, offset, offset + 1, replacement.length));
    const parsed = performance.now();
    publish();
    const done = performance.now();
    const cpuUsed = process.cpuUsage(cpuBefore);

    if (i < warmup) continue;
    total.push(done - started);
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    applyChange.push(changed - started);
    parse.push(parsed - changed);
    findings.push(done - parsed);
  }
  const result: InProcessResult = {
    policies,
    openMs,
    edit: summarize(total),
    editCpu: summarize(cpu),
    applyChange: summarize(applyChange),
    parse: summarize(parse),
    findings: summarize(findings),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
