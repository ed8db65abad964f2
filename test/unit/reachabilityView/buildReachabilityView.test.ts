import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../../../server/src/service/reachabilityView/buildReachabilityView';
import { checkView } from '../../../server/src/service/reachabilityView/validateView';
import { explainCell } from '../../../server/src/service/reachabilityView/explanationView';
import { pairKey, VIEW_FORMAT } from '../../../server/src/service/reachabilityView/viewModel';
import { conformanceCluster } from '../reachability/helpers';
import { examplesModel, formatRef, modelOf, viewOf } from './fixtures';

describe('buildReachabilityView', () => {
  it('groups endpoints by namespace, sorted, with the external ranges last', () => {
    const view = viewOf(examplesModel());
    assert.equal(view.format, VIEW_FORMAT);
    assert.deepEqual(
      view.groups.map((group) => [group.name, group.kind, group.members.map((index) => view.endpoints[index].name)]),
      [
        ['ingress-nginx', 'namespace', ['Deployment/ingress-nginx-controller']],
        ['kube-system', 'namespace', ['Deployment/coredns']],
        ['monitoring', 'namespace', ['Deployment/prometheus']],
        ['shop', 'namespace', ['Deployment/backend', 'Deployment/frontend', 'StatefulSet/postgres']],
        ['external', 'external', ['0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
      ],
    );
    for (const [index, endpoint] of view.endpoints.entries()) assert.ok(view.groups[endpoint.group].members.includes(index));
    assert.deepEqual(
      view.sources,
      view.endpoints.map((_e, i) => i),
    );
    assert.equal(checkView(view), undefined);
  });

  it('keeps labels, ports and references, and lists policies and what was left out with places', () => {
    const view = viewOf(examplesModel());
    const frontend = view.endpoints.find((endpoint) => endpoint.key === 'shop/Deployment/frontend')!;
    assert.deepEqual(frontend.labels, { app: 'frontend', tier: 'web' });
    assert.deepEqual(frontend.ports, [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9102, protocol: 'TCP' },
    ]);
    assert.match(frontend.ref!.label, /^examples\/shop\/workloads\.yaml@\d+$/);
    const policy = view.policies.find((p) => p.id === 'shop/default-deny-all')!;
    assert.deepEqual([policy.ingress, policy.egress], [true, true]);
    assert.match(policy.ref.label, /^examples\/policies\/shop-default-deny\.yaml@/);
    assert.ok(
      view.problems.some((problem) => problem.kind === 'left-out' && problem.ref.label.startsWith('examples/mistakes/')),
      JSON.stringify(view.problems),
    );
  });

  it('orders sources and destinations by group when the query narrows them', () => {
    const model = modelOf(conformanceCluster());
    const result = computeReachability(model, { from: ['z/*', 'x/a'], to: ['y/b'] });
    const view = buildReachabilityView(result, { title: 't', formatRef });
    assert.deepEqual(
      view.sources.map((index) => view.endpoints[index].key),
      ['x/a', 'z/a', 'z/b', 'z/c'],
    );
    assert.deepEqual(
      view.destinations.map((index) => view.endpoints[index].key),
      ['y/b'],
    );
  });

  it('views a one-port result as that port: a numeric port as two port sets, a named one with every port', () => {
    const model = modelOf(conformanceCluster());
    const numeric = buildReachabilityView(computeReachability(model, { port: 80, protocol: 'UDP' }), { title: 't', formatRef });
    assert.deepEqual(numeric.onePort, { port: 80, protocol: 'UDP' });
    assert.deepEqual(numeric.portSets, [
      { TCP: [], UDP: [], SCTP: [] },
      { TCP: [], UDP: [[80, 80]], SCTP: [] },
    ]);
    assert.equal(checkView(JSON.parse(JSON.stringify(numeric))), undefined);
    const named = buildReachabilityView(computeReachability(model, { port: 'serve-80-tcp' }), { title: 't', formatRef });
    assert.deepEqual(named.onePort, { port: 'serve-80-tcp', protocol: 'TCP' });
    assert.deepEqual(named.portSets, computeReachability(model).portSets);
    assert.equal(checkView(JSON.parse(JSON.stringify(named))), undefined);
    assert.equal(viewOf(model).onePort, undefined);
  });
});

describe('checkView', () => {
  it('rejects what is not a view, and indices out of range', () => {
    const view = viewOf(modelOf(conformanceCluster()));
    assert.equal(checkView(view), undefined);
    assert.equal(checkView(JSON.parse(JSON.stringify(view))), undefined);
    assert.match(checkView(null)!, /not a reachability view/);
    assert.match(checkView({ ...view, format: 'other' })!, /not a reachability view/);
    assert.match(checkView({ ...view, classOf: view.classOf.map(() => 999) })!, /class/);
    assert.match(checkView({ ...view, cells: [[99]] })!, /cells|class/);
    assert.match(checkView({ ...view, endpoints: view.endpoints.map((e) => ({ ...e, group: -1 })) })!, /endpoint/);
    assert.match(checkView({ ...view, policies: [{ id: 'x', ref: { uri: 'u', start: 5, end: 2, label: '' } }] })!, /policy/);
  });

  it('looks through every field the renderer reads: a view that passes renders without a type error', () => {
    const model = examplesModel();
    const plain = viewOf(model);
    const filter = { port: 80, protocol: 'TCP' } as const;
    // frontend to backend: allowed by a rule, so the explanation has links
    const from = plain.endpoints.find((endpoint) => endpoint.name === 'Deployment/frontend')!.key;
    const to = plain.endpoints.find((endpoint) => endpoint.name === 'Deployment/backend')!.key;
    const report = JSON.parse(
      JSON.stringify({
        ...plain,
        initialFilter: filter,
        explanations: { filter, byPair: { [pairKey(from, to)]: explainCell(model, from, to, filter, formatRef) } },
      }),
    );
    assert.equal(checkView(report), undefined);
    // Each corruption below once crashed or confused the renderer's reading of a view that passed.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each corruption writes a shape the types forbid
    const corruptions: [string, (view: any) => void][] = [
      ['a port that is null', (view) => (view.endpoints[0].ports = [null])],
      ['a port number that is a string', (view) => (view.endpoints[0].ports = [{ port: '80', protocol: 'TCP' }])],
      ['a port name that is a number', (view) => (view.endpoints[0].ports = [{ name: 8, port: 80, protocol: 'TCP' }])],
      ['an IP that is an object', (view) => (view.endpoints[0].ips = [{}])],
      ['a label value that is a number', (view) => (view.endpoints[0].labels = { app: 1 })],
      ['hostNetwork that is a string', (view) => (view.endpoints[0].hostNetwork = 'yes')],
      ['a group kind that is a number', (view) => (view.groups[0].kind = 42)],
      ['a port range that is reversed', (view) => (view.portSets[0] = { TCP: [[90, 80]], UDP: [], SCTP: [] })],
      ['a port range that is a number', (view) => (view.portSets[0] = { TCP: [80], UDP: [], SCTP: [] })],
      ['a policy without its directions', (view) => delete view.policies[0].ingress],
      ['a problem of an unknown kind', (view) => (view.problems = [{ kind: 'other', message: 'm', ref: view.policies[0].ref }])],
      ['a problem whose reason is a number', (view) => (view.problems = [{ kind: 'left-out', message: 'm', ref: view.policies[0].ref, what: '', reason: 1 }])],
      ['a range without its exceptions', (view) => (view.endpoints.find((e: { kind: string }) => e.kind === 'external').range = { cidr: '10.0.0.0/8' })],
      ['one port on any protocol', (view) => (view.onePort = { port: 80, protocol: 'any' })],
      ['one port that is 0', (view) => (view.onePort = { port: 0, protocol: 'TCP' })],
      ['an initial filter on port 0', (view) => (view.initialFilter = { port: 0, protocol: 'TCP' })],
      ['an initial filter on protocol tcp', (view) => (view.initialFilter = { port: 80, protocol: 'tcp' })],
      ['stored explanations without a filter', (view) => delete view.explanations.filter],
      ['a stored explanation that is not a list', (view) => (view.explanations.byPair[pairKey(from, to)] = {})],
      ['a stored explanation side with a line of numbers', (view) => (view.explanations.byPair[pairKey(from, to)][0].sides[0].lines = [[1]])],
      ['a stored explanation link without a place', (view) => (view.explanations.byPair[pairKey(from, to)][0].sides[0].summary = [{ text: 'p' }])],
    ];
    for (const [what, corrupt] of corruptions) {
      const view = JSON.parse(JSON.stringify(report));
      corrupt(view);
      assert.notEqual(checkView(view), undefined, what);
    }
  });
});
