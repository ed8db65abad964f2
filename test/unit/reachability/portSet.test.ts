import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  ALL_PORTS,
  formatPortSet,
  hasPort,
  intersectPortSets,
  isAllPorts,
  isEmptyPortSet,
  NO_PORTS,
  portRange,
  unionPortSets,
} from '../../../server/src/service/reachability/portSet';

describe('port sets', () => {
  it('merges overlapping and adjacent ranges', () => {
    const set = unionPortSets(unionPortSets(portRange('TCP', 80, 80), portRange('TCP', 81, 90)), portRange('TCP', 85, 100));
    assert.deepEqual(set.TCP, [[80, 100]]);
    assert.equal(formatPortSet(unionPortSets(set, portRange('UDP', 53, 53))), 'TCP 80-100; UDP 53');
  });

  it('intersects per protocol', () => {
    const a = unionPortSets(portRange('TCP', 1, 100), portRange('UDP', 53, 53));
    const b = unionPortSets(portRange('TCP', 50, 60), portRange('TCP', 90, 200));
    assert.equal(formatPortSet(intersectPortSets(a, b)), 'TCP 50-60,90-100');
    assert.deepEqual(intersectPortSets(a, ALL_PORTS), a);
    assert.ok(isEmptyPortSet(intersectPortSets(a, NO_PORTS)));
  });

  it('clamps to 1..65535 and knows nothing of other protocols', () => {
    assert.ok(isEmptyPortSet(portRange('TCP', 0, 0)));
    assert.deepEqual(portRange('TCP', 0, 70000).TCP, [[1, 65535]]);
    assert.ok(isEmptyPortSet(portRange('ICMP', 1, 10)));
    assert.ok(isEmptyPortSet(portRange('TCP', 90, 80)));
    assert.ok(isAllPorts(unionPortSets(unionPortSets(portRange('TCP', 1, 65535), portRange('UDP', 1, 65535)), portRange('SCTP', 1, 65535))));
  });

  it('answers membership', () => {
    const set = unionPortSets(portRange('TCP', 80, 81), portRange('TCP', 443, 443));
    assert.deepEqual(
      [79, 80, 81, 82, 443, 444].map((port) => hasPort(set, 'TCP', port)),
      [false, true, true, false, true, false],
    );
    assert.equal(hasPort(set, 'UDP', 80), false);
  });
});
