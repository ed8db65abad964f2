import { manifestsOfDocument, type Manifest } from './model/manifest';
import { lightObjectText, locateLight, mightBeClusterDump, readClusterDump, type LightObject } from './parse/clusterDump';
import { parseYamlDocument, type ParsedDocument } from './parse/parsedDocument';
import { parseFile, type ParsedFile, type TextChange } from './parse/parsedFile';

/**
 * The YAML files of a workspace, each parsed per document. Callers (the language server, the CLI, the tests) put
 * text in; analyses read parsed files and manifests out. Cross-file results are rebuilt from per-document caches.
 */
export class ManifestWorkspace {
  private readonly files = new Map<string, ParsedFile>();
  private manifestCache: readonly Manifest[] | undefined;
  private revision = 0;

  /**
   * Sets a file's text; re-parses only the documents whose text changed. `change`, when the caller knows it (the
   * editor's edits since the last call), spares comparing the texts: see {@link parseFile}.
   */
  setFile(uri: string, text: string, change?: TextChange): ParsedFile {
    const previous = this.files.get(uri);
    if (previous && !change && previous.text === text) return previous;
    const parsed = parseFile(uri, text, previous, change);
    this.files.set(uri, parsed);
    this.changed();
    return parsed;
  }

  /**
   * Sets a file that may be a cluster dump (`kubectl get pods,namespaces,networkpolicies -A -o yaml|json`): read
   * along the light path when it is one (see clusterDump.ts), else undefined and nothing is set (the caller
   * decides: `setFile`, or skip it). Only the CLI reads dumps this way; the editor parses every file fully.
   */
  setClusterDump(uri: string, text: string): ParsedFile | undefined {
    const parsed = mightBeClusterDump(text) ? readClusterDump(uri, text) : undefined;
    if (!parsed) return undefined;
    this.files.set(uri, parsed);
    this.changed();
    return parsed;
  }

  deleteFile(uri: string): boolean {
    const existed = this.files.delete(uri);
    if (existed) this.changed();
    return existed;
  }

  getFile(uri: string): ParsedFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): IterableIterator<ParsedFile> {
    return this.files.values();
  }

  /** Increases on every change: a cheap key for caches of cross-file results. */
  get version(): number {
    return this.revision;
  }

  /** Every Kubernetes object of every file, in file order. */
  manifests(): readonly Manifest[] {
    if (!this.manifestCache) {
      const all: Manifest[] = [];
      for (const file of this.files.values()) all.push(...manifestsOfFile(file));
      this.manifestCache = all;
    }
    return this.manifestCache;
  }

  private changed(): void {
    this.revision++;
    this.manifestCache = undefined;
  }
}

/**
 * The Kubernetes objects of each parsed file (immutable once parsed): a change re-reads only its file, and the
 * objects of the other files stay the same objects, so the caches keyed by them (source references, the
 * reachability engine's classes) keep their results.
 */
const manifestsByFile = new WeakMap<ParsedFile, Manifest[]>();

/** The Kubernetes objects of one file, placed in it. */
export function manifestsOfFile(file: ParsedFile): readonly Manifest[] {
  let cached = manifestsByFile.get(file);
  if (!cached) manifestsByFile.set(file, (cached = readManifestsOfFile(file)));
  return cached;
}

function readManifestsOfFile(file: ParsedFile): Manifest[] {
  const out: Manifest[] = [];
  const light = file.lightObjects ?? [];
  let next = 0;
  for (const { offset, document } of file.documents) {
    // A dump's light objects and documents, in file order.
    while (next < light.length && light[next].start < offset) out.push(lightManifest(file, light[next++]));
    for (const manifest of manifestsOfDocument(document)) {
      out.push({ ...manifest, uri: file.uri, document, documentOffset: offset });
    }
  }
  while (next < light.length) out.push(lightManifest(file, light[next++]));
  return out;
}

/** The manifest of a dump's light object: its document is parsed from the item's text if ever asked for. */
function lightManifest(file: ParsedFile, object: LightObject): Manifest {
  let document: ParsedDocument | undefined;
  return {
    kind: object.kind,
    apiVersion: object.apiVersion,
    name: object.name,
    namespace: object.namespace,
    value: object.value,
    basePath: [],
    uri: file.uri,
    documentOffset: object.start,
    locateQuickly: (path) => locateLight(file.text, object, path),
    get document(): ParsedDocument {
      return (document ??= parseYamlDocument(lightObjectText(file.text, object)));
    },
  };
}
