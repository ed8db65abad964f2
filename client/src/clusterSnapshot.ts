/**
 * "NetworkPolicy: Import Cluster Snapshot": writes `kubectl get ... -A -o yaml` of the current context to a file
 * that `netpol.clusterFiles` names, so that the workspace's policies are checked against the cluster's namespaces
 * and workloads. Read only (kubectl get), only in a trusted workspace, only when the user runs the command (never at
 * activation), and kubectl runs through execFile with an argument array: no shell.
 *
 * No `vscode` import here: the command's steps take their editor calls from a {@link SnapshotHost}, so the unit tests
 * run them without VS Code and without kubectl.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The objects a snapshot holds: what the model reads, and the cluster's policies. */
export const SNAPSHOT_RESOURCES = 'namespaces,pods,deployments,statefulsets,daemonsets,replicasets,services,networkpolicies';
export const KUBECTL_ARGS: readonly string[] = ['get', SNAPSHOT_RESOURCES, '-A', '-o', 'yaml'];

/** Where the dump goes when `netpol.clusterFiles` is empty (the user is asked, with this as the proposal). */
export const DEFAULT_SNAPSHOT_FILE = 'cluster-snapshot.yaml';

export interface SnapshotHost {
  readonly isTrusted: boolean;
  /** `netpol.clusterFiles`, as set. */
  readonly clusterFiles: readonly string[];
  /** The first workspace folder's path, if any: relative entries are resolved against it. */
  readonly folder: string | undefined;
  /** Asks where to save (a save dialog), proposing `proposal`; undefined when the user cancels. */
  askDestination(proposal: string): Promise<string | undefined>;
  /** Runs kubectl with these arguments; rejects with the child's error (code `ENOENT` when there is no kubectl). */
  runKubectl(args: readonly string[]): Promise<string>;
  writeFile(file: string, text: string): Promise<void>;
  /** Adds the file to `netpol.clusterFiles` (when it was chosen in the dialog): the server then reads it. */
  addToClusterFiles(file: string): Promise<void>;
  /** The setting already named the file: have the server read it again (no watcher sees a file outside the workspace). */
  reload(file: string): Promise<void>;
  info(message: string): void;
  error(message: string): void;
}

export type SnapshotOutcome = 'untrusted' | 'cancelled' | 'no-kubectl' | 'kubectl-failed' | 'written';

/** Where `netpol.clusterFiles` says the dump goes: its first entry, unless that is a glob (then: ask). */
export function snapshotDestination(clusterFiles: readonly string[], folder: string | undefined): string | undefined {
  const first = clusterFiles.find((entry) => entry.trim() !== '');
  if (first === undefined || /[*?[{]/.test(first)) return undefined;
  if (path.isAbsolute(first)) return first;
  return folder === undefined ? undefined : path.join(folder, first);
}

export async function importClusterSnapshot(host: SnapshotHost): Promise<SnapshotOutcome> {
  if (!host.isTrusted) {
    host.error(
      'NetworkPolicy Lens: Import Cluster Snapshot runs kubectl, so it needs a trusted workspace. Trust this workspace (Manage Workspace Trust) and run it again.',
    );
    return 'untrusted';
  }
  let destination = snapshotDestination(host.clusterFiles, host.folder);
  const chosen = destination === undefined;
  if (destination === undefined) {
    destination = await host.askDestination(path.join(host.folder ?? '', DEFAULT_SNAPSHOT_FILE));
    if (destination === undefined) return 'cancelled';
  }
  let dump: string;
  try {
    dump = await host.runKubectl(KUBECTL_ARGS);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      host.error(
        `NetworkPolicy Lens: kubectl was not found on the PATH. Install kubectl, or write the snapshot yourself: kubectl ${KUBECTL_ARGS.join(' ')} > ${destination}`,
      );
      return 'no-kubectl';
    }
    const detail = (failure.stderr ?? '').trim() || failure.message;
    host.error(`NetworkPolicy Lens: kubectl ${KUBECTL_ARGS.join(' ')} failed: ${detail.split('\n').slice(0, 3).join(' ')}`);
    return 'kubectl-failed';
  }
  await host.writeFile(destination, dump);
  if (chosen) await host.addToClusterFiles(destination);
  else await host.reload(destination);
  host.info(
    `NetworkPolicy Lens: wrote the cluster snapshot to ${destination} (${dump.length} characters); its namespaces and workloads are now context for the policies.`,
  );
  return 'written';
}

/** kubectl through execFile: an argument array, no shell; a dump of a large cluster may be hundreds of MB. */
export function runKubectl(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', [...args], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

export async function writeSnapshot(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}
