import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { WorkspaceFindings } from '../../../server/src/service/diagnostics/workspaceFindings';
import { DEFAULT_SETTINGS, type ServiceSettings } from '../../../server/src/service/settings';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';
import { toGolden, UPDATE_GOLDEN, type GoldenFinding } from '../goldenRunner';

/**
 * Golden fixtures of the workspace lints: each folder of test/fixtures/workspace-lints/ is one workspace (its
 * `*.yaml` files, in subfolders too) beside `expected.json`, the findings of each file (the file's own and the
 * workspace's, as the editor and the CLI show them), and an optional `settings.json`. `UPDATE_GOLDEN=1` rewrites
 * the expectations, to be reviewed by eye.
 */

const FIXTURES = resolve(__dirname, '../../fixtures/workspace-lints');

function yamlFiles(folder: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.ya?ml$/.test(entry)) out.push(relative(folder, path));
    }
  };
  visit(folder);
  return out;
}

function settingsOf(folder: string): ServiceSettings {
  const file = join(folder, 'settings.json');
  return existsSync(file) ? { ...DEFAULT_SETTINGS, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceSettings>) } : DEFAULT_SETTINGS;
}

/** Every finding of every file of a workspace folder, by file name (relative to the folder). */
export function analyzeWorkspaceFolder(folder: string, settings = settingsOf(folder)): Record<string, GoldenFinding[]> {
  const workspace = new ManifestWorkspace();
  const names = yamlFiles(folder);
  const uriOf = (name: string): string => `file:///fixtures/${[basename(folder), ...name.split('/')].map(encodeURIComponent).join('/')}`;
  for (const name of names) workspace.setFile(uriOf(name), readFileSync(join(folder, name), 'utf8'));
  const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace));
  const out: Record<string, GoldenFinding[]> = {};
  for (const name of names) {
    const file = workspace.getFile(uriOf(name))!;
    out[name] = toGolden(file.text, [...getFileFindings(file, settings), ...findings.forFile(file, settings)]);
  }
  return out;
}

const cases = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((entry) => statSync(join(FIXTURES, entry)).isDirectory())
      .sort()
  : [];

describe('golden: workspace-lints', () => {
  it('has cases, each with YAML files', () => {
    assert.ok(cases.length > 0);
    for (const name of cases) assert.ok(yamlFiles(join(FIXTURES, name)).length > 0, `${name} has no YAML file`);
  });

  for (const name of cases) {
    it(name, () => {
      const folder = join(FIXTURES, name);
      const actual = analyzeWorkspaceFolder(folder);
      const expectedFile = join(folder, 'expected.json');
      if (UPDATE_GOLDEN) {
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing: run \`npm run test:golden:update\` and review it`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});
