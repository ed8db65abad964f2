import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { CLUSTER_NETWORK_POLICY_API_VERSION } from '../cluster/clusterPolicy';
import { manifestAt } from '../features/findManifestAt';
import type { ParsedFile } from '../parse/parsedFile';
import { MAX_ALIAS_COUNT } from '../parse/parsedDocument';
import { validateClusterPolicy } from '../validation/validateClusterPolicy';
import type { QuickFix, RefactoringProvider } from './quickFix';

/**
 * At an AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), the same policy as a
 * ClusterNetworkPolicy (v1alpha2, v0.2.0), which replaces both:
 * - `apiVersion` and `kind`; `tier: Admin` (ANP, keeping its `priority`) or `tier: Baseline` (BANP, `priority: 0`:
 *   the BANP was alone in its tier);
 * - rule actions `Allow` -> `Accept` (Deny and Pass unchanged);
 * - `ports` -> `protocols`: `portNumber {protocol, port}` -> `<protocol>: {destinationPort: {number}}`,
 *   `portRange {protocol, start, end}` -> `<protocol>: {destinationPort: {range: {start, end}}}`, `namedPort` ->
 *   `destinationNamedPort`.
 * Subjects and peers have the same shape in both versions. The document is rewritten through the YAML library
 * (comments kept, layout normalised), and only offered when the result passes the ClusterNetworkPolicy schema with
 * no new finding. One reason it may not: a v1alpha1 portRange may have start == end, v1alpha2 wants start < end.
 */
export const migrateClusterPolicy: RefactoringProvider = {
  provide(file: ParsedFile, start: number): QuickFix[] {
    const found = manifestAt(file, start);
    if (!found) return [];
    const { manifest } = found;
    const kind = manifest.kind;
    if ((kind !== 'AdminNetworkPolicy' && kind !== 'BaselineAdminNetworkPolicy') || manifest.apiVersion !== 'policy.networking.k8s.io/v1alpha1') return [];
    // A List item would need its place in the list rewritten: not offered.
    if (manifest.basePath.length > 0) return [];
    const text = manifest.document.text;
    const doc = parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
    if (!convert(doc, kind)) return [];
    // Keep the document's style where it shows one: lists at the indentation of their key (`key:\n- item`), and
    // flow mappings without inner padding (`{name: x}`).
    const indentSeq = !/^([ \t]*)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
    const newText = doc.toString({ lineWidth: 0, indentSeq, flowCollectionPadding: / \{ /.test(text) && !/\{[^ }]/.test(text) });
    const converted = parseDocument(newText).toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    const before = validateClusterPolicy(kind, manifest.value).length;
    if (validateClusterPolicy('ClusterNetworkPolicy', converted).length > before) return [];
    const tier = kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
    return [
      {
        title: `Migrate to ClusterNetworkPolicy (${CLUSTER_NETWORK_POLICY_API_VERSION}, tier: ${tier})`,
        kind: 'refactor.rewrite',
        edits: [
          {
            start: manifest.documentOffset,
            end: manifest.documentOffset + text.length,
            newText: text.endsWith('\n') && !newText.endsWith('\n') ? `${newText}\n` : newText,
          },
        ],
      },
    ];
  },
};

function convert(doc: Document, kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy'): boolean {
  doc.set('apiVersion', CLUSTER_NETWORK_POLICY_API_VERSION);
  doc.set('kind', 'ClusterNetworkPolicy');
  const spec = doc.get('spec');
  if (!isMap(spec)) return false;
  const tier = doc.createPair('tier', kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline');
  spec.items.unshift(tier as (typeof spec.items)[number]);
  if (kind === 'BaselineAdminNetworkPolicy') spec.items.splice(1, 0, doc.createPair('priority', 0) as (typeof spec.items)[number]);
  for (const direction of ['ingress', 'egress']) {
    const rules = spec.get(direction);
    if (rules === undefined || rules === null) continue;
    if (!isSeq(rules)) return false;
    for (const rule of rules.items) {
      if (!isMap(rule)) return false;
      const action = rule.get('action', true);
      if (isScalar(action) && action.value === 'Allow') action.value = 'Accept';
      const index = rule.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'ports');
      if (index === -1) continue;
      const protocols = convertPorts(rule.items[index].value as Node | null);
      if (!protocols) return false;
      rule.items[index] = doc.createPair('protocols', protocols) as (typeof rule.items)[number];
    }
  }
  return true;
}

function convertPorts(ports: Node | null): unknown[] | undefined {
  if (!isSeq(ports)) return undefined;
  const out: unknown[] = [];
  for (const entry of ports.items) {
    if (!isMap(entry)) return undefined;
    const value = entry.toJSON() as Record<string, unknown>;
    const protocolOf = (record: Record<string, unknown>): string | undefined => {
      const protocol = record.protocol ?? 'TCP';
      return protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP' ? protocol.toLowerCase() : undefined;
    };
    if (isRecord(value.portNumber)) {
      const protocol = protocolOf(value.portNumber);
      if (!protocol) return undefined;
      out.push({ [protocol]: { destinationPort: { number: value.portNumber.port } } });
    } else if (isRecord(value.portRange)) {
      const protocol = protocolOf(value.portRange);
      if (!protocol) return undefined;
      out.push({ [protocol]: { destinationPort: { range: { start: value.portRange.start, end: value.portRange.end } } } });
    } else if (typeof value.namedPort === 'string') {
      out.push({ destinationNamedPort: value.namedPort });
    } else return undefined;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
