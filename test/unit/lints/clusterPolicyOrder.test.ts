import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectorCovers } from '../../../server/src/service/lints/clusterPolicyOrder';

const sel = (matchLabels: Record<string, string>, matchExpressions: { key: string; operator: string; values: string[] }[] = []) => ({
  matchLabels,
  matchExpressions,
});

describe('cluster policy covers (cnp.rule-shadowed, cnp.priority-tie)', () => {
  it('a selector covers another when each of its requirements is one of the other', () => {
    assert.ok(selectorCovers(sel({}), sel({ a: '1' })));
    assert.ok(selectorCovers(sel({ a: '1' }), sel({ a: '1', b: '2' })));
    assert.ok(selectorCovers(sel({}, [{ key: 'x', operator: 'In', values: ['b', 'a'] }]), sel({ c: '3' }, [{ key: 'x', operator: 'In', values: ['a', 'b'] }])));
  });

  it('is conservative: no cover claimed without the same requirement', () => {
    assert.ok(!selectorCovers(sel({ a: '1' }), sel({})));
    assert.ok(!selectorCovers(sel({ a: '1' }), sel({ a: '2' })));
    // In [a, b] does cover In [a] in truth, but it is not claimed: only the same requirement counts.
    assert.ok(!selectorCovers(sel({}, [{ key: 'x', operator: 'In', values: ['a', 'b'] }]), sel({}, [{ key: 'x', operator: 'In', values: ['a'] }])));
  });
});
