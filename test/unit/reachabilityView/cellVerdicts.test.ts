import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ALL_PORTS, NO_PORTS, portRange, PROTOCOLS, unionPortSets } from '../../../server/src/service/reachability/portSet';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { isAllowed } from '../../../server/src/service/reachability/result';
import { CellVerdicts, classify, Level, wantedPorts } from '../../../server/src/service/reachabilityView/cellVerdicts';
import { conformanceCluster } from '../reachability/helpers';
import { examplesModel, modelOf, viewOf } from './fixtures';

const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]
    ports: [{port: 80, protocol: TCP}, {port: serve-81-udp, protocol: UDP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: z-egress, namespace: z}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {pod: b}}, namespaceSelector: {}}]
    ports: [{port: 80, endPort: 81}]
`;

describe('wantedPorts and classify', () => {
  it('reads a filter as the (protocol, port) pairs it asks about', () => {
    const destination = {
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'http', port: 8081, protocol: 'UDP' },
      ],
    };
    assert.deepEqual(wantedPorts({ port: 'any', protocol: 'any' }, destination), ALL_PORTS);
    assert.deepEqual(wantedPorts({ port: 'any', protocol: 'UDP' }, destination), portRange('UDP', 1, 65535));
    assert.deepEqual(
      wantedPorts({ port: 53, protocol: 'any' }, destination),
      PROTOCOLS.reduce((set, p) => unionPortSets(set, portRange(p, 53, 53)), NO_PORTS),
    );
    assert.deepEqual(wantedPorts({ port: 'http', protocol: 'TCP' }, destination), portRange('TCP', 8080, 8080));
    assert.deepEqual(wantedPorts({ port: 'http', protocol: 'any' }, destination), unionPortSets(portRange('TCP', 8080, 8080), portRange('UDP', 8081, 8081)));
    assert.deepEqual(wantedPorts({ port: 'nope', protocol: 'TCP' }, destination), NO_PORTS);
  });

  it('says all, some or none', () => {
    assert.equal(classify(ALL_PORTS, portRange('TCP', 80, 80)), Level.all);
    assert.equal(classify(portRange('TCP', 80, 80), portRange('TCP', 1, 65535)), Level.some);
    assert.equal(classify(portRange('UDP', 80, 80), portRange('TCP', 80, 80)), Level.none);
    assert.equal(classify(ALL_PORTS, NO_PORTS), Level.none, 'a named port the destination lacks: nothing to connect to');
  });
});

describe('CellVerdicts', () => {
  const model = modelOf(conformanceCluster() + '---\n' + POLICIES);
  const view = viewOf(model);

  // The engine's own one-port answers are the reference: the view's filter must agree on every pair.
  for (const protocol of PROTOCOLS) {
    for (const port of [80, 81, 'serve-80-tcp', 'serve-81-udp'] as const) {
      it(`agrees with the engine on ${protocol} port ${port}`, () => {
        const expected = computeReachability(model, { port, protocol });
        const verdicts = new CellVerdicts(view, { port, protocol });
        for (const from of view.sources) {
          for (const to of view.destinations) {
            const level = verdicts.level(from, to);
            assert.notEqual(level, Level.some, 'one port is all or nothing');
            assert.equal(level !== Level.none, isAllowed(expected, from, to), `${view.endpoints[from].key} -> ${view.endpoints[to].key}`);
          }
        }
      });
    }
  }

  it('any port: all, some or none from the allowed port sets; a pod to itself is self', () => {
    const verdicts = new CellVerdicts(view, { port: 'any', protocol: 'any' });
    const index = (key: string) => view.endpoints.findIndex((endpoint) => endpoint.key === key);
    assert.equal(verdicts.level(index('y/b'), index('x/a')), Level.some);
    assert.equal(verdicts.level(index('x/b'), index('x/a')), Level.none);
    assert.equal(verdicts.level(index('x/b'), index('x/c')), Level.all);
    assert.equal(verdicts.level(index('x/a'), index('x/a')), Level.self);
    assert.equal(verdicts.level(index('z/a'), index('y/b')), Level.some);
    assert.equal(new CellVerdicts(view, { port: 81, protocol: 'any' }).level(index('z/a'), index('y/b')), Level.some, 'TCP 81 yes, UDP and SCTP no');
    assert.equal(new CellVerdicts(view, { port: 81, protocol: 'TCP' }).level(index('z/a'), index('y/b')), Level.all);
  });

  it('resolves named ports per destination even inside one class', () => {
    const examples = viewOf(examplesModel());
    const verdicts = new CellVerdicts(examples, { port: 'postgres', protocol: 'TCP' });
    const backend = examples.endpoints.findIndex((e) => e.key === 'shop/Deployment/backend');
    const postgres = examples.endpoints.findIndex((e) => e.key === 'shop/StatefulSet/postgres');
    const frontend = examples.endpoints.findIndex((e) => e.key === 'shop/Deployment/frontend');
    assert.equal(verdicts.level(backend, postgres), Level.all);
    assert.equal(verdicts.level(backend, frontend), Level.none, 'the frontend has no port named postgres');
  });
});
