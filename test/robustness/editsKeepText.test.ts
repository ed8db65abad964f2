import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadSeedFiles } from '../fuzz/corpus';
import { applyLayoutChanges, checkAllActions, checkEditKeepsText, layoutChangeArbitrary, policySeeds, type KeepTextReport } from '../fuzz/editsKeepText';
import { exampleCluster } from '../fuzz/serviceFeatures';

/**
 * Issue 7, "edits keep the user's text": every code action the service offers (quick fixes, workspace fixes and
 * refactorings, whatever exists when this runs), on every YAML file of the project and of the shared corpus, then
 * on those files with fixable values and odd layouts injected. See test/fuzz/editsKeepText.ts for the checks.
 */
describe("code actions keep the user's text", () => {
  const seeds = loadSeedFiles({ maxBytes: 200_000 });
  const cluster = exampleCluster();

  it('on every file of the examples, the fixtures and the corpus', (t) => {
    const report: KeepTextReport = { files: 0, filesWithActions: 0, actions: 0, byTitle: new Map() };
    for (const seed of seeds) {
      try {
        checkAllActions(seed.text, cluster, undefined, report);
      } catch (error) {
        throw new Error(`${seed.name}: ${(error as Error).message}`);
      }
    }
    if (report.actions === 0) {
      t.skip('the service offers no code action on any file yet: nothing to check (the harness is ready)');
      return;
    }
    t.diagnostic(`${report.actions} actions on ${report.filesWithActions} of ${report.files} files`);
  });

  it('on policies with fixable values, comments at every line end, CRLF and trailing blanks (property)', (t) => {
    const policies = policySeeds(seeds).filter((seed) => seed.text.length < 20_000);
    assert.ok(policies.length > 10);
    let actions = 0;
    fc.assert(
      fc.property(fc.nat({ max: policies.length - 1 }), fc.array(layoutChangeArbitrary, { minLength: 1, maxLength: 10 }), (index, changes) => {
        actions += checkAllActions(applyLayoutChanges(policies[index].text, changes), cluster);
      }),
      { seed: 77, numRuns: 300, endOnFailure: true, includeErrorInReport: true },
    );
    if (actions === 0) t.skip('no code action was offered on any case (the harness is ready)');
    else t.diagnostic(`${actions} actions checked`);
  });

  it('the checks themselves catch a fix that drops a comment, re-formats a line, breaks the YAML or the line endings', () => {
    const text = 'a: 1 # one\nb: 2\nc: 3\n';
    const fails = (edits: { start: number; end: number; newText: string }[], source = text) =>
      assert.throws(() => checkEditKeepsText(source, { title: 'bad', kind: 'quickfix', edits }));
    fails([{ start: 5, end: 10, newText: '' }]); // drops "# one"
    fails([{ start: 0, end: 16, newText: 'a: 10 # one\nb:   2\n' }]); // changes a, and re-spaces b on the way
    fails([{ start: 11, end: 15, newText: 'b: [' }]); // an unclosed flow sequence
    fails([{ start: 12, end: 12, newText: 'c: 3\n' }], 'a: 1\r\nb: 2\r\n'); // a bare LF in a CRLF file
    fails([
      { start: 0, end: 4, newText: 'x' },
      { start: 2, end: 6, newText: 'y' },
    ]); // overlapping edits
    fails([{ start: 0, end: 99, newText: '' }]); // past the end
    checkEditKeepsText(text, { title: 'good', kind: 'quickfix', edits: [{ start: 14, end: 15, newText: '20' }] });
  });
});
