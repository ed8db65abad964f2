import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseYamlDocument } from '../../../server/src/service/parse/parsedDocument';
import { splitYamlDocuments } from '../../../server/src/service/parse/splitDocuments';

/** Runs `work` and fails when it takes longer than `budgetMs`: these inputs once took seconds to minutes. */
function within<T>(budgetMs: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < budgetMs, `took ${elapsed.toFixed(0)} ms, budget ${budgetMs} ms`);
  return result;
}

describe('patterns that used to backtrack', () => {
  it('splits a stream whose text before the first --- is a long run of blanks and then text', () => {
    // Was exponential: 28 spaces and an `x` took 21 s.
    const slices = within(500, () => splitYamlDocuments(`${' '.repeat(100_000)}x\n---\na: 1\n`));
    assert.equal(slices.length, 2);
  });

  it('still drops leading blanks and comments (with CRLF, tabs and a comment holding #) before the first ---', () => {
    const slices = splitYamlDocuments('  # a # b\r\n\t\r\n\n---\na: 1\n');
    assert.deepEqual(
      slices.map((s) => s.text),
      ['---\na: 1\n'],
    );
  });

  it('recognises a template in a megabyte of braces without rescanning the text from every brace', () => {
    // `/\{\{[\s\S]*?\}\}/` was quadratic: 400 KB of `{` took 50 s. In a comment, so that parsing stays cheap.
    const braces = `# ${'{'.repeat(1_000_000)}\n`;
    assert.equal(within(1000, () => parseYamlDocument(braces)).isTemplate, false);
    assert.equal(parseYamlDocument(`${braces}# }}\n`).isTemplate, true);
    assert.equal(parseYamlDocument('a: }} {{\n').isTemplate, false);
    assert.equal(parseYamlDocument('a: {{}}\n').isTemplate, true);
    assert.equal(parseYamlDocument('a: {{ .Values.x }}\n').isTemplate, true);
  });
});
