import type { FormatEntry } from '../formatTable';
import type { CheckedFinding } from './checkedFile';
import { formatJson } from './jsonFormat';
import { formatSarif } from './sarifFormat';
import { formatText } from './textFormat';

/** What `check` found, for a format to print. */
export interface CheckReport {
  /** In the order of the files, and by offset within each. */
  readonly findings: readonly CheckedFinding[];
  /** How many files were read and checked. */
  readonly filesChecked: number;
  /** netpol-lens's version (SARIF names the tool). */
  readonly version: string;
}

export interface CheckFormat extends FormatEntry {
  render(report: CheckReport): string;
}

/** `check`'s output formats: a new format is one entry here (--format and --help follow). The first is the default. */
export const CHECK_FORMATS = {
  text: { help: ['file:line:col: severity code message, then a summary line'], render: (report) => formatText(report.findings, report.filesChecked) },
  json: {
    help: ['{"diagnostics":[{file, range, severity, code, message, path}]}', '(zero-based lines and characters)'],
    render: (report) => formatJson(report.findings),
  },
  sarif: { help: ['SARIF 2.1.0 for code scanning'], render: (report) => formatSarif(report.findings, report.version) },
} as const satisfies Record<string, CheckFormat>;

export const DEFAULT_CHECK_FORMAT: keyof typeof CHECK_FORMATS = 'text';
