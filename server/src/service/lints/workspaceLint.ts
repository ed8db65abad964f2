import type { ClusterModel } from '../cluster/clusterModel';
import type { Issue } from '../findings';
import type { Manifest } from '../model/manifest';
import type { ServiceSettings } from '../settings';
import type { WORKSPACE_LINT_RULES } from './workspaceLintRules';

/**
 * What a workspace lint sees besides the object: the cluster the workspace describes. Lints ask it through
 * `clusterQueries(model)`, the queries hover, completion and CodeLens answer from too.
 */
export interface WorkspaceLintContext {
  readonly model: ClusterModel;
  readonly settings: ServiceSettings;
}

/**
 * A lint that needs the rest of the workspace (its workloads, namespaces, services or other policies). It is
 * called for every object of the workspace (filter by kind) and must never throw.
 *
 * `scope` says what its result depends on, for caching: `cluster` when only on the object itself and the
 * workspace's namespaces, workloads and services (not on other policies); `policies` when also on other policies.
 */
export interface WorkspaceLint {
  /** The codes this lint can report (each in `WORKSPACE_LINT_RULES` with a doc in `docs/rules/`). */
  readonly codes: readonly (keyof typeof WORKSPACE_LINT_RULES)[];
  readonly scope: 'cluster' | 'policies';
  check(manifest: Manifest, context: WorkspaceLintContext): Issue[];
}
