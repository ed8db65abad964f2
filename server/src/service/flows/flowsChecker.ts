import type { ClusterModel } from '../cluster/clusterModel';
import { applySeverityOverrides } from '../diagnostics/documentFindings';
import type { Finding } from '../findings';
import type { ParsedFile } from '../parse/parsedFile';
import type { ReachabilityResult } from '../reachability/result';
import type { ServiceSettings } from '../settings';
import { evaluateFlows, type FlowsReport } from './evaluateFlows';
import { flowsFindings, flowsProblemFindings } from './flowFindings';
import { isFlowsFileUri, parseFlowsFile, type ParsedFlows } from './flowsFile';

/** What evaluating flows reads: the workspace's cluster model and its all-ports reachability. */
export type FlowsBasis = (settings: ServiceSettings) => { readonly model: ClusterModel; readonly result: ReachabilityResult };

/**
 * The flows files of a workspace, for the facade: parses each file once per text, evaluates it against the
 * workspace, and keeps each file's last findings for the `cached` diagnostics that an edit shows at once.
 */
export class FlowsChecker {
  private readonly parsed = new WeakMap<ParsedFile, ParsedFlows>();
  /** Per URI: the file (text) and workspace version the findings were computed for. */
  private readonly last = new Map<string, { file: ParsedFile; findings: readonly Finding[] }>();

  constructor(private readonly basis: FlowsBasis) {}

  /** Whether the service treats a file as a flows file in its diagnostics (by name). */
  isFlowsFile(uri: string): boolean {
    return isFlowsFileUri(uri);
  }

  parse(file: ParsedFile): ParsedFlows {
    let flows = this.parsed.get(file);
    if (!flows) this.parsed.set(file, (flows = parseFlowsFile(file)));
    return flows;
  }

  /** The flows of any file (a flows file by name or not), evaluated against the workspace. */
  evaluate(file: ParsedFile, settings: ServiceSettings): FlowsReport {
    const { model, result } = this.basis(settings);
    return evaluateFlows(this.parse(file), model, result);
  }

  /**
   * A flows file's findings: `none`, only its malformed entries; `cached`, the findings last computed while its
   * text is unchanged (its malformed entries otherwise); `current`, evaluated against the workspace.
   */
  findings(file: ParsedFile, settings: ServiceSettings, mode: 'current' | 'cached' | 'none' = 'current'): Finding[] {
    if (!this.isFlowsFile(file.uri)) return [];
    if (mode === 'none') return applySeverityOverrides(flowsProblemFindings(this.parse(file)), settings.rules);
    if (mode === 'cached') {
      const last = this.last.get(file.uri);
      if (last && last.file.text === file.text) return applySeverityOverrides(last.findings, settings.rules);
      // The file was edited since: its malformed entries now, and the last evaluation's findings that the edit did
      // not touch, moved with the text (the workspace pass that follows brings them up to date).
      const kept = last
        ? shiftFindings(
            last.findings.filter((finding) => finding.code !== 'flows.invalid'),
            last.file.text,
            file.text,
          )
        : [];
      return applySeverityOverrides([...flowsProblemFindings(this.parse(file)), ...kept], settings.rules);
    }
    const findings = flowsFindings(this.evaluate(file, settings));
    this.last.set(file.uri, { file, findings });
    return applySeverityOverrides(findings, settings.rules);
  }

  /** Forgets a deleted file. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/**
 * Findings of an old text placed in a new one: those before the changed middle stay, those after it move by the
 * change in length, those that overlap it are dropped.
 */
function shiftFindings(findings: readonly Finding[], oldText: string, newText: string): Finding[] {
  const limit = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < limit && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  const oldChangeEnd = oldText.length - suffix;
  const delta = newText.length - oldText.length;
  const out: Finding[] = [];
  for (const finding of findings) {
    if (finding.end <= prefix) out.push(finding);
    else if (finding.start >= oldChangeEnd) out.push({ ...finding, start: finding.start + delta, end: finding.end + delta });
  }
  return out;
}
