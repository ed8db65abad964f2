import type { FieldPath } from '../fieldPath';
import type { ParsedDocument } from '../parse/parsedDocument';

/**
 * One Kubernetes object found in a YAML document: the document itself, or an item of a `kind: List`
 * (what `kubectl get ... -o yaml` writes).
 */
export interface DocumentManifest {
  readonly kind: string | undefined;
  readonly apiVersion: string | undefined;
  readonly name: string | undefined;
  /** `metadata.namespace` as written (undefined when absent: the caller decides the default). */
  readonly namespace: string | undefined;
  /** The object as plain data. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Where the object sits in its document: `[]`, or `['items', 3]` inside a List. */
  readonly basePath: FieldPath;
}

/** A manifest with the file and document it came from: enough to place any finding in the file. */
export interface Manifest extends DocumentManifest {
  readonly uri: string;
  readonly document: ParsedDocument;
  /** Offset of the document in its file. */
  readonly documentOffset: number;
}

const cache = new WeakMap<ParsedDocument, readonly DocumentManifest[]>();

/** The Kubernetes objects of a parsed document (none for templates, documents with errors, or non-objects). */
export function manifestsOfDocument(document: ParsedDocument): readonly DocumentManifest[] {
  let manifests = cache.get(document);
  if (!manifests) {
    manifests = document.isTemplate ? [] : readManifests(document.value, []);
    cache.set(document, manifests);
  }
  return manifests;
}

function readManifests(value: unknown, basePath: FieldPath): DocumentManifest[] {
  if (!isRecord(value)) return [];
  const kind = stringOrUndefined(value.kind);
  const apiVersion = stringOrUndefined(value.apiVersion);
  if (kind === undefined && apiVersion === undefined) return [];
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const manifest: DocumentManifest = {
    kind,
    apiVersion,
    name: stringOrUndefined(metadata.name),
    namespace: stringOrUndefined(metadata.namespace),
    value,
    basePath,
  };
  // `kind: List` (and `*List` kinds such as `NetworkPolicyList`) hold their objects under `items`.
  if (kind !== undefined && /List$/.test(kind) && Array.isArray(value.items)) {
    const items: DocumentManifest[] = [manifest];
    value.items.forEach((item, index) => items.push(...readManifests(item, [...basePath, 'items', index])));
    return items;
  }
  return [manifest];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The apiVersion and kind of a NetworkPolicy that the API server serves. */
export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';

export function isNetworkPolicyKind(manifest: DocumentManifest): boolean {
  return manifest.kind === 'NetworkPolicy';
}
