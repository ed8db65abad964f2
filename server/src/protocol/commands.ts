/**
 * The command ids the server and the VS Code client share, declared once: the server puts them in CodeLenses and
 * the client registers them (package.json's `contributes.commands` lists the same ids; a unit test checks it).
 */

/** Peeks at locations: arguments `[uri, position, locations]` (VS Code's client converts them to showReferences). */
export const SHOW_WORKLOADS_COMMAND = 'netpol.showWorkloads';
/** Opens the reachability panel; argument `{ policy?: "namespace/name" }` focuses a policy. */
export const SHOW_REACHABILITY_COMMAND = 'netpol.showReachability';
/** Restarts the language server. */
export const RESTART_SERVER_COMMAND = 'netpol.restartServer';
/** The reachability panel's webview type (its serializer restores it after a reload). */
export const REACHABILITY_VIEW_TYPE = 'netpol.reachability';
/** Opens a copy of the bundled examples in a new window (the walkthrough's first step). */
export const OPEN_EXAMPLES_COMMAND = 'netpol.openExamples';
/** Writes `kubectl get ... -A -o yaml` of the current context to `netpol.clusterFiles`' first entry (trusted workspaces only). */
export const IMPORT_CLUSTER_SNAPSHOT_COMMAND = 'netpol.importClusterSnapshot';
/** Lists what the changes since the base revision open and close (quick pick); argument `{ base?: "REF", mergeBaseWith?: "BRANCH" }` sets the base. */
export const SHOW_REACHABILITY_CHANGES_COMMAND = 'netpol.showReachabilityChanges';
/** Chooses the base of the reachability changes: HEAD, a branch, or the merge base with a branch. */
export const CHOOSE_CHANGES_BASE_COMMAND = 'netpol.chooseChangesBase';
