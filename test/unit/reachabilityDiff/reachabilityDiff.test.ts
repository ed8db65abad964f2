import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  allowedPorts,
  computeReachability,
  computeReachabilityDiff,
  DEFAULT_SETTINGS,
  explainConnection,
  PROTOCOLS,
  type DiffQuery,
  type ReachabilityDiffRun,
} from '../../../server/src/service';
import { ADMIN, allowFrontendDb, EGRESS_INTERNET, SHOP } from './fixtures';

const SHOP_URI = 'file:///k8s/shop.yaml';
const ALLOW_URI = 'file:///k8s/allow.yaml';

function diff(base: Record<string, string>, head: Record<string, string>, query?: DiffQuery): ReachabilityDiffRun {
  const files = (side: Record<string, string>) => Object.entries(side).map(([uri, text]) => ({ uri, text }));
  return computeReachabilityDiff({ base: files(base), head: files(head), settings: DEFAULT_SETTINGS, query });
}

/** The changes as `from -> to PROTOCOL before => after`, by brute force over every pair of two fresh computations. */
function bruteForce(run: ReachabilityDiffRun, query: DiffQuery = {}): string[] {
  const base = computeReachability(run.base.model);
  const head = computeReachability(run.head.model);
  const keys = [...new Set([...base.endpoints, ...head.endpoints].map((endpoint) => endpoint.key))];
  const index = (result: typeof base, key: string) => result.endpoints.findIndex((endpoint) => endpoint.key === key);
  const out: string[] = [];
  for (const from of keys) {
    for (const to of keys) {
      if (from.startsWith('ipblock:') && to.startsWith('ipblock:')) continue;
      const ports = (result: typeof base) => {
        const [f, t] = [index(result, from), index(result, to)];
        return f === -1 || t === -1 ? undefined : allowedPorts(result, f, t);
      };
      const [was, now] = [ports(base), ports(head)];
      for (const protocol of PROTOCOLS) {
        if (query.protocol !== undefined && protocol !== query.protocol) continue;
        const only = (ranges: readonly (readonly [number, number])[] | undefined) =>
          (ranges ?? [])
            .map(([low, high]) =>
              typeof query.port === 'number' ? (low <= query.port && query.port <= high ? [query.port, query.port] : undefined) : [low, high],
            )
            .filter((range) => range !== undefined);
        const [b, a] = [JSON.stringify(only(was?.[protocol])), JSON.stringify(only(now?.[protocol]))];
        if (b !== a) out.push(`${from} -> ${to} ${protocol} ${b} => ${a}`);
      }
    }
  }
  return out.sort();
}

/** Each change's explanations agree with explainConnection on the whole model of their side. */
function checkWhy(run: ReachabilityDiffRun): void {
  for (const change of run.diff.connections) {
    for (const [state, side] of [
      [change.why.before, run.base],
      [change.why.after, run.head],
    ] as const) {
      if (!state) continue;
      const full = explainConnection(side.model, change.from, change.to, { protocol: change.protocol, port: change.why.port })!;
      const rules = (rules: typeof full.egress.rules) => rules.filter((rule) => rule.allows).map((rule) => `${rule.policy} ${rule.ref.path}`);
      assert.equal(state.allowed, full.allowed);
      assert.deepEqual(
        state.egress.allowedBy.map((rule) => `${rule.policy} ${rule.rule.path}`),
        rules(full.egress.rules),
      );
      assert.deepEqual(
        state.ingress.allowedBy.map((rule) => `${rule.policy} ${rule.rule.path}`),
        rules(full.ingress.rules),
      );
      assert.deepEqual(
        state.ingress.isolatedBy.map((policy) => policy.policy),
        full.ingress.isolatingPolicies.map((policy) => policy.id),
      );
    }
  }
}

const lines = (run: ReachabilityDiffRun) =>
  run.diff.connections.map((c) => `${c.from} -> ${c.to} ${c.protocol} ${JSON.stringify(c.before)} => ${JSON.stringify(c.after)}`).sort();

describe('reachability diff', () => {
  it('an added policy opens a connection, explained by the head (what allows it) and the base (what denied it)', () => {
    const run = diff({ [SHOP_URI]: SHOP }, { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb() });
    assert.equal(run.diff.connections.length, 1);
    const [change] = run.diff.connections;
    assert.equal(change.change, 'added');
    assert.equal(change.from, 'shop/Deployment/frontend');
    assert.equal(change.to, 'shop/StatefulSet/postgres');
    assert.equal(change.protocol, 'TCP');
    assert.deepEqual(change.ports, [[5432, 5432]]);
    assert.deepEqual(change.before, []);
    assert.equal(change.why.summary, 'allowed by shop/allow-frontend-db spec.egress[0] and spec.ingress[0]');
    assert.equal(change.why.after?.egress.allowedBy[0].rule.uri, ALLOW_URI);
    assert.equal(change.why.after?.ingress.allowedBy[0].peer?.path, 'spec.ingress[0].from[0]');
    assert.equal(change.why.before?.allowed, false);
    assert.deepEqual(
      change.why.before?.ingress.isolatedBy.map((policy) => policy.policy),
      ['shop/default-deny'],
    );
    assert.deepEqual([run.diff.added, run.diff.removed, run.diff.portsChanged], [1, 0, 0]);
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
  });

  it('a removed connection is explained by the base (with the base text offsets) and the head (what denies it)', () => {
    // The head moves the policy down two lines: each side's references point into its own text.
    const baseText = allowFrontendDb();
    const headShop = `# moved\n#\n${SHOP}`;
    const run = diff({ [SHOP_URI]: SHOP, [ALLOW_URI]: baseText }, { [SHOP_URI]: headShop });
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
    const [change] = run.diff.connections;
    assert.equal(change.change, 'removed');
    const rule = change.why.before!.ingress.allowedBy[0].rule;
    assert.equal(rule.uri, ALLOW_URI);
    assert.match(baseText.slice(rule.start, rule.end), /^-? ?from:/, 'the rule reference points into the base text');
    const denied = change.why.after!.ingress;
    assert.equal(denied.verdict, 'denied');
    const deny = denied.isolatedBy[0].ref;
    assert.equal(headShop.slice(deny.start, deny.end), 'default-deny', 'the isolating policy points into the head text');
    assert.match(
      change.why.summary,
      /^was allowed by shop\/allow-frontend-db spec\.egress\[0\] and spec\.ingress\[0\]; now egress of shop\/Deployment\/frontend isolated by shop\/default-deny/,
    );
  });

  it('ports gained and lost on a pair allowed before and after', () => {
    const run = diff(
      { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb('    - {port: 5432, endPort: 5440}\n') },
      { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb('    - {port: 5430, endPort: 5435}\n') },
    );
    assert.equal(run.diff.connections.length, 1);
    const [change] = run.diff.connections;
    assert.equal(change.change, 'ports-changed');
    assert.deepEqual(change.before, [[5432, 5440]]);
    assert.deepEqual(change.after, [[5430, 5435]]);
    assert.deepEqual(change.gained, [[5430, 5431]]);
    assert.deepEqual(change.lost, [[5436, 5440]]);
    assert.deepEqual(change.ports, [
      [5430, 5431],
      [5436, 5440],
    ]);
    assert.equal(change.why.port, 5430);
    assert.equal(change.why.after?.allowed, true);
    assert.equal(change.why.before?.allowed, false);
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
  });

  it('endpoints on one side only appear or disappear, with their connections', () => {
    const base = { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb() };
    const head = { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb(), 'file:///k8s/admin.yaml': ADMIN };
    const run = diff(base, head);
    assert.deepEqual(run.diff.appeared, ['shop/Deployment/admin']);
    assert.deepEqual(run.diff.disappeared, []);
    assert.deepEqual(lines(run), ['shop/Deployment/admin -> shop/StatefulSet/postgres TCP [] => [[5432,5432]]']);
    const [change] = run.diff.connections;
    assert.equal(change.why.before, undefined);
    assert.equal(change.why.summary, 'new endpoint shop/Deployment/admin; allowed by shop/allow-frontend-db spec.egress[0] and spec.ingress[0]');

    const back = diff(head, base);
    assert.deepEqual(back.diff.disappeared, ['shop/Deployment/admin']);
    assert.equal(back.diff.connections[0].change, 'removed');
    assert.equal(back.diff.connections[0].why.after, undefined);
    assert.match(back.diff.connections[0].why.summary, /endpoint shop\/Deployment\/admin removed$/);
  });

  it('isolation that went away is named, and every pair it opened is listed', () => {
    const open = SHOP.slice(0, SHOP.lastIndexOf('---'));
    const run = diff({ [SHOP_URI]: SHOP }, { [SHOP_URI]: open });
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
    const change = run.diff.connections.find((c) => c.from === 'shop/Deployment/frontend' && c.to === 'shop/StatefulSet/postgres' && c.protocol === 'TCP')!;
    assert.equal(change.change, 'added');
    assert.deepEqual(change.ports, [[1, 65535]]);
    assert.match(change.why.summary, /egress of shop\/Deployment\/frontend no longer isolated \(was by shop\/default-deny\)/);
  });

  it('pairs of two external ranges are left out; the rest matches a brute-force comparison', () => {
    const run = diff(
      { [SHOP_URI]: SHOP, 'file:///k8s/net.yaml': EGRESS_INTERNET },
      { [SHOP_URI]: SHOP, 'file:///k8s/net.yaml': EGRESS_INTERNET.replace('10.0.0.0/8', '172.16.0.0/12') },
    );
    assert.ok(run.diff.appeared.some((key) => key.startsWith('ipblock:')));
    assert.ok(run.diff.connections.length > 0);
    assert.ok(!run.diff.connections.some((c) => c.from.startsWith('ipblock:') && c.to.startsWith('ipblock:')));
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
  });

  it('--port and --protocol narrow the comparison', () => {
    const base = { [SHOP_URI]: SHOP };
    const head = { [SHOP_URI]: SHOP.slice(0, SHOP.lastIndexOf('---')) };
    for (const query of [{ port: 5432, protocol: 'TCP' }, { protocol: 'UDP' }] as const) {
      const run = diff(base, head, query);
      assert.deepEqual(lines(run), bruteForce(run, query));
      assert.ok(run.diff.connections.every((c) => c.protocol === query.protocol));
    }
    const named = diff(base, head, { port: 'pg', protocol: 'TCP' });
    assert.deepEqual(
      named.diff.connections.map((c) => `${c.from} -> ${c.to} ${JSON.stringify(c.ports)}`),
      ['shop/Deployment/frontend -> shop/StatefulSet/postgres [[5432,5432]]', 'shop/StatefulSet/postgres -> shop/StatefulSet/postgres [[5432,5432]]'],
    );
  });

  it('a file with the same text on both sides is parsed once; an unchanged policy keeps its document', () => {
    const run = diff({ [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb() }, { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb('    - port: 5433\n') });
    const deny = (side: ReachabilityDiffRun['base']) => side.model.policies.find((policy) => policy.id === 'shop/default-deny')!;
    assert.equal(deny(run.head).manifest.document, deny(run.base).manifest.document);
    assert.deepEqual(lines(run), bruteForce(run));
    checkWhy(run);
  });

  it('no change, no connections', () => {
    const run = diff({ [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb() }, { [SHOP_URI]: SHOP, [ALLOW_URI]: allowFrontendDb() });
    assert.deepEqual(run.diff.connections, []);
    assert.deepEqual([run.diff.appeared, run.diff.disappeared], [[], []]);
  });
});
