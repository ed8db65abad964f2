import type { ClusterModel } from '../cluster/clusterModel';
import { objectRefOf, type SourceRef } from '../cluster/sourceRef';
import { listNames } from './clusterView';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'metadata.duplicate-policy-name';

/** Every definition of a policy name that is defined more than once, by where its name is. */
type Definitions = ReadonlyMap<string, { readonly id: string; readonly all: readonly SourceRef[] }>;

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
    const others = found.all.filter((ref) => refKey(ref) !== refKey(here) && folderOf(ref.uri) === folderOf(here.uri));
    if (others.length === 0) return [];
    const places = [...new Set(others.map((ref) => (ref.uri === here.uri ? (ref.start < here.start ? 'earlier in this file' : 'later in this file') : `in ${fileName(ref.uri)}`)))];
    return [
      {
        code: CODE,
        message: `NetworkPolicy ${found.id} is also defined ${listNames(places)}: applying both, the one applied last replaces the other.`,
        path: ['metadata', 'name'],
      },
    ];
  },
};

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
  const out = new Map<string, { id: string; all: SourceRef[] }>();
  for (const policy of model.policies) {
    const earlier = byId.get(policy.id);
    if (!earlier) continue;
    const all = [...earlier, objectRefOf(policy.manifest)];
    for (const ref of all) out.set(refKey(ref), { id: policy.id, all });
  }
  memo.set(model, (definitions = out));
  return definitions;
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
