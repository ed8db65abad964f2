/**
 * Golden scenarios, one per semantic rule: `test/fixtures/reachability/semantics/<case>.yaml` (or a directory of
 * steps applied in order) next to `<case>.expected.txt`, the truth tables for the probes the case names in its
 * header. `test/fixtures/reachability/upstream/` holds, in the same format, the scenarios of the Kubernetes e2e suite
 * (test/e2e/network/netpol/network_policy.go), each table being upstream's expected reachability. A step after the
 * first may name its own `# probes:` (upstream checks different ports at different steps); otherwise the first
 * step's apply. `UPDATE_GOLDEN=1 npm run test:unit` rewrites the tables; review every change before committing.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import { ReachabilityEngine } from '../../../server/src/service/reachability/reachabilityEngine';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { UPDATE_GOLDEN } from '../goldenRunner';
import { CONFORMANCE_PODS, conformanceCluster } from './helpers';
import { parseProbe, probeText, truthTable } from './truthTable';

const FIXTURES = join(__dirname, '../../fixtures/reachability');
const SUITES = [
  { title: 'reachability semantics (golden truth tables)', root: join(FIXTURES, 'semantics') },
  { title: 'reachability upstream e2e netpol scenarios (golden truth tables)', root: join(FIXTURES, 'upstream') },
  { title: 'reachability with cluster policies: tiers, priorities, Pass (golden truth tables)', root: join(FIXTURES, 'cluster-policies') },
];

interface Header {
  readonly probes: string[];
  readonly cluster: string;
  readonly endpoints: string[] | undefined;
  readonly defaultNamespace: string;
}

function headerValue(text: string, name: string): string | undefined {
  return new RegExp(`^# ${name}: (.*)$`, 'm').exec(text)?.[1].trim();
}

function readHeader(text: string): Header {
  const value = (name: string): string | undefined => headerValue(text, name);
  return {
    probes: (value('probes') ?? 'TCP/80').split(/\s+/),
    cluster: value('cluster') ?? 'conformance',
    endpoints: endpointList(value('endpoints')),
    defaultNamespace: value('default-namespace') ?? 'default',
  };
}

function clusterText(name: string): string | undefined {
  if (name === 'conformance') return conformanceCluster();
  if (name === 'conformance-no-ips') return conformanceCluster({ ips: false });
  return undefined;
}

for (const suite of SUITES) {
  const cases = readdirSync(suite.root)
    .filter((name) => name.endsWith('.yaml') || statSync(join(suite.root, name)).isDirectory())
    .sort();

  describe(suite.title, () => {
    for (const name of cases) {
      it(name, () => {
        const path = join(suite.root, name);
        const steps = statSync(path).isDirectory()
          ? readdirSync(path)
              .filter((step) => step.endsWith('.yaml'))
              .sort()
              .map((step) => ({ name: step, text: readFileSync(join(path, step), 'utf8') }))
          : [{ name, text: readFileSync(path, 'utf8') }];
        const header = readHeader(steps[0].text);
        const workspace = new ManifestWorkspace();
        const cluster = clusterText(header.cluster);
        if (cluster) workspace.setFile('file:///cluster.yaml', cluster);
        const incremental = new ReachabilityEngine();
        const sections: string[] = [];
        for (const step of steps) {
          workspace.setFile(`file:///${step.name}`, step.text);
          const model = buildClusterModel(workspace.manifests(), { defaultNamespace: header.defaultNamespace }, workspace.allFiles());
          const keys = header.endpoints ?? (cluster ? CONFORMANCE_PODS : model.endpoints.map((endpoint) => endpoint.key));
          if (steps.length > 1) sections.push(`== ${step.name}`);
          const probes = step === steps[0] ? header.probes : (headerValue(step.text, 'probes')?.split(/\s+/) ?? header.probes);
          for (const probe of probes.map(parseProbe)) {
            const table = truthTable(model, keys, probe);
            // The same engine, kept across steps, must agree with a fresh one.
            assert.equal(truthTable(model, keys, probe, incremental), table, `incremental engine agrees at ${step.name} ${probeText(probe)}`);
            sections.push(`-- ${probeText(probe)}`, table);
          }
          if (model.leftOut.length > 0)
            sections.push(`left out: ${model.leftOut.map((doc) => `${doc.kind ?? '?'} ${doc.name ?? ''}: ${doc.reason}`).join('; ')}`);
        }
        const actual = `${sections.join('\n')}\n`;
        const expectedPath = path.replace(/\.yaml$/, '') + '.expected.txt';
        if (UPDATE_GOLDEN) writeFileSync(expectedPath, actual);
        assert.ok(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1 and review it`);
        assert.equal(actual, readFileSync(expectedPath, 'utf8'));
      });
    }
  });
}

/** `a b c`, or `a | b | c` when keys contain spaces (external ranges). */
function endpointList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.includes('|') ? text.split('|').map((key) => key.trim()) : text.split(/\s+/);
}
