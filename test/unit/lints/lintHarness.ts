import { getDocumentFindings } from '../../../server/src/service/diagnostics/documentFindings';
import type { Finding, Issue } from '../../../server/src/service/findings';
import type { PolicyLint } from '../../../server/src/service/lints/policyLint';
import { manifestsOfDocument, type DocumentManifest } from '../../../server/src/service/model/manifest';
import { parseYamlDocument } from '../../../server/src/service/parse/parsedDocument';
import { parseKubernetesVersion } from '../../../server/src/service/settings';

export const OPTIONS = { kubernetesVersion: parseKubernetesVersion('1.37') };

/** A NetworkPolicy document around a `spec` written as YAML (indented by two spaces under `spec:`). */
export function policyYaml(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n${spec.replace(/^\n/, '')}`;
}

/** The first manifest of a YAML document. */
export function manifestOf(yaml: string): DocumentManifest {
  const manifests = manifestsOfDocument(parseYamlDocument(yaml));
  if (manifests.length === 0) throw new Error('no manifest in the test YAML');
  return manifests[0];
}

/** A manifest around a plain value, as if decoded from YAML. */
export function manifestOfValue(value: Record<string, unknown>): DocumentManifest {
  return { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', name: 'p', namespace: undefined, value, basePath: [] };
}

/** Runs one lint on a policy whose spec is given as YAML. */
export function lint(lintToRun: PolicyLint, spec: string): Issue[] {
  return lintToRun.check(manifestOf(policyYaml(spec)), OPTIONS);
}

/** The lint findings of a policy whose spec is given as YAML, placed in its text, with the text they cover. */
export function placedFindings(spec: string, code: string): (Finding & { text: string })[] {
  const text = policyYaml(spec);
  return getDocumentFindings(parseYamlDocument(text), OPTIONS.kubernetesVersion)
    .filter((finding) => finding.code === code)
    .map((finding) => ({ ...finding, text: text.slice(finding.start, finding.end) }));
}
