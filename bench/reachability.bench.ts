/**
 * Reachability benchmark: the class-based engine against the naive pods x pods x policies evaluator, on the same
 * synthetic clusters, in one run. `npx tsx bench/reachability.bench.ts [--quick] [--write]`; `--write` puts the
 * figures in docs/benchmarks.md (between the reachability markers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildClusterModel } from '../server/src/service/cluster/buildClusterModel';
import type { ClusterModel } from '../server/src/service/cluster/clusterModel';
import { ReachabilityEngine } from '../server/src/service/reachability/reachabilityEngine';
import { isAllowed } from '../server/src/service/reachability/result';
import { ManifestWorkspace } from '../server/src/service/workspace';
import { FULL_SIZE, generateCluster, type ClusterShape } from './reachabilityCluster';
import { naiveAllowed } from './reachabilityNaive';
import packageJson from '../package.json';

const packageVersion = packageJson.version;

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const RUNS = quick ? 3 : 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time, and this process's CPU time (user + system): on a busy machine the second is the work done. */
interface Timing {
  readonly ms: number;
  readonly cpu: number;
}

function time<T>(run: () => T): Timing & { value: T } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000, value };
}

/** Medians of RUNS runs (after one warm-up run). */
function measure(run: () => unknown): Timing {
  run();
  const samples: Timing[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(time(run));
  return { ms: median(samples.map((sample) => sample.ms)), cpu: median(samples.map((sample) => sample.cpu)) };
}

function medianTiming(samples: readonly Timing[]): Timing {
  return { ms: median(samples.map((sample) => sample.ms)), cpu: median(samples.map((sample) => sample.cpu)) };
}

function load(shape: ClusterShape): {
  workspace: ManifestWorkspace;
  model: ClusterModel;
  parse: Timing;
  build: Timing;
  pods: number;
  policies: number;
  documents: number;
} {
  const cluster = generateCluster(shape);
  const workspace = new ManifestWorkspace();
  const parse = time(() => {
    for (const [uri, text] of cluster.files) workspace.setFile(uri, text);
    return workspace.manifests();
  });
  const model = time(() => buildClusterModel(parse.value, { defaultNamespace: 'default' }));
  return { workspace, model: model.value, parse, build: model, pods: cluster.pods, policies: cluster.policies, documents: parse.value.length };
}

const ms = (value: number) => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`);
/** `CPU (wall)`. */
const both = (timing: Timing) => `${ms(timing.cpu)} (${ms(timing.ms)})`;
const seconds = (value: number) => (value >= 10000 ? `${Math.round(value / 1000)} s` : `${(value / 1000).toFixed(2)} s`);
const lines: string[] = [];
const log = (line = '') => {
  lines.push(line);
  console.log(line);
};

const started = new Date();
const load1 = loadavg()[0];

// 1. The full size: 5,000 pods, 1,000 policies.
const full = load(FULL_SIZE);
const engine = new ReachabilityEngine();
const firstPort = time(() => engine.compute(full.model, { port: 8080, protocol: 'TCP' }));
const portTiming = measure(() => new ReachabilityEngine().compute(full.model, { port: 8080, protocol: 'TCP' }));
const pictureTiming = measure(() => new ReachabilityEngine().compute(full.model, {}));
const portResult = firstPort.value;
const endpoints = portResult.endpoints.length;
const expand = time(() => {
  // The per-pod matrix the JSON output walks: every (source, destination) cell, read through the classes.
  let allowed = 0;
  for (let i = 0; i < endpoints; i++) for (let j = 0; j < endpoints; j++) if (isAllowed(portResult, i, j)) allowed++;
  return allowed;
});

// 2. Incremental: one policy's port changes in one namespace file; re-parse, rebuild the model, recompute.
const uri = 'file:///bench/ns-7.yaml';
const original = full.workspace.getFile(uri)!.text;
const editedTexts = [original.replace('    - port: 5432\n', '    - port: 5433\n'), original];
engine.compute(full.model, {});
const incrementalPort: Timing[] = [];
const incrementalPicture: Timing[] = [];
let evaluationsPerEdit = 0;
let rowsPerEdit = 0;
for (let i = 0; i < RUNS * 2; i++) {
  const text = editedTexts[i % 2];
  const before = { ...engine.stats };
  const port = time(() => {
    full.workspace.setFile(uri, text);
    const model = buildClusterModel(full.workspace.manifests(), { defaultNamespace: 'default' });
    return engine.compute(model, { port: 8080, protocol: 'TCP' });
  });
  incrementalPort.push(port);
  evaluationsPerEdit = engine.stats.policyEvaluations - before.policyEvaluations;
  const picture = time(() => engine.compute(buildClusterModel(full.workspace.manifests(), { defaultNamespace: 'default' }), {}));
  incrementalPicture.push(picture);
  rowsPerEdit = engine.stats.rowsComputed - before.rowsComputed;
}

// 3. The naive evaluator on the same clusters, smaller sizes in full; at full size on sampled source rows.
interface Row {
  pods: number;
  policies: number;
  classes: number;
  engine: Timing;
  naive: Timing;
  naiveNote: string;
}
const rows: Row[] = [];
const naiveShapes: ClusterShape[] = [
  { namespaces: 5, appsPerNamespace: 10, replicas: 5, policiesPerNamespace: 20 },
  { namespaces: 10, appsPerNamespace: 10, replicas: 5, policiesPerNamespace: 20 },
  { namespaces: 20, appsPerNamespace: 10, replicas: 5, policiesPerNamespace: 20 },
  ...(quick ? [] : [{ namespaces: 20, appsPerNamespace: 20, replicas: 5, policiesPerNamespace: 20 }]),
];
let disagreements = 0;
for (const shape of [...naiveShapes, FULL_SIZE]) {
  const { model, pods, policies } = shape === FULL_SIZE ? full : load(shape);
  const result = new ReachabilityEngine().compute(model, { port: 8080, protocol: 'TCP' });
  const engineTiming = shape === FULL_SIZE ? portTiming : measure(() => new ReachabilityEngine().compute(model, { port: 8080, protocol: 'TCP' }));
  const all = model.endpoints;
  const sampled = shape === FULL_SIZE ? 50 : all.length;
  const step = all.length / sampled;
  const naive = time(() => {
    for (let s = 0; s < sampled; s++) {
      const i = Math.floor(s * step);
      for (let j = 0; j < all.length; j++) {
        if (naiveAllowed(model, all[i], all[j], 'TCP', 8080) !== isAllowed(result, i, j)) disagreements++;
      }
    }
  });
  const scale = all.length / sampled;
  rows.push({
    pods,
    policies,
    classes: result.classCount,
    engine: engineTiming,
    naive: { ms: naive.ms * scale, cpu: naive.cpu * scale },
    naiveNote: sampled < all.length ? `, extrapolated from ${sampled} of ${all.length} source rows (${ms(naive.cpu)})` : '',
  });
}

log(`Measured by \`npx tsx bench/reachability.bench.ts${quick ? ' --quick' : ''}\` on ${started.toISOString().replace(/\.\d+Z$/, 'Z')}.`);
log();
log(
  `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; 1-minute load average ${load1.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.${load1 > cpus().length ? " **Other work was running**: wall times are inflated, so each figure is this process's CPU time (user + system), with the wall time in parentheses. The engine is single-threaded, so its CPU time is close to what the wall time is on an idle core." : ' Figures: CPU time (wall time).'}`,
);
log(`- Versions: node ${process.version}, netpol-lens ${packageVersion}.`);
log(
  `- Cluster: \`bench/reachabilityCluster.ts\`, seeded: ${FULL_SIZE.namespaces} namespaces x ${FULL_SIZE.appsPerNamespace} apps x ${FULL_SIZE.replicas} replicas = ${full.pods} Pods with IPs, per-replica labels and named ports; ${full.policies} NetworkPolicies (default deny, DNS, named ports, namespace selectors with expressions, endPort ranges, ipBlocks with except); ${endpoints - full.pods} external ranges; ${portResult.classCount} endpoint classes. Medians of ${RUNS} runs after a warm-up, each on a fresh engine except "incremental".`,
);
log();
log(`### Class-based engine at ${full.pods.toLocaleString('en')} pods and ${full.policies.toLocaleString('en')} policies`);
log();
log('| Step | CPU (wall) |');
log('|---|---:|');
log(`| Parse the YAML (${full.documents} documents; not reachability, for scale) | ${both(full.parse)} |`);
log(`| Build the cluster model (first time) | ${both(full.build)} |`);
log(`| **One-port matrix** (TCP 8080): ${endpoints} x ${endpoints} verdicts, by class | **${both(portTiming)}** |`);
log(`| Reading all ${((endpoints * endpoints) / 1e6).toFixed(1)} M per-endpoint verdicts out of it (\`isAllowed\`) | ${both(expand)} |`);
log(`| **Full per-port picture** (allowed port ranges of every pair, all protocols) | **${both(pictureTiming)}** |`);
log(`| **Incremental**, one policy edited: re-parse + model + one-port matrix | ${both(medianTiming(incrementalPort))} |`);
log(`| Incremental, then the full picture | ${both(medianTiming(incrementalPicture))} |`);
log();
log(
  `Per edit, ${evaluationsPerEdit} policy was re-evaluated on the classes and ${rowsPerEdit} class rows were recomputed (of ${2 * portResult.classCount} per query); everything else came from the caches.`,
);
log();
log('### Against the naive evaluator (pods x pods x policies), one-port matrix TCP 8080');
log();
log("Both in the same process and run; the naive evaluator is `bench/reachabilityNaive.ts`, also the tests' oracle.");
log();
log('| Pods | Policies | Classes | Class-based engine, CPU (wall) | Naive evaluator, CPU | Ratio (CPU) |');
log('|---:|---:|---:|---:|---:|---:|');
for (const row of rows)
  log(
    `| ${row.pods} | ${row.policies} | ${row.classes} | ${both(row.engine)} | ${seconds(row.naive.cpu)}${row.naiveNote} | ${Math.round(row.naive.cpu / row.engine.cpu)} x |`,
  );
log();
log(`The naive evaluator and the engine disagreed on ${disagreements} of the cells compared.`);

if (write) {
  const path = join(__dirname, '../docs/benchmarks.md');
  const start = '<!-- reachability-bench:start -->';
  const end = '<!-- reachability-bench:end -->';
  const section = `${start}\n## Reachability\n\n${lines.join('\n')}\n${end}`;
  let text = readFileSync(path, 'utf8');
  if (text.includes(start)) text = text.slice(0, text.indexOf(start)) + section + text.slice(text.indexOf(end) + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
  console.log(`\nWritten to ${path}`);
}
