import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getCompletions, type CompletionFacts } from '../../../server/src/service/features/completion';
import { parseFile } from '../../../server/src/service/parse/parsedFile';

const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: p
spec:
`;
const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: p
spec:
`;
const BANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
`;

function complete(textWithCursor: string, facts?: CompletionFacts) {
  const offset = textWithCursor.indexOf('|');
  return getCompletions(parseFile('file:///p.yaml', textWithCursor.replace('|', '')), offset, { facts });
}
const labels = (text: string, facts?: CompletionFacts) => complete(text, facts).map((c) => c.label);

const FACTS: CompletionFacts = {
  labelKeys: (of) => (of === 'pods' ? ['app'] : ['team', 'kubernetes.io/metadata.name']),
  labelValues: (of, key) => (of === 'pods' && key === 'app' ? ['web'] : []),
  namespaceNames: () => ['default', 'monitoring'],
  namedPorts: () => ['http'],
};

describe('completion in cluster policies (schema of validation/clusterPolicySchema.ts)', () => {
  it('proposes the keys of each kind', () => {
    assert.deepEqual(labels(`${CNP}  |\n`).sort(), ['egress', 'ingress', 'priority', 'subject', 'tier']);
    assert.deepEqual(labels(`${ANP}  |\n`).sort(), ['egress', 'ingress', 'priority', 'subject']);
    assert.deepEqual(labels(`${BANP}  |\n`).sort(), ['egress', 'ingress', 'subject']);
    assert.deepEqual(labels(`${CNP}  egress:\n    - |\n`).sort(), ['action', 'name', 'protocols', 'to']);
    assert.deepEqual(labels(`${CNP}  egress:\n    - to:\n        - |\n`).sort(), ['domainNames', 'namespaces', 'networks', 'nodes', 'pods']);
    assert.deepEqual(labels(`${CNP}  ingress:\n    - protocols:\n        - |\n`).sort(), ['destinationNamedPort', 'sctp', 'tcp', 'udp']);
    assert.deepEqual(labels(`${ANP}  ingress:\n    - ports:\n        - |\n`).sort(), ['namedPort', 'portNumber', 'portRange']);
    const subject = complete(`${CNP}  subj|\n`).find((c) => c.label === 'subject');
    assert.equal(subject?.insertText, 'subject:\n    ');
  });

  it('proposes tiers, actions (per kind) and protocols as the API spells them', () => {
    assert.deepEqual(labels(`${CNP}  tier: |\n`), ['Admin', 'Baseline']);
    assert.deepEqual(labels(`${CNP}  ingress:\n    - action: |\n`), ['Accept', 'Deny', 'Pass']);
    assert.deepEqual(labels(`${ANP}  ingress:\n    - action: |\n`), ['Allow', 'Deny', 'Pass']);
    assert.deepEqual(labels(`${BANP}  ingress:\n    - action: |\n`), ['Allow', 'Deny']);
    assert.deepEqual(labels(`${ANP}  ingress:\n    - ports:\n        - portNumber:\n            protocol: |\n`), ['TCP', 'UDP', 'SCTP']);
    assert.deepEqual(labels(`${CNP.replace('apiVersion: policy.networking.k8s.io/v1alpha2', 'apiVersion: |')}`), ['policy.networking.k8s.io/v1alpha2']);
  });

  it('proposes namespace names for kubernetes.io/metadata.name under a namespaces selector', () => {
    const found = labels(`${CNP}  subject:\n    namespaces:\n      matchLabels:\n        kubernetes.io/metadata.name: |\n`, FACTS);
    assert.deepEqual(found, ['default', 'monitoring']);
  });
});
