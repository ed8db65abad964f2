import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { POLICY_LINTS } from '../../../server/src/service/lints/policyLints';
import { manifestOfValue, OPTIONS } from './lintHarness';

/** Field names of a NetworkPolicy, so that random values often reach deep into the lints. */
const FIELDS = [
  'podSelector',
  'policyTypes',
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'port',
  'endPort',
  'protocol',
  'ipBlock',
  'cidr',
  'except',
  'namespaceSelector',
  'matchLabels',
  'matchExpressions',
];

/** Values a lint looks for, mixed with anything at all. */
const SCALARS = fc.constantFrom(
  null,
  undefined,
  0,
  53,
  80,
  65536,
  -1,
  1.5,
  NaN,
  '',
  'Ingress',
  'Egress',
  'http',
  'dns',
  '53',
  '0.0.0.0/0',
  '::/0',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.3/16',
  '2001:db8::/32',
  true,
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    SCALARS,
    fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 6 }),
  ),
}));

/** A shape close to a real spec, where any level may be replaced by a random value. */
function orAnything<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: value });
}
const selector = orAnything(
  fc.oneof(
    fc.constant({}),
    fc.record(
      { matchLabels: orAnything(fc.dictionary(fc.constantFrom('app', 'k8s-app'), fc.constantFrom('web', 'kube-dns'), { maxKeys: 2 })) },
      { requiredKeys: [] },
    ),
  ),
);
const cidr = orAnything(
  fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/16', '2001:db8::/32', '2001:db8:1::/48', 'x'),
);
const peer = orAnything(
  fc.oneof(
    fc.record({ podSelector: selector }),
    fc.record({ namespaceSelector: selector }),
    fc.record(
      {
        podSelector: selector,
        namespaceSelector: selector,
        ipBlock: orAnything(fc.record({ cidr, except: orAnything(fc.array(cidr, { maxLength: 4 })) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  ),
);
const port = orAnything(
  fc.record(
    {
      protocol: orAnything(fc.constantFrom('TCP', 'UDP')),
      port: orAnything(fc.constantFrom(53, 80, 443, 'http', 'dns', '8080')),
      endPort: orAnything(fc.constantFrom(53, 80, 443)),
    },
    { requiredKeys: [] },
  ),
);
const rule = orAnything(
  fc.record(
    {
      from: orAnything(fc.array(peer, { maxLength: 4 })),
      to: orAnything(fc.array(peer, { maxLength: 4 })),
      ports: orAnything(fc.array(port, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);
const nearlyValidSpec = fc.record(
  {
    podSelector: selector,
    policyTypes: orAnything(fc.array(fc.constantFrom('Ingress', 'Egress'), { maxLength: 3 })),
    ingress: orAnything(fc.array(rule, { maxLength: 4 })),
    egress: orAnything(fc.array(rule, { maxLength: 4 })),
  },
  { requiredKeys: [] },
);

function runAll(policy: Record<string, unknown>): void {
  const manifest = manifestOfValue(policy);
  for (const lint of POLICY_LINTS) {
    const issues = lint.check(manifest, OPTIONS);
    assert.ok(Array.isArray(issues));
    for (const issue of issues) {
      assert.ok((lint.codes as readonly string[]).includes(issue.code), `${issue.code} is not among the codes its lint declares`);
      assert.equal(typeof issue.message, 'string');
      assert.ok(Array.isArray(issue.path));
    }
  }
}

describe('every lint on random input', () => {
  it('never throws on a random spec', () => {
    fc.assert(
      fc.property(value, (spec) => runAll({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec })),
      { numRuns: 2000 },
    );
  });

  it('never throws on a random object as the whole policy', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('spec', 'metadata', 'kind', ...FIELDS), value, { maxKeys: 4 }), (policy) => runAll(policy)),
      { numRuns: 1000 },
    );
  });

  it('never throws on a nearly well-formed spec (any level may be replaced by anything)', () => {
    fc.assert(
      fc.property(nearlyValidSpec, (spec) => runAll({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec })),
      { numRuns: 3000 },
    );
  });

  it('survives a self-referencing rule (an alias cycle)', () => {
    const rule: Record<string, unknown> = {};
    rule.from = [rule];
    rule.ports = [rule];
    runAll({ spec: { ingress: [rule, rule], egress: [rule, rule] } });
  });
});
