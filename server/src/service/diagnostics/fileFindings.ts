import type { Finding } from '../findings';
import type { ParsedFile } from '../parse/parsedFile';
import { parseKubernetesVersion, type ServiceSettings } from '../settings';
import { applySeverityOverrides, getDocumentFindings } from './documentFindings';

/**
 * Every finding of a file, at offsets in the file, with `netpol.rules` applied. Per-document results come from
 * the cache, so this costs the documents that changed plus a pass over the findings.
 */
export function getFileFindings(file: ParsedFile, settings: ServiceSettings): Finding[] {
  const version = parseKubernetesVersion(settings.kubernetesVersion);
  const key = `${version.major}.${version.minor}`;
  const findings: Finding[] = [];
  for (const { offset, document } of file.documents) {
    for (const finding of getDocumentFindings(document, version, key)) {
      findings.push(offset === 0 ? finding : { ...finding, start: finding.start + offset, end: finding.end + offset });
    }
  }
  return applySeverityOverrides(findings, settings.rules);
}
