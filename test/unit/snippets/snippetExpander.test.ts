import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { expandSnippet } from './snippetExpander';

describe('expandSnippet', () => {
  it('takes defaults, first choices, and nothing for bare tab stops and $0', () => {
    assert.equal(expandSnippet('name: ${1:web}\nport: ${2|8080,9090|}\nx: $3${4}\n$0'), 'name: web\nport: 8080\nx: \n');
  });

  it('links tab stops with the same number to the first that has a value', () => {
    assert.equal(expandSnippet('$1 ${1:a} ${1:b} ${1}'), 'a a a a');
    assert.equal(expandSnippet('${2|x,y|}-$2'), 'x-x');
  });

  it('expands tab stops nested in a default', () => {
    assert.equal(expandSnippet('${1:app: ${2:web}} / $2'), 'app: web / web');
  });

  it('reads escapes, and literal $ and } that start nothing', () => {
    assert.equal(expandSnippet('\\$1 \\} \\\\ $ {} }'), '$1 } \\ $ {} }');
    assert.equal(expandSnippet('${1:a\\}b}'), 'a}b');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  it('refuses variables and transforms, and reports unterminated placeholders', () => {
    assert.throws(() => expandSnippet('$TM_FILENAME'), /variables/);
    assert.throws(() => expandSnippet('${CLIPBOARD:x}'), /variables/);
    assert.throws(() => expandSnippet('${1/a/b/}'), /transforms/);
    assert.throws(() => expandSnippet('${1:abc'), /expected "}"/);
    assert.throws(() => expandSnippet('${1|a,b'), /unterminated choice/);
  });
});
