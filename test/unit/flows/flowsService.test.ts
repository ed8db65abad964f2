import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createNetpolService, DEFAULT_SETTINGS, isFlowsFileUri } from '../../../server/src/service';
import { readLabelSelector } from '../../../server/src/service/cluster/labelSelector';
import { selectorSatisfiable } from '../../../server/src/service/flows/unknownNamespace';

const FIXTURES = resolve(__dirname, '../../fixtures/flows');
const WORKSPACE = readFileSync(join(FIXTURES, 'holds.netpol-flows.workspace.yaml'), 'utf8');
const FAILS = readFileSync(join(FIXTURES, 'fails.netpol-flows.yaml'), 'utf8');

function service() {
  const s = createNetpolService();
  s.setFile('file:///w/shop.yaml', WORKSPACE);
  return s;
}

describe('flows in the service', () => {
  it('knows flows files by name', () => {
    assert.ok(isFlowsFileUri('file:///repo/netpol-flows.yaml'));
    assert.ok(isFlowsFileUri('file:///repo/shop.netpol-flows.yml'));
    assert.ok(!isFlowsFileUri('file:///repo/my-netpol-flows.yaml'));
    assert.ok(!isFlowsFileUri('file:///repo/netpol-flows.yaml.bak'));
  });

  it('getDiagnostics evaluates a flows file; a file of another name is not read as one', () => {
    const s = service();
    s.setFile('file:///w/netpol-flows.yaml', FAILS);
    s.setFile('file:///w/contract.yaml', FAILS);
    const codes = s.getDiagnostics('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS).map((finding) => finding.code);
    assert.deepEqual(codes, ['flows.fails', 'flows.fails']);
    assert.deepEqual(s.getDiagnostics('file:///w/contract.yaml', DEFAULT_SETTINGS), []);
    // evaluateFlows reads any file.
    assert.equal(s.evaluateFlows('file:///w/contract.yaml', DEFAULT_SETTINGS)?.results.filter((result) => !result.holds).length, 2);
  });

  it('follows the workspace: fixing the policy makes the flow hold', () => {
    const s = service();
    s.setFile('file:///w/netpol-flows.yaml', FAILS);
    assert.equal(s.getDiagnostics('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS).length, 2);
    s.setFile(
      'file:///w/shop.yaml',
      WORKSPACE.replace(/ {8}- podSelector:\n {12}matchLabels:\n {14}app: web\n {6}ports:\n {8}- port: postgres/, '      ports:\n        - port: postgres'),
    );
    assert.deepEqual(
      s.getDiagnostics('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS).map((finding) => finding.message.slice(0, 60)),
      ['The flow shop/Deployment/api -> shop/Deployment/web TCP 9102'],
    );
  });

  it('cached diagnostics: the last evaluation while the text is unchanged; after an edit, what it did not touch, moved', () => {
    const s = service();
    const uri = 'file:///w/netpol-flows.yaml';
    s.setFile(uri, FAILS);
    assert.equal(s.getDiagnostics(uri, DEFAULT_SETTINGS, { workspace: 'cached' }).length, 0);
    const current = s.getDiagnostics(uri, DEFAULT_SETTINGS);
    assert.equal(current.length, 2);
    assert.deepEqual(s.getDiagnostics(uri, DEFAULT_SETTINGS, { workspace: 'cached' }), current);
    // An entry appended: both findings stay where they were, and the new entry's problem is there at once.
    s.setFile(uri, `${FAILS}  - from: x\n    to: z\n    expect: perhaps\n`);
    assert.deepEqual(
      s.getDiagnostics(uri, DEFAULT_SETTINGS, { workspace: 'cached' }).map((finding) => [finding.code, finding.start]),
      [['flows.invalid', FAILS.length + 34], ...current.map((finding) => [finding.code, finding.start])],
    );
    // Text inserted before the first entry: the findings move with it.
    const comment = '# intended\n';
    s.setFile(uri, FAILS.replace('flows:\n', `flows:\n${comment}`));
    assert.deepEqual(
      s.getDiagnostics(uri, DEFAULT_SETTINGS, { workspace: 'cached' }).map((finding) => [finding.code, finding.start]),
      current.map((finding) => ['flows.fails', finding.start + comment.length]),
    );
    // An edit inside an entry drops its finding until the next evaluation.
    s.setFile(uri, FAILS.replace('port: 9102', 'port: 9103'));
    assert.deepEqual(
      s.getDiagnostics(uri, DEFAULT_SETTINGS, { workspace: 'cached' }).map((finding) => [finding.code, finding.start]),
      [['flows.fails', current[0].start]],
    );
  });

  it('netpol.rules turns the codes off or changes their severity', () => {
    const s = service();
    s.setFile('file:///w/netpol-flows.yaml', FAILS);
    assert.deepEqual(s.getDiagnostics('file:///w/netpol-flows.yaml', { ...DEFAULT_SETTINGS, rules: { 'flows.fails': 'off' } }), []);
    assert.deepEqual(
      s.getDiagnostics('file:///w/netpol-flows.yaml', { ...DEFAULT_SETTINGS, rules: { 'flows.fails': 'warning' } }).map((finding) => finding.severity),
      ['warning', 'warning'],
    );
  });
});

describe('any-namespace: which selectors a namespace outside the workspace can satisfy', () => {
  const name = { key: 'kubernetes.io/metadata.name', values: new Set(['shop', 'other']) };
  const satisfiable = (selector: unknown, reserved = name) => selectorSatisfiable(readLabelSelector(selector, []), reserved);
  it("reads the name label as any name but the workspace's", () => {
    assert.ok(satisfiable({}));
    assert.ok(satisfiable({ matchLabels: { team: 'x' } }));
    assert.ok(!satisfiable({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }));
    assert.ok(satisfiable({ matchLabels: { 'kubernetes.io/metadata.name': 'staging' } }));
    assert.ok(!satisfiable({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'other'] }] }));
    assert.ok(satisfiable({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['shop'] }] }));
    assert.ok(!satisfiable({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'DoesNotExist' }] }));
  });
  it('finds contradictions between requirements', () => {
    assert.ok(!satisfiable({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }));
    assert.ok(
      !satisfiable({
        matchExpressions: [
          { key: 'a', operator: 'Exists' },
          { key: 'a', operator: 'DoesNotExist' },
        ],
      }),
    );
    assert.ok(
      !satisfiable({
        matchExpressions: [
          { key: 'a', operator: 'In', values: ['1'] },
          { key: 'a', operator: 'In', values: ['2'] },
        ],
      }),
    );
    assert.ok(
      satisfiable({
        matchExpressions: [
          { key: 'a', operator: 'In', values: ['1', '2'] },
          { key: 'a', operator: 'NotIn', values: ['1'] },
        ],
      }),
    );
    assert.ok(!satisfiable({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }));
  });
});

describe('flows agree with the explanations of reach --explain', () => {
  it('a one-pair, one-port flow holds exactly when explainConnection says allowed (allow) or denied (deny)', () => {
    const s = service();
    const model = s.getClusterModel(DEFAULT_SETTINGS);
    const keys = model.endpoints.map((endpoint) => endpoint.key);
    const lines: string[] = [];
    const expected: boolean[] = [];
    for (const from of keys) {
      for (const to of keys) {
        if (from === to || (from.startsWith('ipblock:') && to.startsWith('ipblock:'))) continue;
        for (const [port, protocol] of [
          [8080, 'TCP'],
          [5432, 'TCP'],
          [8050, 'TCP'],
          [53, 'UDP'],
        ] as const) {
          const allowed = s.explainConnection(DEFAULT_SETTINGS, {}, from, to, { port, protocol })!.allowed;
          for (const expect of ['allow', 'deny'] as const) {
            lines.push(`  - {from: ${JSON.stringify(from)}, to: ${JSON.stringify(to)}, port: ${port}, protocol: ${protocol}, expect: ${expect}}`);
            expected.push(allowed === (expect === 'allow'));
          }
        }
      }
    }
    s.setFile('file:///w/netpol-flows.yaml', `flows:\n${lines.join('\n')}\n`);
    const report = s.evaluateFlows('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS)!;
    assert.equal(report.flows.problems.length, 0);
    assert.deepEqual(
      report.results.map((result) => result.holds),
      expected,
    );
    assert.ok(expected.includes(true) && expected.includes(false));
  });
});
