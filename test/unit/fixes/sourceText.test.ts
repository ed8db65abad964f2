import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { commentSpans, dashBefore, lineBreakOf, nextLineStart } from '../../../server/src/service/fixes/sourceText';

describe('fixes: source text', () => {
  it('finds comments as the YAML lexer does, not a # inside a scalar', () => {
    const text = 'a: "x # not"\r\nb: c#d\r\n# own line\r\ne: [1, 2] # after\r\n';
    assert.deepEqual(
      commentSpans(text).map((span) => text.slice(span.start, span.end)),
      ['# own line', '# after'],
    );
  });

  it('finds the dash of a block sequence item only when it starts its line', () => {
    assert.equal(dashBefore('  - a', 4), 2);
    assert.equal(dashBefore('x: - a', 5), undefined);
    assert.equal(dashBefore('  -a', 3), undefined);
  });

  it('keeps the line breaks of the text', () => {
    assert.equal(lineBreakOf('a: 1\r\nb: 2\r\n'), '\r\n');
    assert.equal(lineBreakOf('a: 1'), '\n');
    assert.equal(nextLineStart('a\r\nb', 0), 3);
  });
});
