import type { ClusterModel } from '../cluster/clusterModel';
import { objectRefOf, type SourceRef } from '../cluster/sourceRef';
import { listNames } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'metadata.duplicate-policy-name';

/**
 * The definitions of one policy name in one folder, in the order the cluster model lists them (earlier replaced
 * definitions first), prepared so that each definition finds the others' places without reading them all: a name
 * pasted thousands of times must not cost thousands of reads per definition.
 */
interface FolderDefinitions {
  readonly id: string;
  /** Per file: the positions (in the folder's order) of its definitions, and running minimum and maximum of their starts. */
  readonly files: ReadonlyMap<string, { readonly positions: number[]; readonly minStart: number[]; readonly maxStart: number[] }>;
  /** `in <file name>` places, in order of their first definition, each with the files that have that name. */
  readonly filePlaces: readonly { readonly label: string; readonly uris: readonly { readonly uri: string; readonly position: number }[] }[];
}

/** Every definition of a policy name that is defined more than once, by where its name is. */
type Definitions = ReadonlyMap<string, FolderDefinitions>;

const memo = new WeakMap<ClusterModel, Definitions>();

/**
 * `metadata.duplicate-policy-name`: two NetworkPolicies with the same name in the same namespace. They are one
 * object to the API server: applying both, the one applied last replaces the other (`kubectl apply` patches it
 * into the other's shape), so the rules of the first are silently lost. Reported on each definition's name, for
 * the definitions in one folder.
 */
export const duplicatePolicyName: WorkspaceLint = {
  codes: [CODE],
  scope: 'policies',
  check(manifest, { model }) {
    if (manifest.kind !== 'NetworkPolicy') return [];
    const here = objectRefOf(manifest);
    const found = definitionsOf(model).get(refKey(here));
    if (!found) return [];
    // Definitions in other folders are alternatives (overlays, environments, a bundle of the same manifests),
    // not applied together: `kubectl apply -f <folder>` applies one folder.
    const { shown, total } = otherPlaces(found, here);
    if (total === 0) return [];
    return [
      {
        code: CODE,
        message: `NetworkPolicy ${found.id} is also defined ${listNames(shown, 3, 'and', total)}: applying both, the one applied last replaces the other.`,
        path: ['metadata', 'name'],
      },
    ];
  },
};

/**
 * Where the other definitions of the folder are, as places (`earlier in this file`, `later in this file`,
 * `in <file>`) in the order of their first definition: the first three, and how many places there are.
 */
function otherPlaces(folder: FolderDefinitions, here: SourceRef): { shown: string[]; total: number } {
  const places: { label: string; position: number }[] = [];
  const own = folder.files.get(here.uri);
  if (own) {
    // Running minimum and maximum only fall and rise: the first definition before (after) this one in the file
    // is where they first pass its start.
    const earlier = firstWhere(own.minStart, (start) => start < here.start);
    const later = firstWhere(own.maxStart, (start) => start > here.start);
    if (earlier >= 0) places.push({ label: 'earlier in this file', position: own.positions[earlier] });
    if (later >= 0) places.push({ label: 'later in this file', position: own.positions[later] });
  }
  let fileLabels = 0;
  for (const place of folder.filePlaces) {
    const first = place.uris.find((entry) => entry.uri !== here.uri);
    if (!first) continue;
    fileLabels++;
    // Three places are shown, the rest counted. The first four file places are enough: only the one named like
    // this file (another file of that name) can come later than its first definition.
    if (fileLabels <= 4) places.push({ label: place.label, position: first.position });
  }
  const total = places.length - Math.min(fileLabels, 4) + fileLabels;
  return { shown: places.sort((a, b) => a.position - b.position).map((place) => place.label), total };
}

/** The first index of a monotonic array where `test` holds (it holds from there on), or -1. */
function firstWhere(values: readonly number[], test: (value: number) => boolean): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (test(values[middle])) high = middle;
    else low = middle + 1;
  }
  return low < values.length ? low : -1;
}

/**
 * The definitions of each name defined twice: the cluster model keeps the last one and lists the earlier ones as
 * replaced (`leftOut` with `replacedBy`).
 */
function definitionsOf(model: ClusterModel): Definitions {
  let definitions = memo.get(model);
  if (definitions) return definitions;
  const byId = new Map<string, SourceRef[]>();
  for (const left of model.leftOut) {
    if (left.kind !== 'NetworkPolicy' || !left.replacedBy || left.name === undefined) continue;
    const id = `${left.namespace || model.defaultNamespace}/${left.name}`;
    const refs = byId.get(id);
    if (refs) refs.push(left.ref);
    else byId.set(id, [left.ref]);
  }
  const out = new Map<string, FolderDefinitions>();
  for (const policy of model.policies) {
    const earlier = byId.get(policy.id);
    if (!earlier) continue;
    const byFolder = new Map<string, SourceRef[]>();
    for (const ref of [...earlier, objectRefOf(policy.manifest)]) {
      const refs = byFolder.get(folderOf(ref.uri));
      if (refs) refs.push(ref);
      else byFolder.set(folderOf(ref.uri), [ref]);
    }
    for (const refs of byFolder.values()) {
      const folder = folderDefinitions(policy.id, refs);
      for (const ref of refs) out.set(refKey(ref), folder);
    }
  }
  memo.set(model, (definitions = out));
  return definitions;
}

function folderDefinitions(id: string, refs: readonly SourceRef[]): FolderDefinitions {
  const files = new Map<string, { positions: number[]; minStart: number[]; maxStart: number[] }>();
  const filePlaces = new Map<string, { label: string; uris: { uri: string; position: number }[] }>();
  refs.forEach((ref, position) => {
    let file = files.get(ref.uri);
    if (!file) {
      files.set(ref.uri, (file = { positions: [], minStart: [], maxStart: [] }));
      const label = `in ${fileName(ref.uri)}`;
      let place = filePlaces.get(label);
      if (!place) filePlaces.set(label, (place = { label, uris: [] }));
      place.uris.push({ uri: ref.uri, position });
    }
    const last = file.positions.length - 1;
    file.positions.push(position);
    file.minStart.push(last < 0 ? ref.start : Math.min(file.minStart[last], ref.start));
    file.maxStart.push(last < 0 ? ref.start : Math.max(file.maxStart[last], ref.start));
  });
  return { id, files, filePlaces: [...filePlaces.values()] };
}

function refKey(ref: SourceRef): string {
  return `${ref.uri}\n${ref.start}`;
}

/** A URI or path up to its last `/`. */
function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** The last segment of a URI or path, decoded. */
function fileName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
