import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CellVerdicts, Level } from '../../../server/src/service/reachabilityView/cellVerdicts';
import { searchEndpoints } from '../../../server/src/service/reachabilityView/endpointSearch';
import { Aggregator, axisItems, membersOf, type AxisItem } from '../../../server/src/service/reachabilityView/matrixLayout';
import type { ViewFilter } from '../../../server/src/service/reachabilityView/viewModel';
import { conformanceCluster } from '../reachability/helpers';
import { examplesModel, modelOf, viewOf } from './fixtures';

const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-x, namespace: x}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: y-to-x-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: "y"}}}], ports: [{port: 80}]}]
`;

describe('axisItems', () => {
  const view = viewOf(modelOf(conformanceCluster()));
  const ids = (items: AxisItem[]) => items.map((item) => item.id);

  it('lists each group then its members, and only the group when it is collapsed', () => {
    assert.deepEqual(ids(axisItems(view, view.sources, undefined, new Set(['group:namespace/y']))), [
      'group:namespace/x',
      'x/a',
      'x/b',
      'x/c',
      'group:namespace/y',
      'group:namespace/z',
      'z/a',
      'z/b',
      'z/c',
    ]);
  });

  it('shows only what the search matches, and drops groups left empty', () => {
    const shown = searchEndpoints(view, 'pod=b');
    const items = axisItems(view, view.sources, shown, new Set(['group:namespace/z']));
    assert.deepEqual(ids(items), ['group:namespace/x', 'x/b', 'group:namespace/y', 'y/b', 'group:namespace/z']);
    assert.deepEqual(
      membersOf(items[4]).map((index) => view.endpoints[index].key),
      ['z/b'],
    );
    assert.deepEqual(ids(axisItems(view, view.sources, searchEndpoints(view, 'nothing-matches'), new Set())), []);
  });
});

describe('Aggregator', () => {
  const view = viewOf(modelOf(conformanceCluster() + '---\n' + POLICIES));

  // The summary of any two items must be the count of its pairs' own verdicts.
  for (const filter of [
    { port: 'any', protocol: 'any' },
    { port: 80, protocol: 'TCP' },
    { port: 'serve-81-udp', protocol: 'UDP' },
  ] as ViewFilter[]) {
    it(`sums pairs exactly for ${filter.protocol} ${filter.port}`, () => {
      const verdicts = new CellVerdicts(view, filter);
      const aggregator = new Aggregator(verdicts);
      const items = [...axisItems(view, view.sources, undefined, new Set()), ...axisItems(view, view.sources, undefined, new Set(['group:namespace/x']))];
      for (const row of items) {
        for (const column of items) {
          const expected = { all: 0, some: 0, none: 0 };
          for (const from of membersOf(row)) {
            for (const to of membersOf(column)) {
              const level = verdicts.level(from, to);
              if (level === Level.none) expected.none++;
              else if (level === Level.some) expected.some++;
              else expected.all++;
            }
          }
          const got = aggregator.aggregate(row, column);
          assert.deepEqual({ all: got.all, some: got.some, none: got.none }, expected, `${row.id} -> ${column.id}`);
          assert.equal(got.total, membersOf(row).length * membersOf(column).length);
          const level = expected.all === got.total ? Level.all : expected.all + expected.some === 0 ? Level.none : Level.some;
          assert.equal(got.level === Level.self ? Level.all : got.level, level, `${row.id} -> ${column.id}`);
        }
      }
    });
  }

  it('summarises namespaces: x is closed but to itself, y reaches x/a on 80', () => {
    const verdicts = new CellVerdicts(view, { port: 80, protocol: 'TCP' });
    const items = axisItems(view, view.sources, undefined, new Set(['group:namespace/x', 'group:namespace/y', 'group:namespace/z']));
    const [x, y, z] = items;
    const aggregator = new Aggregator(verdicts);
    assert.deepEqual(aggregator.aggregate(y, x), { level: Level.some, all: 3, some: 0, none: 6, total: 9 });
    assert.deepEqual(aggregator.aggregate(x, x), { level: Level.some, all: 3, some: 0, none: 6, total: 9 }, 'only each pod to itself');
    assert.deepEqual(aggregator.aggregate(z, y), { level: Level.all, all: 9, some: 0, none: 0, total: 9 });
  });

  it('stays fast on the examples with everything collapsed', () => {
    const examples = viewOf(examplesModel());
    const aggregator = new Aggregator(new CellVerdicts(examples, { port: 'any', protocol: 'any' }));
    const items = axisItems(
      examples,
      examples.sources,
      undefined,
      new Set(examples.groups.map((g) => (g.kind === 'external' ? 'group:external' : `group:namespace/${g.name}`))),
    );
    assert.equal(items.length, examples.groups.length);
    for (const row of items) for (const column of items) assert.ok(aggregator.aggregate(row, column).total > 0);
  });
});
