import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { boundedMemo } from '../../../server/src/service/boundedMemo';

describe('boundedMemo', () => {
  it('computes each short argument once and returns the same result after', () => {
    const calls: string[] = [];
    const length = boundedMemo((text) => {
      calls.push(text);
      return { length: text.length };
    });
    const first = length('10.0.0.0/8');
    assert.equal(length('10.0.0.0/8'), first);
    assert.deepEqual(length('::/0'), { length: 4 });
    assert.deepEqual(calls, ['10.0.0.0/8', '::/0']);
  });

  it('remembers undefined results too', () => {
    let calls = 0;
    const parse = boundedMemo(() => {
      calls++;
      return undefined;
    });
    parse('not a cidr');
    parse('not a cidr');
    assert.equal(calls, 1);
  });

  it('forgets everything when full, and never remembers long arguments', () => {
    let calls = 0;
    const identity = boundedMemo((text) => {
      calls++;
      return text;
    }, 2);
    identity('a');
    identity('b');
    identity('c'); // full: starts afresh with c
    identity('c');
    assert.equal(calls, 3);
    identity('a');
    assert.equal(calls, 4);
    const long = 'x'.repeat(1000);
    identity(long);
    identity(long);
    assert.equal(calls, 6);
  });
});
