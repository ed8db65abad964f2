import type { Finding, Issue, Severity } from '../findings';
import { formatFieldPath } from '../fieldPath';
import { manifestsOfDocument, NETWORK_POLICY_API_VERSION, type DocumentManifest } from '../model/manifest';
import { hasTooManyRules, largerDirection, tooManyRulesMessage } from '../model/policySize';
import { locate } from '../parse/locate';
import { COLLECTION_KEY, TOO_DEEP, type ParsedDocument, type SyntaxProblem } from '../parse/parsedDocument';
import { RULES } from '../ruleCatalog';
import type { KubernetesVersion } from '../settings';
import { POLICY_LINTS } from '../lints/policyLints';
import { checkApiVersion } from '../validation/apiVersion';
import { checkStructure } from '../validation/structure';
import { validateNetworkPolicy } from '../validation/validateNetworkPolicy';
import { validateClusterPolicy } from '../validation/validateClusterPolicy';
import { clusterPolicyApiVersion, isClusterPolicyKind } from '../cluster/clusterPolicy';
import { printableMessage } from './printableMessage';

const cache = new WeakMap<ParsedDocument, Map<string, readonly Finding[]>>();

/**
 * The findings of one YAML document on its own: YAML errors, and for each NetworkPolicy in it the API server's
 * checks. Offsets are relative to the document; results are cached per document text and version, so an edit
 * elsewhere in the file costs nothing here.
 */
export function getDocumentFindings(
  document: ParsedDocument,
  kubernetesVersion: KubernetesVersion,
  key = `${kubernetesVersion.major}.${kubernetesVersion.minor}`,
): readonly Finding[] {
  let byVersion = cache.get(document);
  if (!byVersion) cache.set(document, (byVersion = new Map()));
  let findings = byVersion.get(key);
  if (!findings) {
    findings = computeDocumentFindings(document, kubernetesVersion);
    byVersion.set(key, findings);
  }
  return findings;
}

function computeDocumentFindings(document: ParsedDocument, kubernetesVersion: KubernetesVersion): Finding[] {
  // A template is not YAML until it is rendered: neither its syntax nor its content can be judged.
  if (document.isTemplate) return [];
  const findings: Finding[] = document.problems.map(syntaxFinding);
  for (const manifest of manifestsOfDocument(document)) {
    if (isClusterPolicyKind(manifest.kind) && manifest.apiVersion === clusterPolicyApiVersion(manifest.kind)) {
      for (const issue of validateClusterPolicy(manifest.kind, manifest.value)) findings.push(placeIssue(document, manifest, issue));
      continue;
    }
    if (manifest.kind !== 'NetworkPolicy') continue;
    const issues = checkApiVersion(manifest);
    if (manifest.apiVersion === NETWORK_POLICY_API_VERSION && hasTooManyRules(manifest.value)) {
      // Past the limit the policy is not analysed: one finding, on its larger list of rules.
      const direction = largerDirection(manifest.value);
      issues.push({
        code: 'policy.too-many-rules',
        message: tooManyRulesMessage(manifest.value),
        path: ['spec', direction],
        onKey: true,
        at: ['spec', direction],
      });
    } else if (manifest.apiVersion === NETWORK_POLICY_API_VERSION) {
      const options = { kubernetesVersion };
      issues.push(...checkStructure(manifest.value), ...validateNetworkPolicy(manifest.value, options));
      for (const lint of POLICY_LINTS) issues.push(...lint.check(manifest, options));
    }
    for (const issue of issues) findings.push(placeIssue(document, manifest, issue));
  }
  return findings;
}

function syntaxFinding(problem: SyntaxProblem): Finding {
  const code =
    problem.yamlCode === 'DUPLICATE_KEY'
      ? 'yaml.duplicate-key'
      : problem.yamlCode === 'ALIAS_LIMIT'
        ? 'yaml.alias-limit'
        : problem.yamlCode === TOO_DEEP
          ? 'yaml.too-deep'
          : problem.yamlCode === COLLECTION_KEY
            ? 'yaml.collection-key'
            : problem.severity === 'warning'
              ? 'yaml.warning'
              : 'yaml.syntax';
  return { code, severity: problem.severity, message: printableMessage(problem.message), start: problem.start, end: problem.end };
}

/** Places an issue of a manifest in its document's text. */
export function placeIssue(document: ParsedDocument, manifest: DocumentManifest, issue: Issue): Finding {
  const span = locate(document, [...manifest.basePath, ...(issue.at ?? issue.path)], issue.onKey);
  return {
    code: issue.code,
    severity: issue.severity ?? RULES[issue.code].severity,
    message: printableMessage(issue.message),
    start: span.start,
    end: span.end,
    path: formatFieldPath(issue.path),
  };
}

/** Applies `netpol.rules`: a code set to `off` is dropped, any other value replaces the severity. */
export function applySeverityOverrides(findings: readonly Finding[], rules: Readonly<Record<string, Severity | 'off'>>): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const override = rules[finding.code];
    if (override === 'off') continue;
    out.push(override ? { ...finding, severity: override } : finding);
  }
  return out;
}
