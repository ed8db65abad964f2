import type { CheckedFinding } from './checkedFile';

/** `file:line:col: severity code message`, one finding a line, lines and columns from 1 as compilers print them. */
export function formatText(findings: readonly CheckedFinding[]): string {
  return findings
    .map(({ file, finding, start }) => `${file}:${start.line + 1}:${start.character + 1}: ${finding.severity} ${finding.code} ${finding.message}\n`)
    .join('');
}
