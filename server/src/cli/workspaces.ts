import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { parse } from 'yaml';
import { findYamlFiles } from '../node/yamlFiles';
import { UsageError, type CliIo } from './cliIo';

/**
 * Several clusters or environments in one repository: each group of inputs is analysed on its own (its own
 * service, so its own cluster model). `--per-directory` makes each immediate subdirectory of a PATH a group; a
 * `netpol-lens.yaml` (or `.yml`, `.json`) at the root of a PATH may declare the groups:
 *
 * ```yaml
 * workspaces:
 *   - name: prod
 *     include: ["envs/prod/**", "base/**"]
 *   - name: staging
 *     include: ["envs/staging/**", "base/**"]
 *     exclude: ["**\/scratch/**"]
 * ```
 */
export interface InputGroup {
  /** Shown as the group's heading; undefined for the one group of an ordinary run. */
  readonly name?: string;
  /** Files and folders, as loadInputs takes them. */
  readonly paths: readonly string[];
}

export const WORKSPACES_FILE_NAMES = ['netpol-lens.yaml', 'netpol-lens.yml', 'netpol-lens.json'];

interface DeclaredWorkspace {
  readonly name: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface GroupOptions {
  readonly perDirectory: boolean;
  /** `--workspace NAME`: only these declared workspaces. */
  readonly only?: readonly string[];
}

/** Splits the PATHs into groups: one for an ordinary run; more with --per-directory or a netpol-lens.yaml. */
export async function planGroups(paths: readonly string[], io: CliIo, options: GroupOptions): Promise<InputGroup[]> {
  const groups: InputGroup[] = [];
  const ungrouped: string[] = [];
  const seenNames = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(io.cwd, given);
    const isFolder = (await fs.stat(absolute).catch(() => undefined))?.isDirectory() === true;
    if (!isFolder) {
      ungrouped.push(given);
      continue;
    }
    if (options.perDirectory) {
      groups.push(...(await subdirectoryGroups(given, absolute)));
      continue;
    }
    const declared = await readWorkspacesFile(given, absolute);
    if (!declared) {
      ungrouped.push(given);
      continue;
    }
    const files = await findYamlFiles(absolute);
    for (const workspace of declared.workspaces) {
      if (options.only && !options.only.includes(workspace.name)) continue;
      seenNames.add(workspace.name);
      const include = workspace.include.map((pattern) => new Minimatch(pattern, { dot: true }));
      const exclude = workspace.exclude.map((pattern) => new Minimatch(pattern, { dot: true }));
      const matched = files
        .map((file) => path.relative(absolute, file).split(path.sep).join('/'))
        .filter((relative) => !WORKSPACES_FILE_NAMES.includes(relative))
        .filter((relative) => include.some((m) => m.match(relative)) && !exclude.some((m) => m.match(relative)));
      if (matched.length === 0) io.stderr(`netpol-lens: ${declared.file}: workspace ${workspace.name} matches no YAML file\n`);
      groups.push({ name: workspace.name, paths: matched.map((relative) => path.join(given, relative)) });
    }
  }
  for (const name of options.only ?? []) {
    if (!seenNames.has(name)) throw new UsageError(`no workspace named "${name}" in a ${WORKSPACES_FILE_NAMES[0]} of the PATHs`);
  }
  if (ungrouped.length > 0) groups.unshift({ paths: ungrouped });
  return groups;
}

/** Each immediate subdirectory on its own, and the YAML files directly in the folder as one more group. */
async function subdirectoryGroups(given: string, absolute: string): Promise<InputGroup[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(absolute, { withFileTypes: true });
  } catch {
    return [{ name: given, paths: [given] }]; // loadInputs reports why
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const groups: InputGroup[] = [];
  const direct = entries.filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name) && !WORKSPACES_FILE_NAMES.includes(entry.name));
  if (direct.length > 0) groups.push({ name: given, paths: direct.map((entry) => path.join(given, entry.name)) });
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const sub = path.join(given, entry.name);
    // A subdirectory without manifests is not an error here: it is simply not a cluster.
    if ((await findYamlFiles(path.join(absolute, entry.name))).length > 0) groups.push({ name: sub, paths: [sub] });
  }
  return groups;
}

/** The workspaces a folder's netpol-lens.yaml declares; undefined when it has none. */
async function readWorkspacesFile(given: string, absolute: string): Promise<{ file: string; workspaces: DeclaredWorkspace[] } | undefined> {
  for (const name of WORKSPACES_FILE_NAMES) {
    let text: string;
    try {
      text = await fs.readFile(path.join(absolute, name), 'utf8');
    } catch {
      continue;
    }
    const file = path.join(given, name);
    const workspaces = parseWorkspaces(text, file);
    return workspaces.length > 0 ? { file, workspaces } : undefined;
  }
  return undefined;
}

/** Reads `workspaces:` from a netpol-lens.yaml's text; errors name the file. */
export function parseWorkspaces(text: string, file: string): DeclaredWorkspace[] {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const list = (raw as { workspaces?: unknown } | null)?.workspaces;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UsageError(`${file}: "workspaces" must be a list of {name, include}`);
  const names = new Set<string>();
  return list.map((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const strings = (key: string): string[] => {
      const value = entry[key] ?? [];
      const values = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string'))
        throw new UsageError(`${file}: workspaces[${index}].${key} must be a list of globs`);
      return values as string[];
    };
    if (typeof entry.name !== 'string' || entry.name === '') throw new UsageError(`${file}: workspaces[${index}] needs a name`);
    if (names.has(entry.name)) throw new UsageError(`${file}: two workspaces are named ${entry.name}`);
    names.add(entry.name);
    const include = strings('include');
    if (include.length === 0) throw new UsageError(`${file}: workspace ${entry.name} needs include globs`);
    return { name: entry.name, include, exclude: strings('exclude') };
  });
}
