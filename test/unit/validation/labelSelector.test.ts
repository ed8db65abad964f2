import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { validateLabelSelector } from '../../../server/src/service/validation/labelSelector';
import { summarize } from './helpers';

const at = ['spec', 'podSelector'];

describe('validateLabelSelector', () => {
  it('accepts the selectors of real policies', () => {
    assert.deepEqual(validateLabelSelector({}, at), []);
    assert.deepEqual(validateLabelSelector(null, at), []);
    assert.deepEqual(validateLabelSelector({ matchLabels: { app: 'web', 'app.kubernetes.io/name': 'x', empty: '', nulled: null } }, at), []);
    assert.deepEqual(
      validateLabelSelector(
        {
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
        at,
      ),
      [],
    );
  });

  it('a bad matchLabels key or value has the map path, as upstream ValidateLabels writes it, and is shown on the key or value', () => {
    const issues = validateLabelSelector({ matchLabels: { 'my app': 'web server' } }, at);
    assert.deepEqual(summarize(issues), [
      'selector.label-key-invalid spec.podSelector.matchLabels',
      'selector.label-value-invalid spec.podSelector.matchLabels',
    ]);
    assert.deepEqual(issues[0].at, ['spec', 'podSelector', 'matchLabels', { key: 'my app' }]);
    assert.equal(issues[0].onKey, true);
    assert.deepEqual(issues[1].at, ['spec', 'podSelector', 'matchLabels', { key: 'my app' }]);
    assert.equal(issues[1].onKey, undefined);
    assert.match(issues[0].message, /^Invalid value "my app": name part must consist of .*\. Use e\.g\. "my-app"\.$/);
    assert.match(issues[1].message, /Use e\.g\. "web-server"\.$/);
  });

  it('operators are exactly In, NotIn, Exists, DoesNotExist', () => {
    const issues = validateLabelSelector(
      {
        matchExpressions: [
          { key: 'a', operator: 'in', values: ['x'] },
          { key: 'b', operator: 'Equals', values: ['x'] },
        ],
      },
      at,
    );
    assert.deepEqual(summarize(issues), [
      'selector.operator-invalid spec.podSelector.matchExpressions[0].operator',
      'selector.operator-invalid spec.podSelector.matchExpressions[1].operator',
    ]);
    assert.match(issues[0].message, /^Invalid value "in": not a valid selector operator\. .*did you mean "In"\?$/);
    assert.match(issues[1].message, /did you mean "In"\?$/);
  });

  it('values: required by In/NotIn (also when empty), forbidden for Exists/DoesNotExist', () => {
    const issues = validateLabelSelector(
      {
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'NotIn', values: [] },
          { key: 'c', operator: 'Exists', values: ['x'] },
          { key: 'd', operator: 'DoesNotExist', values: null },
        ],
      },
      at,
    );
    assert.deepEqual(summarize(issues), [
      'selector.values-required spec.podSelector.matchExpressions[0].values',
      'selector.values-required spec.podSelector.matchExpressions[1].values',
      'selector.values-forbidden spec.podSelector.matchExpressions[2].values',
    ]);
    // A missing `values` is shown on the operator that needs it.
    assert.deepEqual(issues[0].at, ['spec', 'podSelector', 'matchExpressions', 0, 'operator']);
    assert.equal(issues[1].at, undefined);
  });

  it('requirement keys and each value are checked, with index paths', () => {
    const issues = validateLabelSelector({ matchExpressions: [{ key: '-bad', operator: 'In', values: ['ok', 'not ok', null] }, { operator: 'Exists' }] }, at);
    assert.deepEqual(summarize(issues), [
      'selector.label-key-invalid spec.podSelector.matchExpressions[0].key',
      'selector.label-value-invalid spec.podSelector.matchExpressions[0].values[1]',
      'selector.label-key-invalid spec.podSelector.matchExpressions[1].key',
    ]);
    // No key at all: shown on the requirement.
    assert.deepEqual(issues[2].at, ['spec', 'podSelector', 'matchExpressions', 1]);
  });

  it('skips values of the wrong type (the structural check reports them)', () => {
    assert.deepEqual(validateLabelSelector({ matchLabels: { version: 1, on: true }, matchExpressions: [{ key: 3, operator: 7, values: 'x' }] }, at), []);
    assert.deepEqual(validateLabelSelector('app=web', at), []);
    assert.deepEqual(validateLabelSelector({ matchExpressions: 'oops' }, at), []);
    assert.equal(formatFieldPath(at), 'spec.podSelector');
  });
});
