import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Lexer } from 'yaml';
import {
  applyEdits,
  DEFAULT_SETTINGS,
  getCodeActions,
  getFileFindings,
  ManifestWorkspace,
  parseFile,
  WorkspaceAnalysis,
  WorkspaceFindings,
  type Finding,
  type QuickFix,
  type ServiceSettings,
} from '../../server/src/service';
import type { SeedFile } from './corpus';

/**
 * "Edits keep the user's text" (issue 7): whatever a code action does, the result parses (no YAML error the text
 * did not have), every comment is still there, every line no edit touches is still there byte for byte (shifted
 * by the edits before it), a CRLF file stays CRLF, and the edits lie within the text without overlapping.
 */
export function checkEditKeepsText(text: string, action: QuickFix, settings: ServiceSettings = DEFAULT_SETTINGS): void {
  const label = `"${action.title}"`;
  const edits = [...action.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  edits.forEach((edit, i) => {
    assert.ok(
      0 <= edit.start && edit.start <= edit.end && edit.end <= text.length,
      `${label}: edit ${edit.start}..${edit.end} outside the text (${text.length})`,
    );
    if (i > 0) assert.ok(edits[i - 1].end <= edit.start && !(edits[i - 1].start === edit.start && edit.start === edit.end), `${label}: edits overlap`);
  });
  const result = applyEdits(text, action.edits);

  // It parses: no YAML finding that the text did not have.
  const yamlFindings = (source: string) =>
    getFileFindings(parseFile('file:///keep.yaml', source), settings)
      .filter((f) => f.code.startsWith('yaml.'))
      .map((f) => `${f.code}: ${f.message}`);
  const before = yamlFindings(text);
  const added = yamlFindings(result).filter((finding) => {
    const index = before.indexOf(finding);
    if (index === -1) return true;
    before.splice(index, 1);
    return false;
  });
  assert.deepEqual(added, [], `${label}: the result does not parse:\n${result}`);

  // Every comment is kept.
  const after = comments(result);
  for (const comment of comments(text)) {
    const index = after.indexOf(comment);
    assert.ok(index !== -1, `${label}: the comment ${JSON.stringify(comment)} is gone:\n${result}`);
    after.splice(index, 1);
  }

  // Every line that no edit touches is unchanged, byte for byte, where the edits before it moved it.
  const shiftAt = (offset: number) => edits.reduce((shift, edit) => (edit.end <= offset ? shift + edit.newText.length - (edit.end - edit.start) : shift), 0);
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const touched = edits.some(
      (edit) => (edit.start < lineEnd && edit.end > lineStart) || (edit.start === edit.end && edit.start > lineStart && edit.start < lineEnd),
    );
    if (!touched) {
      const moved = lineStart + shiftAt(lineStart);
      assert.equal(
        result.slice(moved, moved + lineEnd - lineStart),
        text.slice(lineStart, lineEnd),
        `${label}: the untouched line ${JSON.stringify(text.slice(lineStart, lineEnd))} changed`,
      );
    }
    lineStart = lineEnd;
  }

  // Lines the fix did not mean to change are not re-formatted: in the changed region, no line comes back with the
  // same content and other spacing (what re-serializing a node with the YAML library does to its neighbours).
  const reformatted = reformattedLines(text, result);
  assert.deepEqual(reformatted, [], `${label}: lines re-formatted rather than kept:\n${result}`);

  // Line endings: a file written with CRLF gets no bare LF.
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) assert.doesNotMatch(result, /(^|[^\r])\n/, `${label}: a bare LF in a CRLF file`);
}

/**
 * Lines of the changed region of `before` (between the common first and last lines) that are in the changed region
 * of `after` only with other spacing.
 */
export function reformattedLines(before: string, after: string): string[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const removed = a.slice(head, a.length - tail);
  const added = new Set(b.slice(head, b.length - tail));
  const addedSpacing = new Map([...added].map((line) => [line.replace(/\s+/g, ''), line]));
  return removed.filter((line) => line.trim() !== '' && !added.has(line) && addedSpacing.has(line.replace(/\s+/g, '')));
}

/** The comments of a text, as the YAML lexer finds them (a `#` inside a scalar is not one). */
export function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((token) => token.startsWith('#')).map((token) => token.trimEnd());
}

export interface KeepTextReport {
  files: number;
  filesWithActions: number;
  actions: number;
  byTitle: Map<string, number>;
}

/**
 * Every code action on a file, in a workspace with `otherFiles` (so that the fixes of workspace-aware findings are
 * offered too, as the language server offers them), each checked with {@link checkEditKeepsText}.
 */
export function checkAllActions(
  text: string,
  otherFiles: ReadonlyMap<string, string>,
  settings: ServiceSettings = DEFAULT_SETTINGS,
  report?: KeepTextReport,
): number {
  const workspace = new ManifestWorkspace();
  for (const [uri, other] of otherFiles) workspace.setFile(uri, other);
  const file = workspace.setFile('file:///fuzz/keep.yaml', text);
  const analysis = new WorkspaceAnalysis(workspace);
  const findings: Finding[] = new WorkspaceFindings(analysis).forFile(file, settings);
  const lintContext = { model: analysis.clusterModel(settings), settings };
  const actions = getCodeActions(file, 0, text.length, settings, { findings, lintContext });
  // And at a few cursors: refactorings are offered where the cursor is, not for a whole-file range.
  for (const cursor of [Math.floor(text.length / 3), Math.floor(text.length / 2), Math.floor((2 * text.length) / 3)]) {
    for (const action of getCodeActions(file, cursor, cursor, settings, { findings, lintContext }))
      if (!actions.some((a) => a.title === action.title && JSON.stringify(a.edits) === JSON.stringify(action.edits))) actions.push(action);
  }
  for (const action of actions) {
    checkEditKeepsText(text, action, settings);
    report?.byTitle.set(action.title.replace(/[`"].*?[`"]/g, '…'), (report.byTitle.get(action.title.replace(/[`"].*?[`"]/g, '…')) ?? 0) + 1);
  }
  if (report) {
    report.files++;
    report.actions += actions.length;
    if (actions.length > 0) report.filesWithActions++;
  }
  return actions.length;
}

/**
 * Changes that make a finding a fix exists for: a protocol in the wrong case, a quoted port, a CIDR with host bits
 * or leading zeros, an endPort below its port, a missing policyTypes... And changes of layout that a fix must
 * keep: comments at the ends of lines and between them, CRLF, tabs in comments, trailing blanks.
 */
const FIXABLE_VALUES: Record<string, readonly string[]> = {
  protocol: ['tcp', 'udp', 'Sctp', 'TCP '],
  port: ['"80"', "'443'", '"http"', '8080'],
  endPort: ['1', '79', '"90"'],
  cidr: ['10.0.0.1/8', '010.0.0.0/8', '2001:DB8::1/32', '10.1.2.3/16', '0.0.0.0/0'],
  operator: ['in', 'exists', 'NOTIN'],
  policyTypes: ['[ingress]', '[Ingress, Ingress]', '[]'],
};

export type LayoutChange =
  | { readonly kind: 'value'; readonly line: number; readonly pick: number }
  | { readonly kind: 'endComment'; readonly line: number; readonly comment: string }
  | { readonly kind: 'lineComment'; readonly line: number; readonly comment: string }
  | { readonly kind: 'deleteLine'; readonly line: number }
  | { readonly kind: 'crlf' }
  | { readonly kind: 'trailingBlanks'; readonly line: number };

export const layoutChangeArbitrary: fc.Arbitrary<LayoutChange> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('value' as const), line: fc.nat(), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('endComment' as const),
      line: fc.nat(),
      comment: fc.constantFrom('# keep me', '#x', '# a: b - [c]', '#\tTAB', '# ünïcödé 😀'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('lineComment' as const),
      line: fc.nat(),
      comment: fc.constantFrom('# section', '  # indented', '#', '# ports: [80]'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trailingBlanks' as const), line: fc.nat() }) },
);

export function applyLayoutChanges(text: string, changes: readonly LayoutChange[]): string {
  let lines = text.split('\n');
  let crlf = false;
  for (const change of changes) {
    const i = 'line' in change ? change.line % lines.length : 0;
    switch (change.kind) {
      case 'value': {
        // The n-th line (from `line` on) whose key has fixable values gets one of them.
        for (let k = 0; k < lines.length; k++) {
          const j = (i + k) % lines.length;
          const match = /^(\s*(?:-\s+)?)(\w+):(\s+)(\S.*?)?(\s*#.*)?$/.exec(lines[j]);
          const values = match && Object.hasOwn(FIXABLE_VALUES, match[2]) ? FIXABLE_VALUES[match[2]] : undefined;
          if (match && values) {
            lines[j] = `${match[1]}${match[2]}:${match[3]}${values[change.pick % values.length]}${match[5] ?? ''}`;
            break;
          }
        }
        break;
      }
      case 'endComment':
        if (!lines[i].includes('#') && lines[i].trim() !== '' && !/[|>][-+]?\s*$/.test(lines[i])) lines[i] = `${lines[i]} ${change.comment}`;
        break;
      case 'lineComment':
        lines.splice(i, 0, `${(/^\s*/.exec(lines[i]) ?? [''])[0]}${change.comment.trim()}`);
        break;
      case 'deleteLine':
        if (/^\s*(policyTypes|- Ingress|- Egress|endPort|protocol)/.test(lines[i])) lines.splice(i, 1);
        break;
      case 'crlf':
        crlf = true;
        break;
      case 'trailingBlanks':
        lines[i] = `${lines[i]}  `;
        break;
    }
  }
  if (crlf) lines = lines.map((line) => line.replace(/\r$/, ''));
  return lines.join(crlf ? '\r\n' : '\n');
}

/** Seeds worth fixing: files with a NetworkPolicy. */
export function policySeeds(seeds: readonly SeedFile[]): SeedFile[] {
  return seeds.filter((seed) => /kind:\s*NetworkPolicy/.test(seed.text));
}
