import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importClusterSnapshot, KUBECTL_ARGS, snapshotDestination, type SnapshotHost } from '../../../client/src/clusterSnapshot';
import { IMPORT_CLUSTER_SNAPSHOT_COMMAND } from '../../../server/src/protocol/commands';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** A host that records what the command did; kubectl answers `kubectl` (or throws it). */
function fakeHost(overrides: Partial<SnapshotHost> & { kubectl?: string | Error } = {}) {
  const calls = {
    kubectl: [] as (readonly string[])[],
    writes: [] as [string, string][],
    added: [] as string[],
    reloaded: [] as string[],
    info: [] as string[],
    error: [] as string[],
    asked: [] as string[],
  };
  const host: SnapshotHost = {
    isTrusted: true,
    clusterFiles: ['cluster/dump.yaml'],
    folder: '/work/repo',
    askDestination: async (proposal) => {
      calls.asked.push(proposal);
      return undefined;
    },
    runKubectl: async (args) => {
      calls.kubectl.push(args);
      if (overrides.kubectl instanceof Error) throw overrides.kubectl;
      return overrides.kubectl ?? 'apiVersion: v1\nkind: List\nitems: []\n';
    },
    writeFile: async (file, text) => void calls.writes.push([file, text]),
    addToClusterFiles: async (file) => void calls.added.push(file),
    reload: async (file) => void calls.reloaded.push(file),
    info: (message) => void calls.info.push(message),
    error: (message) => void calls.error.push(message),
    ...overrides,
  };
  return { host, calls };
}

describe('NetworkPolicy: Import Cluster Snapshot', () => {
  it('is contributed and registered', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string }[] } };
    assert.ok(
      manifest.contributes.commands.some((command) => command.command === IMPORT_CLUSTER_SNAPSHOT_COMMAND && command.title === 'Import Cluster Snapshot'),
    );
    const source = readFileSync(path.join(REPO, 'client', 'src', 'firstRunCommands.ts'), 'utf8');
    assert.match(source, /registerCommand\(IMPORT_CLUSTER_SNAPSHOT_COMMAND/);
    assert.match(readFileSync(path.join(REPO, 'client', 'src', 'extension.ts'), 'utf8'), /registerFirstRunCommands\(context\)/);
  });

  it('runs only a read-only kubectl get, as an argument array, and never through a shell', () => {
    assert.deepEqual(KUBECTL_ARGS, ['get', 'namespaces,pods,deployments,statefulsets,daemonsets,replicasets,services,networkpolicies', '-A', '-o', 'yaml']);
    const source = readFileSync(path.join(REPO, 'client', 'src', 'clusterSnapshot.ts'), 'utf8');
    assert.doesNotMatch(source, /\bexec\(|spawn\(|shell:\s*true/);
  });

  it('refuses in an untrusted workspace, before running anything', async () => {
    const { host, calls } = fakeHost({ isTrusted: false });
    assert.equal(await importClusterSnapshot(host), 'untrusted');
    assert.deepEqual(calls.kubectl, []);
    assert.deepEqual(calls.writes, []);
    assert.match(calls.error[0], /trusted workspace/);
  });

  it('says clearly when kubectl is missing, with the command to run by hand', async () => {
    const missing = Object.assign(new Error('spawn kubectl ENOENT'), { code: 'ENOENT' });
    const { host, calls } = fakeHost({ kubectl: missing });
    assert.equal(await importClusterSnapshot(host), 'no-kubectl');
    assert.match(calls.error[0], /kubectl was not found on the PATH/);
    assert.match(calls.error[0], /kubectl get namespaces,pods,.* -A -o yaml > \/work\/repo\/cluster\/dump\.yaml/);
    assert.deepEqual(calls.writes, []);
  });

  it("reports kubectl's own error (no context, forbidden, ...)", async () => {
    const failed = Object.assign(new Error('Command failed'), { code: 1, stderr: 'error: current-context is not set\n' });
    const { host, calls } = fakeHost({ kubectl: failed });
    assert.equal(await importClusterSnapshot(host), 'kubectl-failed');
    assert.match(calls.error[0], /current-context is not set/);
  });

  it("writes the dump where netpol.clusterFiles' first entry points", async () => {
    const { host, calls } = fakeHost();
    assert.equal(await importClusterSnapshot(host), 'written');
    assert.deepEqual(
      calls.writes.map(([file]) => file),
      ['/work/repo/cluster/dump.yaml'],
    );
    assert.deepEqual(calls.added, []);
    assert.deepEqual(calls.reloaded, ['/work/repo/cluster/dump.yaml'], 'the server reads the new dump');
    assert.match(calls.info[0], /cluster\/dump\.yaml/);
  });

  it('asks where to save when the setting is empty or a glob, and adds the choice to the setting', async () => {
    assert.equal(snapshotDestination([], '/w'), undefined);
    assert.equal(snapshotDestination(['dumps/*.yaml'], '/w'), undefined);
    assert.equal(snapshotDestination(['/abs/dump.yaml'], undefined), '/abs/dump.yaml');
    const cancelled = fakeHost({ clusterFiles: [] });
    assert.equal(await importClusterSnapshot(cancelled.host), 'cancelled');
    assert.deepEqual(cancelled.calls.asked, ['/work/repo/cluster-snapshot.yaml']);
    assert.deepEqual(cancelled.calls.kubectl, []);
    const chosen = fakeHost({ clusterFiles: ['dumps/*.yaml'], askDestination: async () => '/work/repo/dumps/prod.yaml' });
    assert.equal(await importClusterSnapshot(chosen.host), 'written');
    assert.deepEqual(chosen.calls.added, ['/work/repo/dumps/prod.yaml']);
    assert.deepEqual(chosen.calls.reloaded, [], 'the setting changed: the server reads it anyway');
  });
});
