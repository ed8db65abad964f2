import type { CheckedFinding } from './checkedFile';

/**
 * `{"diagnostics":[{"file","range":{"start":{"line","character"},"end":{...}},"severity","code","message","path"}]}`
 * with zero-based lines and characters; `path` is left out only for YAML syntax errors.
 */
export function formatJson(findings: readonly CheckedFinding[]): string {
  const diagnostics = findings.map(({ file, finding, start, end }) => ({
    file,
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
    ...(finding.path === undefined ? {} : { path: finding.path }),
  }));
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}
