import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { updateDocument } from '../../../server/src/lsp/openDocuments';

/** Every line start and the end of the text, as positions and back: what the server's features depend on. */
function assertLinesMatchText(document: TextDocument): void {
  const fresh = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
  assert.equal(document.lineCount, fresh.lineCount, `line count of ${JSON.stringify(document.getText())}`);
  for (let offset = 0; offset <= fresh.getText().length; offset++) {
    assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset), `offset ${offset} of ${JSON.stringify(document.getText())}`);
  }
  for (let line = 0; line < fresh.lineCount; line++) {
    assert.equal(document.offsetAt({ line, character: 0 }), fresh.offsetAt({ line, character: 0 }));
  }
}

function insert(document: TextDocument, offset: number, text: string, deleteUpTo = offset): TextDocument {
  const range = { start: document.positionAt(offset), end: document.positionAt(deleteUpTo) };
  return updateDocument(document, [{ range, text }], document.version + 1);
}

describe('open documents: the line table after incremental edits', () => {
  const base = 'spec:\n  ports:\n  # keep\n  - protocol: TCP\n';

  it('an insert ending in \\r before an existing \\n forms one CRLF, not two line breaks', () => {
    const document = insert(TextDocument.create('file:///a.yaml', 'yaml', 1, base), 5, 'x\r');
    assert.equal(document.getText(), 'spec:x\r\n  ports:\n  # keep\n  - protocol: TCP\n');
    assert.equal(document.lineCount, 5);
    assert.deepEqual(document.positionAt(document.getText().indexOf('- protocol')), { line: 3, character: 2 });
    assertLinesMatchText(document);
  });

  it('deleting the text between a \\r and a \\n, and \\n inserted after a lone \\r', () => {
    const crlf = insert(TextDocument.create('file:///a.yaml', 'yaml', 1, 'a\rXY\nb\n'), 2, '', 4);
    assert.equal(crlf.getText(), 'a\r\nb\n');
    assertLinesMatchText(crlf);
    const joined = insert(TextDocument.create('file:///a.yaml', 'yaml', 1, 'a\rb\n'), 2, '\n');
    assert.equal(joined.getText(), 'a\r\nb\n');
    assertLinesMatchText(joined);
  });

  it('any sequence of edits with \\r and \\n keeps positions true to the text', () => {
    const piece = fc.stringMatching(/^[ab\r\n]{0,4}$/);
    fc.assert(
      fc.property(piece, fc.array(fc.tuple(fc.nat(), fc.nat(3), piece), { maxLength: 12 }), (start, edits) => {
        let document = TextDocument.create('file:///a.yaml', 'yaml', 1, start);
        for (const [at, length, text] of edits) {
          const size = document.getText().length;
          const from = size === 0 ? 0 : at % (size + 1);
          document = insert(document, from, text, Math.min(size, from + length));
        }
        assertLinesMatchText(document);
      }),
      { numRuns: 2_000 },
    );
  });
});
