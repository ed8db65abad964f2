import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validateNetworkPolicyPort } from '../../../server/src/service/validation/networkPolicyPort';
import { summarize } from './helpers';

const at = ['spec', 'ingress', 0, 'ports', 0];
const check = (port: unknown) => validateNetworkPolicyPort(port, at);

describe('validateNetworkPolicyPort', () => {
  it('accepts valid ports', () => {
    for (const port of [
      {},
      null,
      { protocol: 'TCP' },
      { protocol: 'SCTP', port: 1 },
      { port: 65535 },
      { port: 'http' },
      { port: 30000, endPort: 32767 },
      { port: 80, endPort: 80 },
      { protocol: null, port: null },
    ]) {
      assert.deepEqual(check(port), [], JSON.stringify(port));
    }
  });

  it('protocol is exactly TCP, UDP or SCTP', () => {
    const issues = check({ protocol: 'tcp' });
    assert.deepEqual(summarize(issues), ['ports.protocol-unsupported spec.ingress[0].ports[0].protocol']);
    assert.equal(issues[0].message, 'Unsupported value "tcp": supported values: "TCP", "UDP", "SCTP". Did you mean "TCP"? Protocols are case-sensitive.');
    assert.deepEqual(summarize(check({ protocol: '' })), ['ports.protocol-unsupported spec.ingress[0].ports[0].protocol']);
    assert.equal(
      check({ protocol: 'ICMP' })[0].message,
      'Unsupported value "ICMP": supported values: "TCP", "UDP", "SCTP". NetworkPolicy cannot select ICMP: a rule without `ports` allows every protocol, ICMP included.',
    );
    assert.equal(check({ protocol: 'HTTP' })[0].message, 'Unsupported value "HTTP": supported values: "TCP", "UDP", "SCTP".');
    assert.match(check({ protocol: 'tpc' })[0].message, /Did you mean "TCP"\?/);
  });

  it('numeric ports are 1 to 65535', () => {
    assert.deepEqual(summarize(check({ port: 0 })), ['ports.port-out-of-range spec.ingress[0].ports[0].port']);
    assert.deepEqual(summarize(check({ port: 70000 })), ['ports.port-out-of-range spec.ingress[0].ports[0].port']);
    assert.equal(check({ port: 0 })[0].message, 'Invalid value 0: must be between 1 and 65535, inclusive. To match every port, leave `port` out.');
  });

  it('a quoted number is a port name, and invalid: say to drop the quotes', () => {
    const issues = check({ port: '8080' });
    assert.deepEqual(summarize(issues), ['ports.port-name-invalid spec.ingress[0].ports[0].port']);
    assert.equal(
      issues[0].message,
      'In quotes, "8080" is read as a port name, not as the port number 8080: write `port: 8080` without quotes. The API server says: Invalid value "8080": must contain at least one letter or number (a-z, 0-9).',
    );
    // What is wrong comes first, whatever else upstream says about the value.
    assert.match(
      check({ port: ' 443 ' })[0].message,
      /^In quotes, " 443 " is read as a port name, not as the port number 443: write `port: 443` without quotes\. The API server says: Invalid value " 443 ": must contain only/,
    );
    assert.match(
      check({ port: '70000' })[0].message,
      /^In quotes, "70000" is read as a port name; a port number is 1 to 65535, without quotes\. The API server says: Invalid value "70000": /,
    );
    assert.match(check({ port: 'HTTP' })[0].message, /Port names are lower case: "http"\.$/);
    assert.deepEqual(summarize(check({ port: 'web--api' })), ['ports.port-name-invalid spec.ingress[0].ports[0].port']);
    assert.deepEqual(summarize(check({ port: 'very-long-port-name' })), ['ports.port-name-invalid spec.ingress[0].ports[0].port']);
  });

  it('endPort: never without port, only with a numeric port, not below port, at most 65535', () => {
    assert.deepEqual(summarize(check({ endPort: 90 })), ['ports.endport-without-port spec.ingress[0].ports[0].endPort']);
    assert.deepEqual(summarize(check({ port: 'http', endPort: 90 })), ['ports.endport-with-named-port spec.ingress[0].ports[0].endPort']);
    // Both upstream errors for a quoted number with an endPort.
    assert.deepEqual(summarize(check({ port: '80', endPort: 90 })), [
      'ports.endport-with-named-port spec.ingress[0].ports[0].endPort',
      'ports.port-name-invalid spec.ingress[0].ports[0].port',
    ]);
    const below = check({ port: 32000, endPort: 30000 });
    assert.deepEqual(summarize(below), ['ports.endport-below-port spec.ingress[0].ports[0].endPort']);
    assert.equal(
      below[0].message,
      'Invalid value 30000: must be greater than or equal to `port` (32000). Swap them (`port: 30000`, `endPort: 32000`), or set `endPort` to the last port of the range.',
    );
    assert.deepEqual(summarize(check({ port: 80, endPort: 70000 })), ['ports.endport-out-of-range spec.ingress[0].ports[0].endPort']);
    // Below port and out of range: both, as upstream.
    assert.deepEqual(summarize(check({ port: 80, endPort: 0 })), [
      'ports.endport-below-port spec.ingress[0].ports[0].endPort',
      'ports.endport-out-of-range spec.ingress[0].ports[0].endPort',
    ]);
  });

  it('skips values of the wrong type', () => {
    assert.deepEqual(check({ port: 80, endPort: '90' }), []);
    assert.deepEqual(check({ port: 1.5 }), []);
    assert.deepEqual(check({ port: true, protocol: 6 }), []);
    assert.deepEqual(check('80/TCP'), []);
  });
});
