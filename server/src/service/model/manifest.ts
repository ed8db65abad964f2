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
  /**
   * A cluster dump's light object (parse/clusterDump.ts): finds where a path is in `document` without parsing it,
   * when it can (undefined: ask `document`).
   */
  readonly locateQuickly?: (path: FieldPath) => { readonly start: number; readonly end: number } | undefined;
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

/**
 * `itemType` is the kind and apiVersion an item of a typed list (`PodList`, `NetworkPolicyList`) gets when it has
 * neither: the API server leaves them out of the items it lists, and apimachinery's unstructured decoding
 * (`decodeToList`) sets them from the list's kind without `List` and the list's apiVersion. An item with either
 * one keeps what it has.
 */
function readManifests(value: unknown, basePath: FieldPath, itemType?: { readonly kind: string; readonly apiVersion: string | undefined }): DocumentManifest[] {
  if (!isRecord(value)) return [];
  let kind = stringOrUndefined(value.kind) || undefined;
  let apiVersion = stringOrUndefined(value.apiVersion) || undefined;
  if (kind === undefined && apiVersion === undefined && itemType) ({ kind, apiVersion } = itemType);
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
  // `kind: List` (and `*List` kinds such as `NetworkPolicyList`) hold their objects under `items`; the items of a
  // typed list may leave their kind and apiVersion out.
  if (kind !== undefined && /List$/.test(kind) && Array.isArray(value.items)) {
    const items: DocumentManifest[] = [manifest];
    const element = kind.slice(0, -'List'.length);
    const type = element === '' ? undefined : { kind: element, apiVersion };
    value.items.forEach((item, index) => items.push(...readManifests(item, [...basePath, 'items', index], type)));
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
