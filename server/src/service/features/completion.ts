import type { FieldPath } from '../fieldPath';
import { isRecord, manifestsOfDocument, type Manifest } from '../model/manifest';
import { nodeAtOffset } from '../parse/nodeAtOffset';
import { measureNesting, unsafeShape } from '../parse/nesting';
import { parseYamlDocument, type ParsedDocument } from '../parse/parsedDocument';
import type { ParsedFile } from '../parse/parsedFile';
import { fieldDocumentation } from '../explain/fieldDocs';
import { NAMESPACE_NAME_LABEL } from '../cluster/clusterModel';
import { documentAt } from './findManifestAt';
import { keysAt, valueShapeAt } from './schemaWalk';
import { clusterPolicyApiVersion, isClusterPolicyKind, type ClusterPolicyKind } from '../cluster/clusterPolicy';
import { clusterEnumAt, clusterKeysAt, clusterValueShapeAt } from './clusterSchemaWalk';

export type CompletionKind = 'property' | 'enum' | 'value';

/** A completion proposal; `start`/`end` (file offsets) is the text it replaces. */
export interface CompletionProposal {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly insertText: string;
  /** True when `insertText` is an LSP snippet (tab stops). */
  readonly isSnippet: boolean;
  readonly detail?: string;
  readonly documentation?: string;
  readonly start: number;
  readonly end: number;
}

/** Values from the workspace: label keys and values, namespace names, named ports. */
export interface CompletionFacts {
  labelKeys(of: 'pods' | 'namespaces'): readonly string[];
  labelValues(of: 'pods' | 'namespaces', key: string): readonly string[];
  namespaceNames(): readonly string[];
  /** Named container ports of the endpoints a rule's destination could be (for ingress: the selected pods). */
  namedPorts(policy: Manifest, direction: 'ingress' | 'egress', ruleIndex: number): readonly string[];
}

export interface CompletionContext {
  readonly facts?: CompletionFacts;
}

const PLACEHOLDER = '__netpol_completion__';

/** The values each enumerated field takes, exactly as the API server spells them. */
const ENUMS: Record<string, readonly string[]> = {
  protocol: ['TCP', 'UDP', 'SCTP'],
  operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  policyTypes: ['Ingress', 'Egress'],
  apiVersion: ['networking.k8s.io/v1'],
  kind: ['NetworkPolicy'],
};

/**
 * Completion at `offset` in a NetworkPolicy: keys the schema allows at the cursor (minus those present), enum
 * values, and label keys/values, namespace names (for `metadata.namespace` and `kubernetes.io/metadata.name`) and
 * named ports from the workspace.
 *
 * The cursor's place in the tree is found by parsing the document once more with a placeholder key or value at
 * the cursor, so that half-typed lines (which are not valid YAML yet) still lead to the right path.
 */
export function getCompletions(file: ParsedFile, offset: number, context: CompletionContext = {}): CompletionProposal[] {
  const placed = documentAt(file, offset);
  if (!placed) return [];
  const text = placed.document.text;
  const local = offset - placed.offset;
  const lineStart = text.lastIndexOf('\n', local - 1) + 1;
  const before = text.slice(lineStart, local);
  // Scanned backwards: `/[\w./-]*$/` retries from every character of the line, quadratic on a long word
  // followed by a space (1 MB of it never finished).
  let wordStart = before.length;
  while (wordStart > 0 && /[\w./-]/.test(before[wordStart - 1])) wordStart--;
  const wordBefore = before.slice(wordStart);
  const wordAfter = /^[\w./-]*/.exec(text.slice(local))![0];
  const start = local - wordBefore.length;
  const end = local + wordAfter.length;
  const prefix = text.slice(lineStart, start);
  // `  |`, `  - |`: a key (or a list item's scalar); `  key: |`, `  - key: |`: a value.
  const keyPosition = /^\s*(?:-\s+)*$/.test(prefix);
  const valuePosition = /:\s+$/.test(prefix) || /^\s*(?:-\s+)+$/.test(prefix);
  if (!keyPosition && !valuePosition) return [];
  const proposals: CompletionProposal[] = [];
  const at = (label: string, kind: CompletionKind, insertText: string, extra: Partial<CompletionProposal> = {}): CompletionProposal => ({
    label,
    kind,
    insertText,
    isSnippet: false,
    start: start + placed.offset,
    end: end + placed.offset,
    ...extra,
  });

  if (keyPosition) {
    const probe = probePath(text, start, end, `${PLACEHOLDER}: null`);
    const cluster = probe ? clusterKindOf(probe.root) : undefined;
    if (probe && (cluster || isNetworkPolicy(probe.root))) {
      const parentPath = probe.path.slice(0, -1);
      const present = new Set(Object.keys(isRecord(probe.parent) ? probe.parent : {}).filter((k) => k !== PLACEHOLDER));
      for (const key of cluster ? clusterKeysAt(cluster, parentPath) : keysAt(parentPath)) {
        if (present.has(key)) continue;
        const shape = cluster ? clusterValueShapeAt(cluster, [...parentPath, key]) : valueShapeAt([...parentPath, key]);
        const insertText = shape === 'scalar' ? `${key}: ` : shape === 'array' ? `${key}:\n${indentOf(prefix)}  - ` : `${key}:\n${indentOf(prefix)}  `;
        // NetworkPolicy's field docs would mislead in a cluster policy (other fields under the same names).
        const documentation = cluster && parentPath[0] !== 'metadata' ? undefined : fieldDocumentation([...parentPath, key]);
        proposals.push(at(key, 'property', insertText, documentation === undefined ? {} : { documentation }));
      }
      // Label keys inside matchLabels.
      const labels = labelContext(parentPath);
      if (labels && context.facts) {
        for (const key of context.facts.labelKeys(labels))
          if (!present.has(key)) proposals.push(at(key, 'value', `${key}: `, { detail: `label of ${labels} in the workspace` }));
      }
    }
  }
  if (valuePosition) {
    const probe = probePath(text, start, end, PLACEHOLDER);
    const cluster = probe ? clusterKindOf(probe.root) : undefined;
    if (probe && cluster) proposals.push(...clusterValueProposals(cluster, probe.path, context, at));
    else if (probe && isNetworkPolicy(probe.root)) proposals.push(...valueProposals(probe.path, probe.root, placed, context, at));
  }
  return proposals;
}

function valueProposals(
  path: FieldPath,
  root: Record<string, unknown>,
  placed: { offset: number; document: ParsedDocument },
  context: CompletionContext,
  at: (label: string, kind: CompletionKind, insertText: string, extra?: Partial<CompletionProposal>) => CompletionProposal,
): CompletionProposal[] {
  const out: CompletionProposal[] = [];
  const last = path[path.length - 1];
  const field = typeof last === 'number' ? path[path.length - 2] : last;
  // Own keys only: a field named `toString` or `constructor` would find Object.prototype's.
  if (typeof field === 'string' && Object.hasOwn(ENUMS, field) && (field !== 'policyTypes' || typeof last === 'number')) {
    for (const value of ENUMS[field]) out.push(at(value, 'enum', value, { documentation: fieldDocumentation(path) }));
  }
  const facts = context.facts;
  if (!facts) return out;
  // The policy's namespace: the namespaces of the workspace.
  if (path.length === 2 && path[0] === 'metadata' && last === 'namespace') {
    for (const name of facts.namespaceNames()) out.push(at(name, 'value', name, { detail: 'namespace in the workspace' }));
  }
  // A label value: `matchLabels: {key: |}`.
  const labels = labelContext(path.slice(0, -1));
  if (labels && typeof last === 'string') {
    const values = last === NAMESPACE_NAME_LABEL && labels === 'namespaces' ? facts.namespaceNames() : facts.labelValues(labels, last);
    for (const value of values) out.push(at(value, 'value', value, { detail: `value of ${last} in the workspace` }));
  }
  // A port: named ports of the rule's destinations.
  if (last === 'port' && path[0] === 'spec' && (path[1] === 'ingress' || path[1] === 'egress') && typeof path[2] === 'number') {
    const manifest = manifestsOfDocument(placed.document).find((m) => m.basePath.length === 0);
    if (manifest) {
      const policy: Manifest = { ...manifest, value: root, uri: '', document: placed.document, documentOffset: placed.offset };
      for (const name of facts.namedPorts(policy, path[1], path[2])) out.push(at(name, 'value', name, { detail: 'named container port' }));
    }
  }
  return out;
}

/** `pods` or `namespaces` when `path` is a selector's `matchLabels` (a cluster policy's `namespaces`, too; not `nodes`). */
function labelContext(path: FieldPath): 'pods' | 'namespaces' | undefined {
  if (path[path.length - 1] !== 'matchLabels') return undefined;
  const selector = path[path.length - 2];
  if (selector === 'nodes') return undefined;
  return selector === 'namespaceSelector' || selector === 'namespaces' ? 'namespaces' : 'pods';
}

/** The cluster policy kind of a probed document, when it is one in the apiVersion the service reads. */
function clusterKindOf(root: unknown): ClusterPolicyKind | undefined {
  if (!isRecord(root) || typeof root.kind !== 'string' || !isClusterPolicyKind(root.kind)) return undefined;
  return root.apiVersion === undefined || root.apiVersion === PLACEHOLDER || root.apiVersion === clusterPolicyApiVersion(root.kind) ? root.kind : undefined;
}

/**
 * Values in a cluster policy: the schema's enums (tier, action), protocols of v1alpha1 ports, selector operators,
 * the kind's apiVersion, and label keys, values and namespace names from the workspace.
 */
function clusterValueProposals(
  kind: ClusterPolicyKind,
  path: FieldPath,
  context: CompletionContext,
  at: (label: string, kind: CompletionKind, insertText: string, extra?: Partial<CompletionProposal>) => CompletionProposal,
): CompletionProposal[] {
  const out: CompletionProposal[] = [];
  const last = path[path.length - 1];
  const field = typeof last === 'number' ? path[path.length - 2] : last;
  const values =
    path.length === 1 && last === 'apiVersion'
      ? [clusterPolicyApiVersion(kind)]
      : path.length === 1 && last === 'kind'
        ? [kind]
        : (clusterEnumAt(kind, path) ?? (field === 'protocol' ? ENUMS.protocol : field === 'operator' ? ENUMS.operator : undefined));
  for (const value of values ?? []) out.push(at(value, 'enum', value));
  const facts = context.facts;
  if (!facts) return out;
  const labels = labelContext(path.slice(0, -1));
  if (labels && typeof last === 'string') {
    const found = last === NAMESPACE_NAME_LABEL && labels === 'namespaces' ? facts.namespaceNames() : facts.labelValues(labels, last);
    for (const value of found) out.push(at(value, 'value', value, { detail: `value of ${last} in the workspace` }));
  }
  return out;
}

interface Probe {
  readonly path: FieldPath;
  readonly root: unknown;
  readonly parent: unknown;
}

/** Parses the document with `replacement` at [start, end) and finds the path of the placeholder. */
function probePath(text: string, start: number, end: number, replacement: string): Probe | undefined {
  const probeText = text.slice(0, start) + replacement + text.slice(end);
  const document = parseYamlDocument(probeText);
  const found = nodeAtOffset(document, start + 1);
  if (!found) return undefined;
  let path = found.path;
  // On `key: __placeholder__` the node is the value; on `__placeholder__: null` it is the key.
  if (!found.onKey && replacement.endsWith(': null')) return undefined;
  // The probe may be half-typed YAML: the same guards as for the document itself (deep, cyclic, collection keys).
  if (unsafeShape(measureNesting(document.yaml))) return undefined;
  let root: unknown;
  try {
    root = document.yaml.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined; // an alias bomb: no completion rather than a hang
  }
  let parent: unknown = root;
  for (const segment of path.slice(0, -1))
    parent = isRecord(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[segment as string | number] : undefined;
  path = [...path];
  return { path, root, parent };
}

function isNetworkPolicy(root: unknown): root is Record<string, unknown> {
  return isRecord(root) && root.kind === 'NetworkPolicy';
}

function indentOf(prefix: string): string {
  return prefix.replace(/-/g, ' ');
}
