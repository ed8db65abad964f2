import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import type { Finding } from '../../../server/src/service/findings';
import { addedFindings } from '../../../server/src/service/fixes/addedFindings';
import { applyEdits, getCodeActions } from '../../../server/src/service/fixes/getCodeActions';
import { commentSpans } from '../../../server/src/service/fixes/sourceText';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { caseSettings } from '../goldenRunner';

/**
 * The fixes on every YAML file the project has besides their own fixtures (the validation and lint fixtures, the
 * examples): written by others for other purposes, full of odd layouts. Whatever is offered there must parse,
 * keep every comment, remove its finding and bring no new error. (Warnings may appear: a fixed CIDR can reveal
 * an overlap that the error hid.)
 */

const ROOT = resolve(__dirname, '../../..');
const FOLDERS = ['test/fixtures/validation', 'test/fixtures/lints', 'examples'];

describe('fixes: invariants on every other YAML file of the project', () => {
  for (const path of FOLDERS.flatMap((folder) => yamlFiles(join(ROOT, folder)))) {
    it(relative(ROOT, path), () => {
      const text = readFileSync(path, 'utf8');
      const settings = caseSettings(dirname(path), path.slice(dirname(path).length + 1).replace(/\.ya?ml$/, ''));
      const file = parseFile(`file://${path}`, text);
      const before = getFileFindings(file, settings);
      for (const action of getCodeActions(file, 0, text.length, settings)) {
        const label = `"${action.title}"`;
        const result = applyEdits(text, action.edits);
        const after = getFileFindings(parseFile('file:///after.yaml', result), settings);
        assert.deepEqual(
          after.filter((finding) => finding.code.startsWith('yaml.')),
          [],
          `${label}: the result parses`,
        );
        assert.deepEqual(comments(result), comments(text), `${label}: every comment is kept`);
        const fixed = action.fixes;
        if (fixed) assert.ok(count(after, fixed) < count(before, fixed), `${label}: ${fixed.code} is gone`);
        const errors = (findings: readonly Finding[]): Finding[] => findings.filter((finding) => finding.severity === 'error');
        const added = addedFindings(errors(before), errors(after));
        assert.deepEqual(
          added.map((finding) => `${finding.code}: ${finding.message}`),
          [],
          `${label}: no new error`,
        );
      }
    });
  }
});

function yamlFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

function comments(text: string): string[] {
  return commentSpans(text)
    .map((span) => text.slice(span.start, span.end))
    .sort();
}

function count(findings: readonly Finding[], like: Finding): number {
  return findings.filter((finding) => finding.code === like.code && finding.message === like.message).length;
}
