import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/service/fixes/offsetEdits';
import { commentSpans } from '../../../server/src/service/fixes/sourceText';
import { removeLines } from '../../../server/src/service/fixes/yamlEdits';

describe('fixes: YAML edits', () => {
  it('removes lines but keeps their comments, own-line ones untouched', () => {
    const text = 'a:\n  - 1 # one\n  # between\n  - 2\nb: 3\n';
    const source = { text, comments: commentSpans(text) };
    const edits = removeLines(source, text.indexOf('  - 1'), text.indexOf('b:'));
    assert.equal(applyEdits(text, edits), 'a:\n  # one\n  # between\nb: 3\n');
    // The own-line comment is not inside any edit.
    const between = text.indexOf('  # between');
    assert.ok(edits.every((edit) => edit.end <= between || edit.start >= between + '  # between\n'.length));
  });
});
