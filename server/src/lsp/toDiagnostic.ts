import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, LineCharacter, Severity } from '../service';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The URI of `docs/rules/`, where the rule documentation ships (set by the server's environment). */
let ruleDocsBase: string | undefined;

/** One server per process (or worker): its environment, or its client, says where the docs are. */
export function setRuleDocsBase(base: string | undefined): void {
  ruleDocsBase = base?.replace(/\/+$/, '');
}

/** The page that documents a diagnostic code, once the server knows where the docs are. */
export function ruleDocumentationUri(code: string): string | undefined {
  return ruleDocsBase === undefined ? undefined : `${ruleDocsBase}/${encodeURIComponent(code)}.md`;
}

/** Converts a finding to an LSP diagnostic: the one place where offsets become lines and characters. */
export function toDiagnostic(finding: Finding, positionAt: (offset: number) => LineCharacter): Diagnostic {
  const href = ruleDocumentationUri(finding.code);
  return {
    range: { start: positionAt(finding.start), end: positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(href === undefined ? {} : { codeDescription: { href } }),
    source: 'netpol',
    message: finding.message,
    data: finding.path === undefined ? undefined : { path: finding.path },
  };
}
