import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkStructure } from '../../../server/src/service/validation/structure';
import { validateNetworkPolicy } from '../../../server/src/service/validation/validateNetworkPolicy';
import { optionsFor, summarize } from './helpers';

describe('validateNetworkPolicy', () => {
  it('checks metadata, then podSelector, ingress (ports, then peers), egress, policyTypes: upstream order', () => {
    const issues = validateNetworkPolicy(
      {
        metadata: { name: 'Bad' },
        spec: {
          podSelector: { matchLabels: { 'a b': 'c' } },
          ingress: [{ from: [{}], ports: [{ protocol: 'tcp' }] }],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }], ports: [{ endPort: 9 }] }],
          policyTypes: ['ingress'],
        },
      },
      optionsFor('1.37'),
    );
    assert.deepEqual(summarize(issues), [
      'metadata.name-invalid metadata.name',
      'selector.label-key-invalid spec.podSelector.matchLabels',
      'ports.protocol-unsupported spec.ingress[0].ports[0].protocol',
      'peer.empty spec.ingress[0].from[0]',
      'ports.endport-without-port spec.egress[0].ports[0].endPort',
      'ipblock.except-not-in-cidr spec.egress[0].to[0].ipBlock.except[0]',
      'policytypes.unsupported spec.policyTypes[0]',
    ]);
  });

  it('accepts a policy with no spec, and rules that are null', () => {
    assert.deepEqual(validateNetworkPolicy({ metadata: { name: 'p' } }, optionsFor('1.37')), []);
    assert.deepEqual(validateNetworkPolicy({ metadata: { name: 'p' }, spec: { ingress: [null, {}], egress: null } }, optionsFor('1.37')), []);
  });

  it('status: accepted by Kubernetes 1.24 to 1.27, an unknown field before and after', () => {
    const object = { metadata: { name: 'p' }, status: {} };
    for (const version of ['1.24', '1.27']) assert.deepEqual(validateNetworkPolicy(object, optionsFor(version)), [], version);
    for (const version of ['1.23', '1.28', '1.37']) {
      const issues = validateNetworkPolicy(object, optionsFor(version));
      assert.deepEqual(summarize(issues), ['structure.unknown-field status'], version);
      assert.equal(issues[0].onKey, true);
    }
  });

  it('never throws, whatever the document holds (property test)', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.double(),
        fc.string(),
        fc.constantFrom('TCP', 'In', 'Ingress', '10.0.0.0/8', '010.0.0.1/8', '::ffff:1.2.3.4/120', 'http', '80'),
        fc.array(tie('any'), { maxLength: 3 }),
        tie('object'),
      ),
      object: fc.dictionary(
        fc.constantFrom(
          'metadata',
          'spec',
          'status',
          'name',
          'labels',
          'annotations',
          'podSelector',
          'matchLabels',
          'matchExpressions',
          'key',
          'operator',
          'values',
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
          'policyTypes',
          'ownerReferences',
          'finalizers',
          'managedFields',
          '__proto__',
          'constructor',
        ),
        tie('any'),
        { maxKeys: 5 },
      ),
    }));
    fc.assert(
      fc.property(value.object, fc.constantFrom('1.30', '1.37'), (object, version) => {
        validateNetworkPolicy(object as Record<string, unknown>, optionsFor(version));
        checkStructure(object as Record<string, unknown>);
      }),
      { numRuns: 1500 },
    );
  });
});
