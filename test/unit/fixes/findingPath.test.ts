import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { findingPath } from '../../../server/src/service/fixes/findingPath';

describe('fixes: finding paths', () => {
  it('reads back names, indexes and map keys', () => {
    const finding = { code: 'ipblock.except-invalid' as const, severity: 'error' as const, message: '', start: 0, end: 0 };
    assert.deepEqual(findingPath({ ...finding, path: 'spec.ingress[0].from[12].ipBlock.except[3]' }), [
      'spec',
      'ingress',
      0,
      'from',
      12,
      'ipBlock',
      'except',
      3,
    ]);
    assert.deepEqual(findingPath({ ...finding, path: 'metadata.labels[app.kubernetes.io/name]' }), ['metadata', 'labels', { key: 'app.kubernetes.io/name' }]);
    assert.equal(findingPath(finding), undefined);
  });
});
