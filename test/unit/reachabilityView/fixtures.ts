import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import type { SourceRef } from '../../../server/src/service/cluster/sourceRef';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../../../server/src/service/reachabilityView/buildReachabilityView';
import type { ReachabilityView } from '../../../server/src/service/reachabilityView/viewModel';
import { modelOf } from '../reachability/helpers';

export const repoRoot = resolve(__dirname, '..', '..', '..');

/** The YAML files of a folder of the repo, recursively, as `uri -> text`. */
export function filesOf(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out[pathToFileURL(path).toString()] = readFileSync(path, 'utf8');
    }
  };
  walk(join(repoRoot, folder));
  return out;
}

/** `file:offset`, enough to check that references are passed through. */
export const formatRef = (ref: SourceRef): string => `${relative(repoRoot, new URL(ref.uri).pathname)}@${ref.start}`;

export function viewOf(model: ClusterModel, title = 'test'): ReachabilityView {
  return buildReachabilityView(computeReachability(model), { title, formatRef });
}

export function examplesModel(): ClusterModel {
  return modelOf(filesOf('examples'));
}

export { modelOf };
