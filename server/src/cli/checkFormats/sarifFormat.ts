import { ruleInfo, type Severity } from '../../service';
import type { CheckedFinding } from './checkedFile';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };


/** SARIF 2.1.0, as GitHub code scanning and other CI tools read it. File URIs are relative, with `/`. */
export function formatSarif(findings: readonly CheckedFinding[], version: string): string {
  const codes = [...new Set(findings.map((f) => f.finding.code))].sort();
  const rules = codes.map((code) => {
    const info = ruleInfo(code);
    return {
      id: code,
      shortDescription: { text: info?.title ?? code },
      help: { text: `See docs/rules/${code}.md in NetworkPolicy Lens.` },
      defaultConfiguration: { level: LEVEL[info?.severity ?? 'error'] },
    };
  });
  const results = findings.map(({ file, finding, start, end }) => ({
    ruleId: finding.code,
    ruleIndex: codes.indexOf(finding.code),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file.split('\\').join('/') },
          region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
        },
        ...(finding.path === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: finding.path, kind: 'member' }] }),
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'netpol-lens', version, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
