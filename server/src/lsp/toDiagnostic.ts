import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, LineCharacter, Severity } from '../service';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where the rule documentation ships: `docs/rules/` beside the bundles (`dist/`). */
const RULE_DOCS = path.join(__dirname, '..', 'docs', 'rules');

/** The page that documents a diagnostic code. */
export function ruleDocumentationUri(code: string): string {
  return pathToFileURL(path.join(RULE_DOCS, `${code}.md`)).toString();
}

/** Converts a finding to an LSP diagnostic: the one place where offsets become lines and characters. */
export function toDiagnostic(finding: Finding, positionAt: (offset: number) => LineCharacter): Diagnostic {
  return {
    range: { start: positionAt(finding.start), end: positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocumentationUri(finding.code) },
    source: 'netpol',
    message: finding.message,
    data: finding.path === undefined ? undefined : { path: finding.path },
  };
}
