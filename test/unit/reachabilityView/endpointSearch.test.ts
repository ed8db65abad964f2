import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { matchesSearch, parseSearch, searchEndpoints } from '../../../server/src/service/reachabilityView/endpointSearch';
import { examplesModel, viewOf } from './fixtures';

describe('endpoint search', () => {
  const view = viewOf(examplesModel());
  const found = (text: string) => {
    const shown = searchEndpoints(view, text);
    return shown ? view.endpoints.filter((_e, i) => shown[i]).map((e) => e.key) : 'all';
  };

  it('matches everything when empty', () => {
    assert.equal(found('  '), 'all');
  });

  it('matches names, namespaces and keys, ignoring case', () => {
    assert.deepEqual(found('FRONTEND'), ['shop/Deployment/frontend']);
    assert.deepEqual(found('monitoring'), ['monitoring/Deployment/prometheus']);
    assert.deepEqual(found('10.0.0.0'), ['ipblock:0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16', 'ipblock:10.0.0.0/8']);
  });

  it('matches labels: key=value exactly, other text in key=value', () => {
    assert.deepEqual(found('tier=web'), ['shop/Deployment/frontend']);
    assert.deepEqual(found('tier=we'), []);
    assert.deepEqual(found('tier'), ['shop/Deployment/backend', 'shop/Deployment/frontend', 'shop/StatefulSet/postgres']);
    assert.deepEqual(found('tier shop backend'), ['shop/Deployment/backend'], 'every term must match');
  });

  it('treats hostile text as text, and no label key finds Object.prototype', () => {
    const endpoint = { key: 'x/a', kind: 'pod' as const, group: 0, name: 'a', labels: { note: '<img src=x onerror=alert(1)>' }, ports: [], ips: [] };
    assert.ok(matchesSearch(endpoint, 'x', parseSearch('<img')));
    assert.ok(matchesSearch(endpoint, 'x', parseSearch('note=<img src=x onerror=alert(1)>'.split(' ')[0])) === false);
    assert.ok(!matchesSearch(endpoint, 'x', parseSearch('constructor=x')));
    assert.ok(!matchesSearch(endpoint, 'x', parseSearch('[a-z]')), 'not a regular expression');
  });
});
