import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validatePolicyTypes } from '../../../server/src/service/validation/policyTypes';
import { summarize } from './helpers';

const at = ['spec', 'policyTypes'];

describe('validatePolicyTypes', () => {
  it("accepts Ingress, Egress, both, none (duplicates are the API server's business: it accepts them)", () => {
    for (const types of [undefined, null, [], ['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Egress']]) {
      assert.deepEqual(validatePolicyTypes(types, at), [], JSON.stringify(types));
    }
  });

  it('each entry exactly Ingress or Egress (case-sensitive), with the index path', () => {
    const issues = validatePolicyTypes(['ingress', 'Both'], at);
    assert.deepEqual(summarize(issues), ['policytypes.unsupported spec.policyTypes[0]', 'policytypes.unsupported spec.policyTypes[1]']);
    assert.equal(
      issues[0].message,
      'Unsupported value "ingress": supported values: "Ingress", "Egress". Did you mean "Ingress"? Policy types are case-sensitive.',
    );
    assert.equal(issues[1].message, 'Unsupported value "Both": supported values: "Ingress", "Egress".');
    assert.deepEqual(summarize(validatePolicyTypes([null], at)), ['policytypes.unsupported spec.policyTypes[0]']);
  });

  it('more than two: one error on the list, and nothing else is checked (upstream returns)', () => {
    const issues = validatePolicyTypes(['Ingress', 'Egress', 'ingress'], at);
    assert.deepEqual(summarize(issues), ['policytypes.too-many spec.policyTypes']);
    assert.equal(issues[0].onKey, true);
  });

  it('skips values of the wrong type', () => {
    assert.deepEqual(validatePolicyTypes('Ingress', at), []);
    assert.deepEqual(validatePolicyTypes([1, true], at), []);
  });
});
