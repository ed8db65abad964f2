/**
 * Writes a generated workspace to disk, to look at it or to open it in an editor:
 *
 *   node --import tsx bench/generate/cli.ts --policies 1000 --out /tmp/netpol-1000.yaml
 *   node --import tsx bench/generate/cli.ts --files 2000 --out /tmp/netpol-workspace
 *
 * `--seed N` changes the seed (the default gives the text the benchmarks measure).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generatePolicyFile, generateWorkspace } from './workspaceGenerator';

/** Writes every file of a generated workspace under `root`. */
export async function writeWorkspace(root: string, files: readonly { path: string; text: string }[]): Promise<void> {
  const folders = new Set(files.map((file) => path.dirname(path.join(root, file.path))));
  await Promise.all([...folders].map((folder) => fs.mkdir(folder, { recursive: true })));
  for (const file of files) await fs.writeFile(path.join(root, file.path), file.text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      policies: { type: 'string' },
      files: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  if (!values.out || (values.policies === undefined) === (values.files === undefined)) {
    throw new Error('usage: cli.ts (--policies N | --files N) --out PATH [--seed N]');
  }
  if (values.policies !== undefined) {
    const file = generatePolicyFile(Number(values.policies), seed);
    await fs.writeFile(values.out, file.text);
    console.log(`${values.out}: ${file.policies} policies, ${file.documents} documents, ${file.lines} lines, ${file.text.length} bytes`);
  } else {
    const workspace = generateWorkspace(Number(values.files), seed);
    await writeWorkspace(values.out, workspace.files);
    console.log(`${values.out}: ${workspace.files.length} files, ${workspace.policies} policies`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
