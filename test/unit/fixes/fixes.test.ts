import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/service/findings';
import { addedFindings } from '../../../server/src/service/fixes/addedFindings';
import { applyEdits, getCodeActions } from '../../../server/src/service/fixes/getCodeActions';
import type { OffsetEdit, QuickFix } from '../../../server/src/service/fixes/quickFix';
import { commentSpans } from '../../../server/src/service/fixes/sourceText';
import type { ServiceSettings } from '../../../server/src/service/settings';
import { caseSettings, fixtureCases, loadCase, UPDATE_GOLDEN, type LoadedCase } from '../goldenRunner';

/**
 * Golden fixtures of the code actions: `test/fixtures/fixes/<case>.yaml` beside `<case>.fixes.json`, every action
 * offered anywhere in the file (the quick fixes of all its findings, and the refactorings at the start of each
 * line or at a `{`) with its title and the text after applying it, as lines. (`<case>.expected.json` beside them holds the
 * case's findings, for the runner of every fixture folder, test/unit/golden.test.ts; `<case>.settings.json`
 * sets e.g. the Kubernetes version.) A case with a `<case>.workspace.yaml` companion (the Services and workloads
 * it names) is loaded beside it, and gets the fixes of its workspace findings too, as the language server offers
 * them: a DNS egress rule, a Service port replaced by the pods' targetPort. `UPDATE_GOLDEN=1 npm run test:unit`
 * rewrites the expectations: review them.
 *
 * Every action must besides: leave YAML that parses, keep every comment, leave every line it does not touch
 * byte-identical, and, for a quick fix, remove the finding it fixes without adding any other.
 */

const FOLDER = resolve(__dirname, '../../fixtures/fixes');

/** Findings a refactoring may bring: splitting an AND peer makes the OR that this lint points at. */
const EXPECTED_AFTER_REFACTORING = new Set(['peers.or-instead-of-and']);

interface GoldenAction {
  readonly title: string;
  readonly kind: string;
  readonly preferred?: true;
  /** The code of the finding a quick fix fixes. */
  readonly fixes?: string;
  /** The text after the action, split at `\n` (a CRLF file's lines end in `\r`). */
  readonly result: readonly string[];
}

describe('fixes: golden', () => {
  it('has no expectations without their .yaml', () => {
    const cases = new Set(fixtureCases(FOLDER));
    const orphans = readdirSync(FOLDER).filter((entry) => /\.fixes\.json$/.test(entry) && !cases.has(entry.replace(/\.fixes\.json$/, '')));
    assert.deepEqual(orphans, []);
  });

  for (const name of fixtureCases(FOLDER)) {
    it(name, () => {
      const caseFile = join(FOLDER, `${name}.yaml`);
      const text = readFileSync(caseFile, 'utf8');
      const settings = caseSettings(FOLDER, name);
      const actions = allActions(loadCase(caseFile, text, settings), settings);
      for (const action of actions) checkAction(caseFile, text, action, settings);
      const actual: GoldenAction[] = actions.map((action) => ({
        title: action.title,
        kind: action.kind,
        ...(action.isPreferred ? { preferred: true as const } : {}),
        ...(action.fixes ? { fixes: action.fixes.code } : {}),
        result: applyEdits(text, action.edits).split('\n'),
      }));
      const expectedFile = join(FOLDER, `${name}.fixes.json`);
      if (UPDATE_GOLDEN) {
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing: run \`npm run test:golden:update\` and review it`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});

/**
 * The quick fixes of every finding of the file (with a companion, of its workspace findings too, as the language
 * server offers them), then the refactorings found with the cursor at the start of a line or at a `{` (a flow
 * mapping).
 */
function allActions({ file, service, workspace }: LoadedCase, settings: ServiceSettings): QuickFix[] {
  const text = file.text;
  const actions = service.getCodeActions(file.uri, 0, text.length, settings, { workspace }).filter((action) => action.kind === 'quickfix');
  const cursors = new Set<number>();
  for (let line = 0; line < text.length; line = text.indexOf('\n', line) + 1 || text.length) cursors.add(line + /^[ \t]*/.exec(text.slice(line))![0].length);
  for (let brace = text.indexOf('{'); brace >= 0; brace = text.indexOf('{', brace + 1)) cursors.add(brace);
  const seen = new Set<string>();
  for (const offset of [...cursors].sort((a, b) => a - b)) {
    for (const action of getCodeActions(file, offset, offset, settings)) {
      const key = JSON.stringify([action.title, action.edits]);
      if (action.kind === 'quickfix' || seen.has(key)) continue;
      seen.add(key);
      actions.push(action);
    }
  }
  return actions;
}

function checkAction(caseFile: string, text: string, action: QuickFix, settings: ServiceSettings): void {
  const label = `"${action.title}"`;
  const result = applyEdits(text, action.edits);
  const before = loadCase(caseFile, text, settings).findings;
  const after = loadCase(caseFile, result, settings).findings;

  const syntax = after.filter((finding) => finding.code.startsWith('yaml.'));
  assert.deepEqual(
    syntax.map((finding) => finding.message),
    [],
    `${label}: the result must parse`,
  );

  assert.deepEqual(comments(result), comments(text), `${label}: every comment is kept`);

  const untouched = untouchedLines(text, action.edits);
  const kept = keptLines(text, result);
  for (const index of untouched) assert.ok(kept.has(index), `${label}: line ${index + 1} is not touched by the edits but changed`);

  if (action.fixes) {
    const fixed = action.fixes;
    const count = (findings: readonly Finding[]): number => findings.filter((f) => f.code === fixed.code && f.message === fixed.message).length;
    assert.ok(count(after) < count(before), `${label}: the finding it fixes (${fixed.code}) is gone`);
  }
  const added = addedFindings(before, after).filter((finding) => !(action.kind !== 'quickfix' && EXPECTED_AFTER_REFACTORING.has(finding.code)));
  assert.deepEqual(
    added.map((finding) => `${finding.code}: ${finding.message}`),
    [],
    `${label}: no new finding`,
  );
}

/** The text of every comment, sorted. */
function comments(text: string): string[] {
  return commentSpans(text)
    .map((span) => text.slice(span.start, span.end))
    .sort();
}

/** Lines with their terminators, and where each starts. */
function linesOf(text: string): { text: string; start: number }[] {
  const lines: { text: string; start: number }[] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start) + 1 || text.length;
    lines.push({ text: text.slice(start, end), start });
    start = end;
  }
  return lines;
}

/**
 * Indexes of the lines no edit touches: a replacement touches the lines it overlaps, an insertion the line it
 * lands in, unless it lands at a line start and ends in a line break (it adds lines before that one). An
 * insertion at the end of a last line without a line break touches that line.
 */
function untouchedLines(text: string, edits: readonly OffsetEdit[]): number[] {
  const lines = linesOf(text);
  return lines
    .map((line, index) => ({ line, index, end: line.start + line.text.length }))
    .filter(({ line, end }) =>
      edits.every((edit) => {
        if (edit.start === edit.end) {
          if (edit.start === line.start) return edit.newText.endsWith('\n');
          // After the last line, which has no line break: the insertion must add one to it.
          if (edit.start === end) return line.text.endsWith('\n');
          return edit.start < line.start || edit.start > end;
        }
        return edit.end <= line.start || edit.start >= end;
      }),
    )
    .map(({ index }) => index);
}

/** Indexes of the lines of `before` that appear unchanged and in order in `after` (a longest common subsequence). */
function keptLines(before: string, after: string): Set<number> {
  const a = linesOf(before).map((line) => line.text);
  const b = linesOf(after).map((line) => line.text);
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const kept = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      kept.add(i);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return kept;
}
