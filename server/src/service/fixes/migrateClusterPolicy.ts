import { isMap, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { CLUSTER_NETWORK_POLICY_API_VERSION } from '../cluster/clusterPolicy';
import { manifestAt } from '../features/findManifestAt';
import type { ParsedFile } from '../parse/parsedFile';
import { MAX_ALIAS_COUNT } from '../parse/parsedDocument';
import { validateClusterPolicy } from '../validation/validateClusterPolicy';
import { applyEdits } from './offsetEdits';
import type { OffsetEdit, QuickFix, RefactoringProvider } from './quickFix';
import { columnOf, commentSpans, hasCommentIn, lineStartAt } from './sourceText';
import { insertLines, replaceScalarValue, type SourceView } from './yamlEdits';
import { asScalar, contentEnd, isBlockMap, pairOf } from './yamlNodes';

/**
 * At an AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), the same policy as a
 * ClusterNetworkPolicy (v1alpha2, v0.2.0), which replaces both:
 * - `apiVersion` and `kind`; `tier: Admin` (ANP, keeping its `priority`) or `tier: Baseline` (BANP, `priority: 0`:
 *   the BANP was alone in its tier);
 * - rule actions `Allow` -> `Accept` (Deny and Pass unchanged);
 * - `ports` -> `protocols`: `portNumber {protocol, port}` -> `<protocol>: {destinationPort: {number}}`,
 *   `portRange {protocol, start, end}` -> `<protocol>: {destinationPort: {range: {start, end}}}`, `namedPort` ->
 *   `destinationNamedPort`.
 * Subjects and peers have the same shape in both versions. Like every fix, it edits only what changes (the values,
 * two inserted lines, each port entry rewritten in flow style) and keeps every other byte, comment and line ending;
 * it is not offered where it cannot (a flow-style spec, a comment inside a port entry), nor when the result fails
 * the ClusterNetworkPolicy schema where the original passed its own (a v1alpha1 portRange may have start == end,
 * v1alpha2 wants start < end).
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
    const source: SourceView = { text, comments: commentSpans(text) };
    const edits = migrationEdits(source, manifest.document.yaml.contents as Node | null, kind);
    if (!edits) return [];
    const newText = applyEdits(text, edits);
    const converted = parseDocument(newText);
    if (converted.errors.length > 0) return [];
    const before = validateClusterPolicy(kind, manifest.value).length;
    if (validateClusterPolicy('ClusterNetworkPolicy', converted.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>).length > before) return [];
    const tier = kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
    return [
      {
        title: `Migrate to ClusterNetworkPolicy (${CLUSTER_NETWORK_POLICY_API_VERSION}, tier: ${tier})`,
        kind: 'refactor.rewrite',
        edits: edits.map((edit) => ({ ...edit, start: edit.start + manifest.documentOffset, end: edit.end + manifest.documentOffset })),
      },
    ];
  },
};

/** The edits, at offsets of the document's text; undefined where the text's form does not allow exact edits. */
function migrationEdits(source: SourceView, root: Node | null, kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy'): OffsetEdit[] | undefined {
  if (!isBlockMap(root)) return undefined;
  const edits: OffsetEdit[] = [];
  const setScalar = (map: YAMLMap, key: string, value: string): boolean => {
    const scalar = asScalar(pairOf(map, key)?.value ?? undefined);
    const edit = scalar && replaceScalarValue(source, scalar, value);
    if (edit) edits.push(edit);
    return edit !== undefined;
  };
  if (!setScalar(root, 'apiVersion', CLUSTER_NETWORK_POLICY_API_VERSION) || !setScalar(root, 'kind', 'ClusterNetworkPolicy')) return undefined;
  const spec = pairOf(root, 'spec')?.value;
  if (!isBlockMap(spec) || spec.items.length === 0) return undefined;
  // `tier` (and the baseline's `priority`) as the spec's first lines, at the indentation of its first key.
  const firstKey = (spec.items[0] as Pair<Node, Node | null>).key?.range?.[0];
  if (firstKey === undefined) return undefined;
  const lineStart = lineStartAt(source.text, firstKey);
  if (!/^[ \t]*$/.test(source.text.slice(lineStart, firstKey))) return undefined;
  const indent = ' '.repeat(columnOf(source.text, firstKey));
  const inserted = [`${indent}tier: ${kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline'}`];
  if (kind === 'BaselineAdminNetworkPolicy') inserted.push(`${indent}priority: 0`);
  edits.push(insertLines(source.text, lineStart, inserted));
  for (const direction of ['ingress', 'egress']) {
    const rules = pairOf(spec, direction)?.value;
    if (rules === undefined || rules === null) continue;
    if (!isSeq(rules)) return undefined;
    for (const rule of rules.items) {
      if (!isMap(rule)) return undefined;
      const action = asScalar(pairOf(rule, 'action')?.value ?? undefined);
      if (action?.value === 'Allow') {
        const edit = replaceScalarValue(source, action, 'Accept');
        if (!edit) return undefined;
        edits.push(edit);
      }
      const portsPair = pairOf(rule, 'ports');
      if (!portsPair) continue;
      const key = asScalar(portsPair.key ?? undefined);
      const keyEdit = key && replaceScalarValue(source, key, 'protocols');
      if (!keyEdit || !isSeq(portsPair.value)) return undefined;
      edits.push(keyEdit);
      for (const entry of portsPair.value.items) {
        if (!isMap(entry) || !entry.range) return undefined;
        const [entryStart] = entry.range;
        const entryEnd = contentEnd(entry);
        if (entryEnd === undefined || hasCommentIn(source.comments, entryStart, entryEnd)) return undefined;
        const converted = convertPorts([entry.toJSON() as unknown]);
        if (!converted) return undefined;
        const flow = flowText(converted[0]);
        // A block entry (`- portNumber: ...`) becomes `- tcp: {...}`; a flow entry stays in braces.
        edits.push({ start: entryStart, end: entryEnd, newText: entry.flow ? flow : flow.slice(1, -1) });
      }
    }
  }
  return edits.sort((a, b) => a.start - b.start);
}

/** Plain data as YAML flow text: `{tcp: {destinationPort: {number: 80}}}`. */
function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}: ${flowText(inner)}`)
      .join(', ')}}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function convertPorts(entries: readonly unknown[]): unknown[] | undefined {
  const out: unknown[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) return undefined;
    const value = entry;
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
