import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/service';

/**
 * The service's LineIndex (the CLI, and the server for files not open) must place offsets exactly where LSP's
 * TextDocument (the server for open files) does: the live-server abuse test found diagnostics lines apart on a
 * text with a lone `\r`.
 */
describe('LineIndex agrees with LSP TextDocument', () => {
  const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '\u2028', '😀', 'é', '\t'), maxLength: 60 });

  it('on every offset and position, for texts with \\n, \\r\\n, lone \\r and surrogate pairs', () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.integer({ min: -3, max: 70 }), { maxLength: 10 }),
        fc.array(fc.record({ line: fc.integer({ min: -2, max: 30 }), character: fc.integer({ min: -2, max: 70 }) }), { maxLength: 10 }),
        (content, offsets, positions) => {
          const index = new LineIndex(content);
          const document = TextDocument.create('file:///x.yaml', 'yaml', 1, content);
          for (const offset of offsets)
            assert.deepEqual(index.positionAt(offset), document.positionAt(offset), `positionAt(${offset}) of ${JSON.stringify(content)}`);
          for (const position of positions)
            assert.equal(index.offsetAt(position), document.offsetAt(position), `offsetAt(${JSON.stringify(position)}) of ${JSON.stringify(content)}`);
        },
      ),
      { seed: 4242, numRuns: 2_000 },
    );
  });

  it('in linear time on a 10 MB text of lone carriage returns', () => {
    const started = performance.now();
    const index = new LineIndex('\r'.repeat(10_000_000));
    assert.deepEqual(index.positionAt(10_000_000), { line: 10_000_000, character: 0 });
    assert.ok(performance.now() - started < 5_000);
  });
});
