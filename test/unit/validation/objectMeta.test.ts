import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validateObjectMeta } from '../../../server/src/service/validation/objectMeta';
import { summarize } from './helpers';

describe('validateObjectMeta', () => {
  it('accepts the metadata of real policies; namespace may be left to kubectl', () => {
    assert.deepEqual(
      validateObjectMeta({
        name: 'allow-web',
        namespace: 'shop',
        labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
        annotations: { 'Example.com/Owner': 'team a' },
      }),
      [],
    );
    assert.deepEqual(validateObjectMeta({ name: 'default-deny' }), []);
    assert.deepEqual(validateObjectMeta({ generateName: 'allow-' }), []);
    assert.deepEqual(validateObjectMeta({ name: 'x', finalizers: ['example.com/cleanup', 'orphan'], generation: 3, labels: { nulled: null } }), []);
  });

  it('name: required unless generateName, and a DNS-1123 subdomain', () => {
    const missing = validateObjectMeta({ namespace: 'shop' });
    assert.deepEqual(summarize(missing), ['metadata.name-required metadata.name']);
    assert.deepEqual(missing[0].at, ['metadata']);
    assert.deepEqual(summarize(validateObjectMeta({ name: '' })), ['metadata.name-required metadata.name']);
    assert.deepEqual(summarize(validateObjectMeta(null)), ['metadata.name-required metadata.name']);
    const invalid = validateObjectMeta({ name: 'Allow_Web' });
    assert.deepEqual(summarize(invalid), ['metadata.name-invalid metadata.name']);
    assert.match(invalid[0].message, /^Invalid value "Allow_Web": a lowercase RFC 1123 subdomain must consist of .*\. Use e\.g\. "allow-web"\.$/);
  });

  it('generateName: a DNS-1123 subdomain prefix (a trailing "-" is fine)', () => {
    const issues = validateObjectMeta({ generateName: 'Allow_' });
    // The name generated from it (generateName and 5 random characters) is invalid too: see createRequest.test.ts.
    assert.deepEqual(summarize(issues), ['metadata.generate-name-invalid metadata.generateName', 'metadata.name-invalid metadata.name']);
    assert.match(issues[0].message, /Use e\.g\. "allow-"\.$/);
  });

  it('namespace: a DNS-1123 label (no dots) when written', () => {
    const issues = validateObjectMeta({ name: 'x', namespace: 'team.a' });
    assert.deepEqual(summarize(issues), ['metadata.namespace-invalid metadata.namespace']);
    assert.match(issues[0].message, /Use e\.g\. "team-a"\.$/);
  });

  it('labels and annotations: keys shown on the key, values on the value; annotation keys compared in lower case', () => {
    const issues = validateObjectMeta({
      name: 'x',
      labels: { 'team name': 'a', tier: 'front end' },
      annotations: { 'bad key!': 'x', 'Example.COM/Key': 'ok' },
    });
    assert.deepEqual(summarize(issues), [
      'metadata.label-key-invalid metadata.labels',
      'metadata.label-value-invalid metadata.labels',
      'metadata.annotation-key-invalid metadata.annotations',
    ]);
    assert.deepEqual(issues[0].at, ['metadata', 'labels', { key: 'team name' }]);
    assert.deepEqual(issues[1].at, ['metadata', 'labels', { key: 'tier' }]);
    assert.deepEqual(issues[2].at, ['metadata', 'annotations', { key: 'bad key!' }]);
    assert.equal(issues[2].onKey, true);
  });

  it('annotations: 256 KiB of keys and values in total', () => {
    assert.deepEqual(validateObjectMeta({ name: 'x', annotations: { a: 'x'.repeat(256 * 1024 - 1) } }), []);
    const issues = validateObjectMeta({ name: 'x', annotations: { a: 'x'.repeat(256 * 1024) } });
    assert.deepEqual(summarize(issues), ['metadata.annotations-too-long metadata.annotations']);
    assert.match(issues[0].message, /^Too long: may not be more than 262144 bytes \(the annotations take 262145\)/);
  });

  it('ownerReferences, finalizers, managedFields (upstream paths, shown at the entry)', () => {
    const issues = validateObjectMeta({
      name: 'x',
      generation: -1,
      ownerReferences: [
        { apiVersion: 'apps/', kind: 'Deployment', name: 'web', uid: 'u1', controller: true },
        { apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u2', controller: true },
      ],
      finalizers: ['cleanup', 'orphan', 'foregroundDeletion'],
      managedFields: [{ manager: 'kubectl', operation: 'Create', fieldsType: 'FieldsV2' }],
    });
    // generation -1 is no error: on create the registry sets generation to 1 before validating (on update it keeps
    // the stored one), so a manifest's generation never reaches ValidateObjectMeta.
    assert.deepEqual(summarize(issues), [
      'metadata.owner-reference-invalid metadata.ownerReferences.apiVersion',
      'metadata.owner-reference-invalid metadata.ownerReferences',
      'metadata.owner-reference-invalid metadata.ownerReferences',
      'metadata.finalizer-invalid metadata.finalizers',
      'metadata.finalizer-invalid metadata.finalizers[0]',
      'metadata.managed-fields-invalid metadata.managedFields[0].operation',
      'metadata.managed-fields-invalid metadata.managedFields[0].fieldsType',
    ]);
    assert.deepEqual(issues[0].at, ['metadata', 'ownerReferences', 0, 'apiVersion']);
    assert.match(issues[1].message, /\/v1, Kind=Event is disallowed from being an owner/);
    assert.match(issues[2].message, /Only one reference can have Controller set to true\. Found "true" in references for Deployment\/web and Event\/e\./);
    assert.match(
      issues[4].message,
      /name is neither a standard finalizer name nor is it fully qualified\. Qualify it with a domain, e\.g\. "example\.com\/cleanup"/,
    );
  });

  it('skips values of the wrong type', () => {
    assert.deepEqual(validateObjectMeta({ name: 42 }), []);
    assert.deepEqual(validateObjectMeta({ name: 'x', labels: ['a'], annotations: 'x', finalizers: 'y', ownerReferences: {}, generation: 'old' }), []);
    assert.deepEqual(validateObjectMeta('metadata'), []);
  });
});
