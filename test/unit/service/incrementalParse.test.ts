import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFile, type TextChange } from '../../../server/src/service/parse/parsedFile';
import { addEdit } from '../../../server/src/service/parse/textChange';

/** Lines that move document boundaries (markers, comments, blanks) and content around them. */
const FRAGMENTS = [
  '---',
  '--- ',
  '...',
  '# c',
  '',
  'a: 1',
  'b: [1, 2]',
  '  c: x',
  '- d',
  '-',
  '.',
  '--',
  ' ---',
  '|',
  '  ---x',
  '\r',
  'k: "v',
  '%YAML 1.1',
  '%TAG ! tag:x,2000:',
  '%',
];
const textOf = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((lines) => lines.join('\n'));
const insertion = fc.oneof(fc.constantFrom(...FRAGMENTS, '\n', '-', '\n---\n', '\n...\n', '#'), textOf);

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}
const editOf = fc.record({ at: fc.nat({ max: 100 }), remove: fc.nat({ max: 12 }), insert: fc.oneof(insertion, fc.constant('')) });

function placed(file: ReturnType<typeof parseFile>) {
  return file.documents.map(({ offset, document }) => ({ offset, text: document.text, value: document.value, problems: document.problems }));
}

describe('parseFile with the edited range', () => {
  it('gives what a fresh parse of the new text gives, after one or several edits', () => {
    fc.assert(
      fc.property(textOf, fc.array(editOf, { minLength: 1, maxLength: 4 }), (initial, edits: Edit[]) => {
        const first = parseFile('file:///t.yaml', initial);
        let text = initial;
        let change: TextChange | undefined;
        for (const edit of edits) {
          const start = Math.min(edit.at, text.length);
          const end = Math.min(start + edit.remove, text.length);
          text = text.slice(0, start) + edit.insert + text.slice(end);
          change = addEdit(change, start, end, edit.insert.length);
        }
        const incremental = parseFile('file:///t.yaml', text, first, change);
        assert.deepEqual(placed(incremental), placed(parseFile('file:///t.yaml', text)));
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });

  it('keeps the documents before and after the edit without re-parsing them, moved by its length', () => {
    const initial = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const first = parseFile('file:///t.yaml', initial);
    const at = initial.indexOf('2');
    const text = `${initial.slice(0, at)}22${initial.slice(at + 1)}`;
    const second = parseFile('file:///t.yaml', text, first, addEdit(undefined, at, at + 1, 2));
    assert.equal(second.documents[0].document, first.documents[0].document);
    assert.notEqual(second.documents[1].document, first.documents[1].document);
    assert.equal(second.documents[2].document, first.documents[2].document);
    assert.equal(second.documents[2].offset, first.documents[2].offset + 1);
  });

  it('joins a document to the next when the edit removes the `...` that ended it', () => {
    const initial = 'a: 1\n...\nb: 2\n';
    const first = parseFile('file:///t.yaml', initial);
    const text = 'a: 1\n..\nb: 2\n';
    const second = parseFile('file:///t.yaml', text, first, addEdit(undefined, 5, 6, 0));
    assert.deepEqual(placed(second), placed(parseFile('file:///t.yaml', text)));
    assert.equal(second.documents.length, 1);
  });

  it('ignores a change that does not fit the texts, and compares them instead', () => {
    const first = parseFile('file:///t.yaml', 'a: 1\n---\nb: 2\n');
    const second = parseFile('file:///t.yaml', 'a: 1\n---\nb: 3\n', first, { start: 0, end: 1, delta: 5 });
    assert.deepEqual(second.documents[1].document.value, { b: 3 });
  });
});
