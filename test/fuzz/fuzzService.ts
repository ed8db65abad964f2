import fc from 'fast-check';
import { loadSeedFiles, type SeedFile } from './corpus';
import { applyMutations, mutationsArbitrary, type Mutation } from './mutations';
import { exerciseService, type ExerciseReport } from './serviceFeatures';

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
  slowestMs: number;
  slowestSeed: string;
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
  return fc.property(caseArbitrary, (fuzzCase) => {
    const seed = seeds[fuzzCase.seed];
    const text = applyMutations(seed.text, fuzzCase.mutations);
    const started = performance.now();
    const report = exerciseService(text, {
      offsets: fuzzCase.offsets,
      previousText: seed.text,
      settings: { kubernetesVersion: fuzzCase.kubernetesVersion, rules: {}, defaultNamespace: 'default' },
    });
    const elapsed = performance.now() - started;
    figures.cases++;
    figures.totalMs += elapsed;
    if (report.findings > 0) figures.casesWithFindings++;
    for (const key of Object.keys(report) as (keyof ExerciseReport)[]) figures.totals[key] += report[key];
    if (elapsed > figures.slowestMs) {
      figures.slowestMs = elapsed;
      figures.slowestSeed = seed.name;
    }
    if (elapsed > caseBudgetMs) throw new Error(`one case took ${elapsed.toFixed(0)} ms (budget ${caseBudgetMs} ms) on ${seed.name}`);
  });
}

export function emptyFigures(): FuzzFigures {
  return {
    cases: 0,
    totals: { findings: 0, hovers: 0, completions: 0, symbols: 0, codeActions: 0, reachabilityRuns: 0 },
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
