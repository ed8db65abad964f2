import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleInfo, type Severity } from '../../service';
import type { CheckedFinding } from './checkedFile';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * A file as SARIF's `artifactLocation.uri`, a URI reference (RFC 3986): a relative path is percent-encoded segment
 * by segment and keeps its `/` (`a #1.yaml` is `a%20%231.yaml`, not a fragment); an absolute one is a `file:` URI.
 */
export function sarifUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  // encodeURIComponent leaves only unreserved characters and `!*'()`, which a path segment may hold too.
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0, as GitHub code scanning and other CI tools read it. File URIs are relative (see {@link sarifUri}). */
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
          artifactLocation: { uri: sarifUri(file) },
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
