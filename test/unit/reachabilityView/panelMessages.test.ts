import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeFilter, parsePort } from '../../../client/webview/src/filterText';
import { readFromPanel, readToPanel } from '../../../server/src/protocol/panelMessages';
import { conformanceCluster } from '../reachability/helpers';
import { modelOf, viewOf } from './fixtures';

describe('panel messages, checked on receipt', () => {
  it('reads what the panel may send, and nothing else', () => {
    assert.deepEqual(readFromPanel({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(readFromPanel({ type: 'explain', requestId: 3, from: 'x/a', to: 'x/b', filter: { port: 80, protocol: 'TCP' }, extra: 'dropped' }), {
      type: 'explain',
      requestId: 3,
      from: 'x/a',
      to: 'x/b',
      filter: { port: 80, protocol: 'TCP' },
    });
    assert.deepEqual(readFromPanel({ type: 'reveal', ref: { uri: 'file:///w/p.yaml', start: 1, end: 9, label: 'ignored' } }), {
      type: 'reveal',
      ref: { uri: 'file:///w/p.yaml', start: 1, end: 9 },
    });
    for (const bad of [
      null,
      'ready',
      { type: 'run', command: 'rm -rf /' },
      { type: 'explain', requestId: -1, from: 'x/a', to: 'x/b', filter: { port: 80, protocol: 'TCP' } },
      { type: 'explain', requestId: 1, from: '', to: 'x/b', filter: { port: 80, protocol: 'TCP' } },
      { type: 'explain', requestId: 1, from: 'x/a', to: 'x/b', filter: { port: 70000, protocol: 'TCP' } },
      { type: 'explain', requestId: 1, from: 'x/a', to: 'x/b', filter: { port: 80, protocol: 'ICMP' } },
      { type: 'reveal', ref: { uri: 'file:///w/p.yaml', start: 9, end: 1 } },
      { type: 'reveal', ref: { uri: 42, start: 0, end: 1 } },
      { type: 'reveal', ref: { uri: 'file:///w/p.yaml', start: 0.5, end: 1 } },
    ]) {
      assert.equal(readFromPanel(bad), undefined, JSON.stringify(bad));
    }
  });

  it('reads what the extension may send: a whole view is checked', () => {
    const view = viewOf(modelOf(conformanceCluster()));
    assert.equal(readToPanel({ type: 'view', view })?.type, 'view');
    assert.equal(readToPanel({ type: 'view', view, scope: 'file:///w' })?.type, 'view');
    assert.equal(readToPanel({ type: 'view', view: { ...view, cells: [[1e9]] } }), undefined);
    assert.equal(readToPanel({ type: 'view', view, scope: 7 }), undefined);
    assert.equal(readToPanel({ type: 'focus', focus: null })?.type, 'focus');
    assert.equal(readToPanel({ type: 'focus', focus: { policy: 'x/p' } }), undefined);
    assert.equal(readToPanel({ type: 'explanation', requestId: 1, explanations: null })?.type, 'explanation');
    assert.equal(readToPanel({ type: 'explanation', requestId: 1, explanations: [{ verdict: 'x' }] }), undefined);
    assert.equal(readToPanel({ type: 'status', status: 'error', message: 'no' })?.type, 'status');
    assert.equal(readToPanel({ type: 'status', status: 'panic', message: 'no' }), undefined);
    assert.equal(readToPanel({ type: 'eval', code: 'alert(1)' }), undefined);
  });
});

describe('the port box', () => {
  it('takes any, a port number or a container port name', () => {
    assert.equal(parsePort(''), 'any');
    assert.equal(parsePort(' ANY '), 'any');
    assert.equal(parsePort('8080'), 8080);
    assert.equal(parsePort('http'), 'http');
    assert.equal(parsePort('dns-tcp'), 'dns-tcp');
    for (const bad of ['0', '65536', '-1', 'HTTP', 'a--b', '-http', 'http-', 'a-very-long-port-name', '<img>', '12345678'])
      assert.equal(parsePort(bad), undefined, bad);
  });

  it('says the filter in words', () => {
    assert.equal(describeFilter({ port: 'any', protocol: 'any' }), 'on any port');
    assert.equal(describeFilter({ port: 'any', protocol: 'UDP' }), 'on any UDP port');
    assert.equal(describeFilter({ port: 80, protocol: 'TCP' }), 'on TCP port 80');
    assert.equal(describeFilter({ port: 'http', protocol: 'any' }), 'on port "http" of any protocol');
  });
});
