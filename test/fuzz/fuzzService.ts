import fc from 'fast-check';
import { loadSeedFiles, type SeedFile } from './corpus';
import { applyMutations, mutationsArbitrary, type Mutation } from './mutations';
import { parseFile, type ParsedFile } from '../../server/src/service';
import { emptyReport, exampleCluster, exerciseService, FUZZ_URI, FuzzSession, type ExerciseReport } from './serviceFeatures';

/** Settings the fuzzer switches between: the strict-CIDR boundary (1.36), an old release, nonsense. */
const KUBERNETES_VERSIONS = ['1.37', '1.35', '1.20', 'not-a-version'];

export interface FuzzCase {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly offsets: readonly number[];
  readonly kubernetesVersion: string;
}

export interface FuzzFigures {
  cases: number;
  totals: ExerciseReport;
  /** CPU time of the slowest case, in ms. */
  slowestMs: number;
  slowestSeed: string;
  /** The slowest case, to replay it. */
  slowestCase?: FuzzCase;
  /** CPU time of all cases, in ms. */
  totalMs: number;
  /** Cases whose text had at least one finding: how much of the fuzzing reached past the parser. */
  casesWithFindings: number;
}

/**
 * The property: for any real manifest, mutated in any way, every feature of the service answers without throwing
 * and within the text, and each case finishes within `caseBudgetMs` (a hang is a failure, not a slow test).
 */
export function serviceFuzzProperty(seeds: readonly SeedFile[], figures: FuzzFigures, caseBudgetMs: number): fc.IPropertyWithHooks<[FuzzCase]> {
  const caseArbitrary = fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    mutations: mutationsArbitrary,
    offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    kubernetesVersion: fc.constantFrom(...KUBERNETES_VERSIONS),
  });
  // Each seed parsed once: the mutated text is parsed afresh, and incrementally from this.
  const parsedSeeds = new Map<number, ParsedFile>();
  const session = new FuzzSession(exampleCluster());
  return fc.property(caseArbitrary, (fuzzCase) => {
    const seed = seeds[fuzzCase.seed];
    let previous = parsedSeeds.get(fuzzCase.seed);
    if (!previous) parsedSeeds.set(fuzzCase.seed, (previous = parseFile(FUZZ_URI, seed.text)));
    const text = applyMutations(seed.text, fuzzCase.mutations);
    // CPU time, not wall time: a loaded machine must not fail a case, a hang must.
    const started = process.cpuUsage();
    const report = exerciseService(text, {
      offsets: fuzzCase.offsets,
      previous,
      session,
      settings: { kubernetesVersion: fuzzCase.kubernetesVersion, rules: {}, defaultNamespace: 'default' },
    });
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    figures.cases++;
    figures.totalMs += elapsed;
    if (report.findings > 0) figures.casesWithFindings++;
    for (const key of Object.keys(report) as (keyof ExerciseReport)[]) figures.totals[key] += report[key];
    if (elapsed > figures.slowestMs) {
      figures.slowestMs = elapsed;
      figures.slowestSeed = seed.name;
      figures.slowestCase = fuzzCase;
    }
    if (elapsed > caseBudgetMs) throw new Error(`one case took ${elapsed.toFixed(0)} ms of CPU (budget ${caseBudgetMs} ms) on ${seed.name}`);
  });
}

export function emptyFigures(): FuzzFigures {
  return {
    cases: 0,
    totals: emptyReport(),
    slowestMs: 0,
    slowestSeed: '',
    totalMs: 0,
    casesWithFindings: 0,
  };
}

/** Seeds for the fuzzer: real manifests up to `maxBytes` (the few larger ones make cases slower, not more interesting). */
export function fuzzSeeds(maxBytes = 8_000): SeedFile[] {
  return loadSeedFiles({ maxBytes });
}
