import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DecodeError } from '../../../server/src/service/cluster/decode';
import { matchesSelector, readLabelSelector, selectorKey, selectorProblem, type LabelSelector } from '../../../server/src/service/cluster/labelSelector';

const selector = (value: unknown): LabelSelector => readLabelSelector(value, ['s']);

describe('label selectors (apimachinery semantics)', () => {
  it('matches everything with {} and with null', () => {
    assert.equal(matchesSelector(selector({}), {}), true);
    assert.equal(matchesSelector(selector(null), { a: '1' }), true);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const s = selector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] });
    assert.equal(matchesSelector(s, { app: 'web', tier: 'a' }), true);
    assert.equal(matchesSelector(s, { app: 'web', tier: 'c' }), false);
    assert.equal(matchesSelector(s, { app: 'db', tier: 'a' }), false);
    assert.equal(matchesSelector(s, { tier: 'a' }), false);
  });

  it('In needs the key; NotIn and DoesNotExist match objects without it', () => {
    const labels = { other: 'x' };
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }), labels), false);
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['v'] }] }), labels), true);
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'DoesNotExist' }] }), labels), true);
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'Exists' }] }), labels), false);
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['v'] }] }), { k: 'v' }), false);
    assert.equal(matchesSelector(selector({ matchExpressions: [{ key: 'k', operator: 'Exists' }] }), { k: '' }), true);
  });

  it('treats an empty label value as a value', () => {
    assert.equal(matchesSelector(selector({ matchLabels: { k: '' } }), { k: '' }), true);
    assert.equal(matchesSelector(selector({ matchLabels: { k: '' } }), {}), false);
    // A null in a map[string]string decodes as "".
    assert.deepEqual(selector({ matchLabels: { k: null } }).matchLabels, { k: '' });
  });

  it('selects nothing when LabelSelectorAsSelector would fail', () => {
    for (const expression of [
      { key: 'k', operator: 'In', values: [] },
      { key: 'k', operator: 'NotIn' },
      { key: 'k', operator: 'Exists', values: ['v'] },
      { key: 'k', operator: 'Equals', values: ['v'] },
    ]) {
      const s = selector({ matchExpressions: [expression] });
      assert.ok(selectorProblem(s), JSON.stringify(expression));
      assert.equal(matchesSelector(s, { k: 'v' }), false);
      assert.equal(matchesSelector(s, {}), false);
    }
  });

  it('rejects wrong types as the API server decoder does', () => {
    assert.throws(() => selector('app=web'), DecodeError);
    assert.throws(() => selector({ matchLabels: { app: true } }), /s\.matchLabels\[app\]: expected a string, found boolean true/);
    assert.throws(() => selector({ matchExpressions: { key: 'k' } }), DecodeError);
    assert.throws(() => selector({ matchExpressions: [{ key: 'k', operator: 'In', values: [1] }] }), DecodeError);
  });

  it('gives equal selectors equal keys, and invalid ones different keys', () => {
    const a = selector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['y', 'x', 'x'] }] });
    const b = selector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }], matchLabels: { a: '1', b: '2' } });
    assert.equal(selectorKey(a), selectorKey(b));
    assert.equal(selectorKey(a), 'a=1,b=2,k in (x,y)');
    assert.notEqual(
      selectorKey(selector({ matchExpressions: [{ key: 'k', operator: 'Exists' }] })),
      selectorKey(selector({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] })),
    );
  });
});
