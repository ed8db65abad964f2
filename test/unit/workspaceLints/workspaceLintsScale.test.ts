import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import type { Endpoint } from '../../../server/src/service/cluster/endpoint';
import { objectRefOf, type SourceRef } from '../../../server/src/service/cluster/sourceRef';
import { WorkspaceFindings } from '../../../server/src/service/diagnostics/workspaceFindings';
import { listNames } from '../../../server/src/service/lints/lintHelpers';
import { missingDnsVerdicts } from '../../../server/src/service/lints/missingDns';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';
import { deployment, docs, policy, service, workspaceFindings, workspaceOf, type Files } from './workspaceHarness';

/**
 * The workspace lints must cost about the size of the workspace: a file of 8 MB once took 80 s because missing
 * DNS recorded every pod for every policy selecting it. These tests count work instead of timing it (speed is
 * measured by the benchmarks): what the lints record, and how often they read a pod's labels or a duplicate
 * definition. The counting tests check a workspace at two sizes, four times apart: linear work grows about four
 * times, work per pair of objects sixteen times. The places of duplicate names, now found without reading every
 * other definition, are compared with a plain reading of all of them on random layouts.
 */

const DEFAULT_DENY = `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;

describe('workspace lints: work in proportion to the workspace', () => {
  it('missing DNS: policies with the same podSelector share one verdict, which names each pod once', () => {
    for (const copies of [1, 300]) {
      const files = {
        'apps/shop.yaml': docs(...Array.from({ length: 50 }, (_, i) => deployment('shop', `app${i}`, { app: `app${i}` }))),
        'policies/deny.yaml': docs(...Array.from({ length: copies }, (_, i) => policy('shop', `deny-${i}`, DEFAULT_DENY))),
      };
      const verdicts = [...missingDnsVerdicts(modelOf(files)).values()];
      assert.equal(verdicts.length, copies);
      const distinct = new Set(verdicts);
      assert.equal(distinct.size, 1, `${copies} copies of a default deny`);
      assert.equal(
        [...distinct].reduce((sum, verdict) => sum + verdict.missing.length, 0),
        50,
      );
    }
  });

  it('missing DNS without workloads: one verdict and one stand-in pod per podSelector, however many policies have it', () => {
    const files = {
      'policies/p.yaml': docs(
        ...Array.from({ length: 300 }, (_, i) =>
          policy('shop', `p-${i}`, i % 2 ? DEFAULT_DENY : `  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n`),
        ),
      ),
    };
    const verdicts = new Set(missingDnsVerdicts(modelOf(files)).values());
    assert.deepEqual(
      [...verdicts].map((verdict) => verdict.missing),
      [['the pods with app=web in shop'], ['the pods with app=web in shop', 'every pod in shop']],
    );
  });

  it('reads the labels of pods about once per pod, policy and Service in a crowded namespace', () => {
    const reads = (size: number): number => {
      const files: Record<string, string> = { 'apps/apps.yaml': '', 'policies/p.yaml': '' };
      const apps: string[] = [];
      const policies: string[] = [policy('big', 'deny', DEFAULT_DENY)];
      for (let i = 0; i < size; i++) {
        apps.push(deployment('big', `a${i}`, { app: `a${i}`, tier: `t${i % 4}` }, ['http:8080']), service('big', `a${i}`, { app: `a${i}` }, ['80->http']));
        const from = `    - from:\n        - podSelector: {matchLabels: {app: a${(i + 1) % size}}}\n      ports: [{port: http}, {port: 80}]\n`;
        const to = `    - to:\n        - podSelector: {matchLabels: {app: a${(i + 2) % size}}}\n      ports: [{port: 8080}, {port: 9999}]\n`;
        policies.push(
          policy('big', `p${i}`, `  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n${from}  egress:\n${to}`),
        );
      }
      files['apps/apps.yaml'] = docs(...apps);
      files['policies/p.yaml'] = docs(...policies);
      return countedLintWork(files).labelReads;
    };
    const small = reads(100);
    const large = reads(400);
    assert.ok(large < 5 * small, `labels read ${small} times for 100 pods, ${large} times for 400`);
  });

  it('reads each definition of a name pasted many times a bounded number of times', () => {
    const reads = (copies: number): number => {
      const text = docs(...Array.from({ length: copies }, () => policy('shop', 'same', DEFAULT_DENY)));
      return countedLintWork({ 'policies/a.yaml': text, 'policies/b.yaml': text }).definitionReads;
    };
    const small = reads(100);
    const large = reads(400);
    assert.ok(large < 5 * small, `definitions read ${small} times for 100 copies, ${large} times for 400`);
  });
});

describe('metadata.duplicate-policy-name without reading every definition', () => {
  it('names the same places as a reading of every definition, on random layouts', () => {
    const layout = fc.array(
      fc.record({
        folder: fc.constantFrom('a', 'b'),
        file: fc.constantFrom('x', 'y', 'z'),
        names: fc.array(fc.constantFrom('p', 'q'), { minLength: 1, maxLength: 6 }),
      }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(layout, (entries) => {
        const files: Record<string, string> = {};
        for (const { folder, file, names } of entries) files[`${folder}/${file}.yaml`] = docs(...names.map((name) => policy('shop', name, DEFAULT_DENY)));
        const found = workspaceFindings(files, 'metadata.duplicate-policy-name').map((f) => `${f.uri}@${f.start}: ${f.message}`);
        assert.deepEqual(found, everyDefinitionRead(modelOf(files)));
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });
});

/** The duplicate-name findings as the lint once computed them: each definition reads every other. */
function everyDefinitionRead(model: ClusterModel): string[] {
  const folderOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/') + 1);
  const out: { uri: string; start: number; message: string }[] = [];
  for (const policy of model.policies) {
    const all: SourceRef[] = [
      ...model.leftOut
        .filter((left) => left.kind === 'NetworkPolicy' && left.replacedBy && `${left.namespace}/${left.name}` === policy.id)
        .map((left) => left.ref),
      objectRefOf(policy.manifest),
    ];
    if (all.length < 2) continue;
    for (const here of all) {
      const others = all.filter((ref) => (ref.uri !== here.uri || ref.start !== here.start) && folderOf(ref.uri) === folderOf(here.uri));
      if (others.length === 0) continue;
      const places = [
        ...new Set(
          others.map((ref) =>
            ref.uri === here.uri
              ? ref.start < here.start
                ? 'earlier in this file'
                : 'later in this file'
              : `in ${ref.uri.slice(ref.uri.lastIndexOf('/') + 1)}`,
          ),
        ),
      ];
      out.push({
        uri: here.uri,
        start: here.start,
        message: `NetworkPolicy ${policy.id} is also defined ${listNames(places)}: applying both, the one applied last replaces the other.`,
      });
    }
  }
  const root = 'file:///ws/';
  return out
    .map((f) => ({ ...f, uri: f.uri.slice(root.length) }))
    .sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1))
    .map((f) => `${f.uri}@${f.start}: ${f.message}`);
}

function modelOf(files: Files): ClusterModel {
  return new WorkspaceAnalysis(workspaceOf(files)).clusterModel(DEFAULT_SETTINGS);
}

/**
 * Runs every workspace lint on every file over a model whose pods' labels and duplicate definitions count their
 * reads (a property read, a key test or a listing of keys counts one).
 */
function countedLintWork(files: Files): { labelReads: number; definitionReads: number } {
  const workspace = workspaceOf(files);
  const analysis = new WorkspaceAnalysis(workspace);
  const built = analysis.clusterModel(DEFAULT_SETTINGS);
  const counts = { labelReads: 0, definitionReads: 0 };
  const counting = <T extends object>(target: T, key: keyof typeof counts): T =>
    new Proxy(target, {
      get: (object, property, receiver) => (counts[key]++, Reflect.get(object, property, receiver)),
      has: (object, property) => (counts[key]++, Reflect.has(object, property)),
      getOwnPropertyDescriptor: (object, property) => (counts[key]++, Reflect.getOwnPropertyDescriptor(object, property)),
      ownKeys: (object) => (counts[key]++, Reflect.ownKeys(object)),
    });
  const model: ClusterModel = {
    ...built,
    endpoints: built.endpoints.map((endpoint): Endpoint => ({ ...endpoint, labels: counting(endpoint.labels, 'labelReads') })),
    leftOut: built.leftOut.map((left) => ({ ...left, ref: counting(left.ref, 'definitionReads') })),
  };
  // The model is the one built for this workspace version, with counting labels and definitions.
  const counted = Object.assign(Object.create(WorkspaceAnalysis.prototype) as WorkspaceAnalysis, analysis, { clusterModel: () => model });
  const findings = new WorkspaceFindings(counted);
  counts.labelReads = 0;
  counts.definitionReads = 0;
  for (const file of workspace.allFiles()) findings.forFile(file, DEFAULT_SETTINGS);
  return counts;
}
