import type { CheckedFinding } from './checkedFile';

/**
 * `file:line:col: severity code message`, one finding a line, lines and columns from 1 as compilers print them,
 * then a summary line as ESLint-like tools end with: `1 error, 2 warnings in 2 files; 12 files checked`, or
 * `No problems in 12 files checked.` (none when no file could be read: stderr says why).
 */
export function formatText(findings: readonly CheckedFinding[], filesChecked: number): string {
  const lines = findings.map(
    ({ file, finding, start }) => `${file}:${start.line + 1}:${start.character + 1}: ${finding.severity} ${finding.code} ${finding.message}\n`,
  );
  if (filesChecked > 0) lines.push(`${summary(findings, filesChecked)}\n`);
  return lines.join('');
}

function summary(findings: readonly CheckedFinding[], filesChecked: number): string {
  const checked = `${count(filesChecked, 'file')} checked`;
  if (findings.length === 0) return `No problems in ${checked}.`;
  const errors = findings.filter((f) => f.finding.severity === 'error').length;
  const warnings = findings.filter((f) => f.finding.severity === 'warning').length;
  // information and hint: notes, as SARIF calls them.
  const notes = findings.length - errors - warnings;
  const counts = [count(errors, 'error'), count(warnings, 'warning'), ...(notes > 0 ? [count(notes, 'note')] : [])];
  return `${counts.join(', ')} in ${count(new Set(findings.map((f) => f.file)).size, 'file')}; ${checked}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
