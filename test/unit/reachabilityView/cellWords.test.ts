import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatPortSet, isAllPorts, isEmptyPortSet } from '../../../server/src/service/reachability/portSet';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { allowedPorts, isAllowed, isSelfTraffic, type ReachabilityQuery } from '../../../server/src/service/reachability/result';
import { buildReachabilityView, endpointNames } from '../../../server/src/service/reachabilityView/buildReachabilityView';
import { CellWords, describeTraffic } from '../../../server/src/service/reachabilityView/cellWords';
import { isExternalPair } from '../../../server/src/service/reachabilityView/externalPairs';
import { examplesModel, formatRef } from './fixtures';

describe('CellWords', () => {
  const model = examplesModel();

  it('says what every port allows, as the result does, per pair', () => {
    const result = computeReachability(model);
    const view = buildReachabilityView(result, { title: 't', formatRef });
    const words = new CellWords(view);
    assert.equal(describeTraffic(view), 'all ports');
    const levels = new Set<string>();
    for (const from of result.sources) {
      for (const to of result.destinations) {
        const { text, level } = words.cell(from, to);
        levels.add(level);
        if (isExternalPair(result.endpoints[from], result.endpoints[to])) {
          assert.deepEqual({ text, level }, { text: 'outside the cluster', level: 'outside' });
          continue;
        }
        const ports = allowedPorts(result, from, to);
        assert.deepEqual(words.allowedPorts(from, to), ports);
        if (isSelfTraffic(result, from, to)) assert.deepEqual({ text, level }, { text: 'all ports (a pod to itself)', level: 'self' });
        else assert.deepEqual({ text, level }, { text: formatPortSet(ports), level: isAllPorts(ports) ? 'all' : isEmptyPortSet(ports) ? 'none' : 'some' });
      }
    }
    assert.deepEqual([...levels].sort(), ['all', 'none', 'outside', 'some']);
  });

  it('says whether one port is allowed, numeric or named, as the result does', () => {
    const queries: ReachabilityQuery[] = [
      { port: 8080 },
      { port: 53, protocol: 'UDP' },
      { port: 'http' },
      { port: 'metrics' },
      { port: 'dns', protocol: 'UDP' },
    ];
    for (const query of queries) {
      const result = computeReachability(model, query);
      const view = buildReachabilityView(result, { title: 't', formatRef });
      const words = new CellWords(view);
      assert.equal(describeTraffic(view), `${query.protocol ?? 'TCP'} port ${typeof query.port === 'string' ? `"${query.port}"` : query.port}`);
      let allowed = 0;
      let denied = 0;
      for (const from of result.sources) {
        for (const to of result.destinations) {
          if (isExternalPair(result.endpoints[from], result.endpoints[to])) {
            assert.equal(words.cell(from, to).level, 'outside');
            assert.equal(words.allowed(from, to), false);
            continue;
          }
          assert.equal(
            words.allowed(from, to),
            isAllowed(result, from, to),
            `${JSON.stringify(query)} ${result.endpoints[from].key} -> ${result.endpoints[to].key}`,
          );
          if (words.allowed(from, to)) allowed++;
          else denied++;
        }
      }
      assert.ok(allowed > 0 && denied > 0, `${JSON.stringify(query)}: ${allowed} allowed, ${denied} denied`);
    }
  });

  it('gives back the names of an endpoint as the model has them', () => {
    const result = computeReachability(model);
    const view = buildReachabilityView(result, { title: 't', formatRef });
    result.endpoints.forEach((endpoint, index) => {
      const { workloadKind, namespace, name } = endpoint;
      assert.deepEqual(endpointNames(view, index), { ...(workloadKind ? { workloadKind } : {}), ...(namespace !== undefined ? { namespace } : {}), name });
    });
  });
});
