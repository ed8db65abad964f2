import type { FieldPath, PathSegment } from '../fieldPath';
import type { Finding } from '../findings';

/**
 * A finding's field path read back from its text (`spec.ingress[0].ports[1].endPort`): names, list indexes, and
 * bracketed map keys (`matchLabels[app]`). Undefined for a finding without a path (a YAML syntax error).
 */
export function findingPath(finding: Finding): FieldPath | undefined {
  if (finding.path === undefined) return undefined;
  const segments: PathSegment[] = [];
  const pattern = /\[([^\]]*)\]|\.?([^.[\]]+)/g;
  for (let match = pattern.exec(finding.path); match; match = pattern.exec(finding.path)) {
    if (match[2] !== undefined) segments.push(match[2]);
    else segments.push(/^\d+$/.test(match[1]) ? Number(match[1]) : { key: match[1] });
  }
  return segments;
}
