import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../../../server/src/service/reachabilityView/buildReachabilityView';
import { checkView } from '../../../server/src/service/reachabilityView/validateView';
import { VIEW_FORMAT } from '../../../server/src/service/reachabilityView/viewModel';
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
    assert.deepEqual(view.sources, view.endpoints.map((_e, i) => i));
    assert.equal(checkView(view), undefined);
  });

  it('keeps labels, ports and references, and lists policies and what was left out with places', () => {
    const view = viewOf(examplesModel());
    const frontend = view.endpoints.find((endpoint) => endpoint.key === 'shop/Deployment/frontend')!;
    assert.deepEqual(frontend.labels, { app: 'frontend', tier: 'web' });
    assert.deepEqual(frontend.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9102, protocol: 'TCP' }]);
    assert.match(frontend.ref!.label, /^examples\/shop\/workloads\.yaml@\d+$/);
    const policy = view.policies.find((p) => p.id === 'shop/default-deny-all')!;
    assert.deepEqual([policy.ingress, policy.egress], [true, true]);
    assert.match(policy.ref.label, /^examples\/policies\/shop-default-deny\.yaml@/);
    assert.ok(view.problems.some((problem) => problem.kind === 'left-out' && problem.ref.label.startsWith('examples/mistakes/')), JSON.stringify(view.problems));
  });

  it('orders sources and destinations by group when the query narrows them', () => {
    const model = modelOf(conformanceCluster());
    const result = computeReachability(model, { from: ['z/*', 'x/a'], to: ['y/b'] });
    const view = buildReachabilityView(result, { title: 't', formatRef });
    assert.deepEqual(view.sources.map((index) => view.endpoints[index].key), ['x/a', 'z/a', 'z/b', 'z/c']);
    assert.deepEqual(view.destinations.map((index) => view.endpoints[index].key), ['y/b']);
  });

  it('refuses a one-port result: the view filters ports itself', () => {
    const model = modelOf(conformanceCluster());
    assert.throws(() => buildReachabilityView(computeReachability(model, { port: 80 }), { title: 't', formatRef }), /every port/);
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
});
