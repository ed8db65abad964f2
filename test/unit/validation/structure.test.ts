import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkStructure } from '../../../server/src/service/validation/structure';
import { summarize } from './helpers';

function policy(spec: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec, ...extra };
}

describe('checkStructure', () => {
  it('accepts every field of the API, and null wherever Go decodes it', () => {
    const full = policy(
      {
        podSelector: { matchLabels: { app: 'web', nulled: null }, matchExpressions: [{ key: 'a', operator: 'In', values: ['x', null] }, null] },
        ingress: [
          {
            ports: [{ protocol: 'TCP', port: 80, endPort: 90 }, { port: 'http' }, null],
            from: [{ podSelector: {}, namespaceSelector: null }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
          },
          null,
        ],
        egress: [{ to: null, ports: null }],
        policyTypes: ['Ingress', 'Egress'],
      },
      {
        metadata: {
          name: 'p',
          generateName: 'p-',
          namespace: 'shop',
          selfLink: '/x',
          uid: 'u',
          resourceVersion: '1',
          generation: 2,
          creationTimestamp: null,
          deletionTimestamp: new Date('2020-01-01T00:00:00Z'),
          deletionGracePeriodSeconds: 30,
          labels: { a: 'b' },
          annotations: { c: 'd' },
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u', controller: true, blockOwnerDeletion: false }],
          finalizers: ['example.com/f'],
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Apply',
              apiVersion: 'networking.k8s.io/v1',
              time: '2020-01-01T00:00:00Z',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:spec': {} },
              subresource: '',
            },
          ],
        },
        status: {
          conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1, lastTransitionTime: '2020-01-01T00:00:00Z', reason: 'Ok', message: '' }],
        },
      },
    );
    assert.deepEqual(checkStructure(full), []);
    assert.deepEqual(checkStructure(policy(null, { metadata: null })), []);
    assert.deepEqual(checkStructure({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }), []);
  });

  it('an unknown field is reported on its key, with the case-sensitive field it probably is', () => {
    const issues = checkStructure(policy({ podselector: {} }));
    assert.deepEqual(summarize(issues), ['structure.unknown-field spec.podselector']);
    assert.equal(issues[0].onKey, true);
    assert.equal(issues[0].message, 'unknown field "spec.podselector": did you mean "podSelector"? Field names are case-sensitive.');
    assert.equal(checkStructure(policy({ policyType: ['Ingress'] }))[0].message, 'unknown field "spec.policyType": did you mean "policyTypes"?');
  });

  it('says where a misplaced field belongs', () => {
    const ports = checkStructure(policy({ ingress: [{ from: [{ podSelector: {}, ports: [{ port: 80 }] }] }] }));
    assert.deepEqual(summarize(ports), ['structure.unknown-field spec.ingress[0].from[0].ports']);
    assert.equal(
      ports[0].message,
      'unknown field "spec.ingress[0].from[0].ports": `ports` belongs to the rule, not to a peer: unindent it to line up with `from:`.',
    );
    assert.match(checkStructure(policy({ egress: [{ from: [] }] }))[0].message, /egress rules list their destinations under `to`\.$/);
    assert.match(
      checkStructure(policy({ podSelector: { app: 'web' } }))[0].message,
      /a label goes under `matchLabels:`, e\.g\. `matchLabels: \{app: \.\.\.\}`\.$/,
    );
    assert.match(checkStructure(policy({}, { podSelector: {} }))[0].message, /^unknown field "podSelector": `podSelector` belongs under `spec:`\.$/);
    assert.match(checkStructure(policy({ ingress: [{ podSelector: {} }] }))[0].message, /a peer is an item of `from:`/);
    assert.match(checkStructure(policy({ ingress: [{ from: [{ cidr: '10.0.0.0/8' }] }] }))[0].message, /`cidr` belongs under `ipBlock:`\.$/);
    assert.match(checkStructure(policy({ ingress: [{ ports: [{ targetPort: 80 }] }] }))[0].message, /a NetworkPolicy port is `port`/);
    assert.equal(
      checkStructure(policy({ ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', exceptions: [] } }] }] }))[0].message,
      'unknown field "spec.ingress[0].from[0].ipBlock.exceptions": did you mean "except"?',
    );
  });

  it('lists the fields when nothing is close', () => {
    assert.equal(
      checkStructure(policy({ ingress: [{ from: [{ zzz: 1 }] }] }))[0].message,
      'unknown field "spec.ingress[0].from[0].zzz": NetworkPolicyPeer has the fields "podSelector", "namespaceSelector" and "ipBlock".',
    );
  });

  it("values of the wrong type: Go's unmarshal error, the Go struct field, and the fix", () => {
    const endPort = checkStructure(policy({ egress: [{ ports: [{ port: 80, endPort: '90' }] }] }));
    assert.deepEqual(summarize(endPort), ['structure.wrong-type spec.egress[0].ports[0].endPort']);
    assert.equal(
      endPort[0].message,
      'json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32: write 90 without quotes',
    );
    assert.equal(
      checkStructure(policy({ podSelector: { matchLabels: { version: 1, enabled: true } } }))
        .map((issue) => issue.message)
        .join('\n'),
      [
        'json: cannot unmarshal number into Go struct field LabelSelector.spec.podSelector.matchLabels of type string: YAML reads this as a number: quote the value as written to make it a string',
        'json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string: YAML reads true/false, yes/no, on/off and y/n as booleans: quote the value to make it a string',
      ].join('\n'),
    );
    assert.deepEqual(summarize(checkStructure(policy({ podSelector: { matchLabels: { version: 1 } } }))), [
      'structure.wrong-type spec.podSelector.matchLabels[version]',
    ]);
    assert.equal(
      checkStructure(policy({ ingress: [{ ports: [{ port: 1.5 }] }] }))[0].message,
      'json: cannot unmarshal number 1.5 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type intstr.IntOrString: it must be a whole number',
    );
    assert.equal(
      checkStructure(policy({ ingress: [{ ports: [{ endPort: 4294967296 }] }] }))[0].message,
      'json: cannot unmarshal number 4294967296 into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32: a port is 1 to 65535',
    );
    assert.equal(
      checkStructure(policy({ ingress: { from: [] } }))[0].message,
      'json: cannot unmarshal object into Go struct field NetworkPolicySpec.spec.ingress of type []v1.NetworkPolicyIngressRule: it is a list: start the item with "- "',
    );
    assert.equal(
      checkStructure(policy({ policyTypes: 'Egress' }))[0].message,
      'json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType: it is a list, e.g. [Egress] or a "- Egress" line below',
    );
    assert.equal(
      checkStructure(policy({ podSelector: [] }))[0].message,
      'json: cannot unmarshal array into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector: a selector is a mapping, not a list: remove the "- " (write {} to select everything)',
    );
    assert.equal(
      checkStructure(policy({ ingress: ['x'] }))[0].message,
      'json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.ingress of type v1.NetworkPolicyIngressRule: it is a mapping of fields',
    );
    assert.deepEqual(summarize(checkStructure(policy({}, { metadata: { name: 7, labels: { 0: 1 } } }))), [
      'structure.wrong-type metadata.name',
      'structure.wrong-type metadata.labels[0]',
    ]);
  });

  it('a wrong type hides nothing else: every problem of the document is reported', () => {
    const issues = checkStructure(policy({ podselector: {}, ingress: [{ ports: [{ port: true, protocol: 6 }], form: [] }] }));
    assert.deepEqual(summarize(issues).sort(), [
      'structure.unknown-field spec.ingress[0].form',
      'structure.unknown-field spec.podselector',
      'structure.wrong-type spec.ingress[0].ports[0].port',
      'structure.wrong-type spec.ingress[0].ports[0].protocol',
    ]);
  });
});
