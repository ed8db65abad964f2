import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The repository's root (this file is `test/fuzz/corpus.ts`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Real-world manifests shared by every project on this machine; absent elsewhere, and then simply not used. */
export const SHARED_CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'files');

/** A real manifest file to start mutating from. */
export interface SeedFile {
  /** Where it came from, relative to the repository (or `corpus/<name>` for the shared corpus). */
  readonly name: string;
  readonly text: string;
}

/**
 * Every YAML file of `examples/`, of the test fixtures (any `*.yaml`/`*.yml` under `test/`, so that golden
 * fixtures added later are picked up), and of the shared corpus, in a stable order: a seeded run sees the same
 * seeds on every machine that has the same files.
 *
 * `maxBytes` leaves out the few very large files, which make a case slow without making it more interesting.
 */
export function loadSeedFiles(options: { maxBytes?: number; includeSharedCorpus?: boolean } = {}): SeedFile[] {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const seeds: SeedFile[] = [];
  const add = (file: string, name: string) => {
    const size = statSync(file).size;
    if (size > maxBytes) return;
    seeds.push({ name, text: readFileSync(file, 'utf8') });
  };
  for (const folder of ['examples', 'test']) {
    for (const file of yamlFilesUnder(path.join(REPO_ROOT, folder))) add(file, path.relative(REPO_ROOT, file));
  }
  if (options.includeSharedCorpus !== false && existsSync(SHARED_CORPUS)) {
    for (const name of readdirSync(SHARED_CORPUS).sort()) {
      if (/\.ya?ml$/i.test(name)) add(path.join(SHARED_CORPUS, name), `corpus/${name}`);
    }
  }
  return seeds;
}

function yamlFilesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}
