import type { Finding } from '../findings';
import { RULES, type RuleCode } from '../ruleCatalog';
import type { FlowCounterexample, FlowResult, FlowsReport } from './evaluateFlows';
import type { FlowEntry, ParsedFlows } from './flowsFile';

/** `shop/Deployment/web -> shop/Deployment/api TCP 8080` (the port as written; `all ports` when absent). */
export function describeFlow(entry: FlowEntry): string {
  return `${entry.from.text} -> ${entry.to.text} ${describePorts(entry)}`;
}

function describePorts(entry: FlowEntry): string {
  const protocols = entry.protocolGiven || entry.port.kind !== 'all' ? entry.protocols.join('/') : '';
  if (entry.port.kind === 'all') return protocols ? `${protocols} all ports` : 'all ports';
  return `${protocols} ${entry.portText ?? ''}`.trim();
}

/** `shop/Deployment/web -> shop/StatefulSet/postgres TCP 5432 is allowed by shop/allow-web spec.ingress[0]`. */
export function describeCounterexample(counterexample: FlowCounterexample): string {
  const port = counterexample.port === undefined ? counterexample.protocol : `${counterexample.protocol} ${counterexample.port}`;
  return `${counterexample.from} -> ${counterexample.to} ${port} ${counterexample.why}`;
}

/** Why a flow fails, in one sentence: what the CLI prints after FAIL and what the editor shows on the entry. */
export function describeFailure(result: FlowResult): string {
  const parts: string[] = [];
  for (const field of result.unmatched) if (field.field !== 'except') parts.push(`\`${field.field}\` ${field.text} matches no endpoint of the workspace`);
  const first = result.counterexamples[0];
  if (first) {
    const more = result.failingPairs - 1;
    parts.push(`${describeCounterexample(first)}${more > 0 ? ` (and ${more} more of ${result.pairs} pairs)` : ''}`);
  }
  return parts.join('; ');
}

function finding(code: RuleCode, message: string, start: number, end: number, path: string): Finding {
  return { code, severity: RULES[code].severity, message, start, end, path };
}

/** The findings of a flows file that does not need the workspace: its malformed entries. */
export function flowsProblemFindings(flows: ParsedFlows): Finding[] {
  return flows.problems.map((problem) => finding('flows.invalid', problem.message, problem.span.start, problem.span.end, problem.path));
}

/** Every finding of an evaluated flows file: malformed entries, names that match nothing, flows that fail. */
export function flowsFindings(report: FlowsReport): Finding[] {
  const findings = flowsProblemFindings(report.flows);
  for (const result of report.results) {
    const path = `flows[${result.entry.index}]`;
    for (const field of result.unmatched) {
      const what = field.field === 'except' ? 'This `except` entry' : `\`${field.field}\``;
      findings.push(
        finding(
          'flows.matches-nothing',
          `${what} ${field.text} matches no endpoint of the workspace: a typo, or workloads that are not in the workspace?`,
          field.span.start,
          field.span.end,
          `${path}.${field.field}`,
        ),
      );
    }
    if (result.holds || result.counterexamples.length === 0) continue;
    const { entry } = result;
    const expected = entry.expect === 'allow' ? 'expected every connection to be allowed' : 'expected every connection to be denied';
    const why = entry.why ? ` Why this flow: ${entry.why}` : '';
    findings.push(
      finding(
        'flows.fails',
        `The flow ${describeFlow(entry)} does not hold (${expected}): ${describeFailure({ ...result, unmatched: [] })}.${why}`,
        entry.span.start,
        entry.span.end,
        path,
      ),
    );
  }
  return findings;
}
