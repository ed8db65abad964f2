/**
 * Cluster policies beyond the truth tables (test/fixtures/reachability/cluster-policies/): what explanations say
 * (the tier, the policy, its priority and the deciding rule), what cannot be known from manifests (domainNames,
 * nodes), and the notes for policy kinds of other APIs, which are not evaluated.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeExplanation } from '../../../server/src/service/reachability/describeExplanation';
import { explainConnection } from '../../../server/src/service/reachability/explain';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { endpointIndex, isAllowed } from '../../../server/src/service/reachability/result';
import { conformanceCluster, modelOf } from './helpers';

const formatRef = (ref: { readonly path: string }): string => `at ${ref.path}`;

function modelWith(policies: string) {
  return modelOf({ 'file:///cluster.yaml': conformanceCluster(), 'file:///policies.yaml': policies });
}

const BLOCK_PAYMENTS = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: block-payments-egress}
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels: {ns: x}
  egress:
  - action: Deny
    to:
    - namespaces:
        matchLabels: {ns: "y"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-egress, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - {}
`;

describe('cluster policies: explanations', () => {
  it('name the tier, the policy, its priority and the rule that decided, and say NetworkPolicies were not consulted', () => {
    const model = modelWith(BLOCK_PAYMENTS);
    const explanation = explainConnection(model, 'x/a', 'y/b', { port: 80 })!;
    assert.equal(explanation.allowed, false);
    assert.equal(explanation.egress.tiers?.decidedBy, 'Admin');
    assert.equal(explanation.egress.tiers?.networkPoliciesConsulted, false);
    assert.equal(explanation.egress.tiers?.rule?.policy.priority, 10);
    const lines = describeExplanation(explanation, formatRef);
    assert.equal(lines[0], 'x/a -> y/b on TCP port 80: DENIED');
    assert.equal(
      lines[1],
      '  egress of x/a: denied by Admin cluster policy `block-payments-egress` (priority 10) spec.egress[0] (at spec.egress[0]); NetworkPolicies not consulted',
    );
  });

  it('say a Pass hands the connection to the NetworkPolicies, and what they decide', () => {
    const model = modelWith(BLOCK_PAYMENTS.replace('action: Deny', 'action: Pass'));
    const explanation = explainConnection(model, 'x/a', 'y/b', { port: 80 })!;
    assert.equal(explanation.allowed, true);
    assert.equal(explanation.egress.tiers?.decidedBy, 'NetworkPolicy');
    assert.equal(explanation.egress.tiers?.passedBy?.action, 'Pass');
    const lines = describeExplanation(explanation, formatRef);
    assert.match(
      lines[1],
      /^ {2}egress of x\/a: passed by Admin cluster policy `block-payments-egress` \(priority 10\) spec\.egress\[0\] .* to the NetworkPolicies$/,
    );
    assert.ok(lines.some((line) => line.includes('NetworkPolicies: isolated by x/allow-all-egress')));
  });

  it('leave sides that no cluster policy applies to as they were', () => {
    const model = modelWith(BLOCK_PAYMENTS);
    const explanation = explainConnection(model, 'y/a', 'z/a', { port: 80 })!;
    assert.equal(explanation.egress.tiers, undefined);
    assert.equal(explanation.ingress.tiers, undefined);
  });
});

describe('cluster policies: what manifests cannot tell', () => {
  const DOMAINS = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: allowlist}
spec:
  tier: Admin
  priority: 1
  subject:
    namespaces:
      matchLabels: {ns: x}
  egress:
  - action: Accept
    to:
    - domainNames: ["*.example.com"]
  - action: Accept
    to:
    - nodes: {}
  - action: Deny
    to:
    - networks: [0.0.0.0/0]
`;

  it('domainNames: noted in the model, marked unknown (depends on DNS) in explanations, never counted as matching', () => {
    const model = modelWith(DOMAINS);
    assert.ok(model.notes.some((note) => note.message.startsWith('depends on DNS') && note.ref.path === 'spec.egress[0].to[0].domainNames'));
    const external = 'ipblock:0.0.0.0/0';
    const explanation = explainConnection(model, 'x/a', external, { port: 443 })!;
    // The domain rule does not count as matching: the Deny of 0.0.0.0/0 decides, and the explanation says so.
    assert.equal(explanation.allowed, false);
    const unknown = explanation.egress.tiers!.unknown.map((entry) => entry.message);
    assert.ok(
      unknown.some((message) => message.includes('spec.egress[0].to[0] (Accept, domainNames): unknown, depends on DNS')),
      unknown.join('\n'),
    );
    assert.ok(describeExplanation(explanation, formatRef).some((line) => line.includes('unknown, depends on DNS')));
  });

  it('nodes: noted as depending on node labels (node traffic is not modelled)', () => {
    const model = modelWith(DOMAINS);
    assert.ok(model.notes.some((note) => note.message.startsWith('depends on node labels') && note.ref.path === 'spec.egress[1].to[0].nodes'));
  });
});

describe('cluster policies: nodes peers with Node manifests', () => {
  const POLICY = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-kubelet}
spec:
  tier: Admin
  priority: 1
  subject:
    namespaces:
      matchLabels: {ns: x}
  egress:
  - action: Deny
    to:
    - nodes:
        matchLabels: {role: worker}
  - action: Pass
    to:
    - networks: [172.16.0.0/16]
---
apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: {role: worker}}
status:
  addresses:
  - {type: InternalIP, address: 172.16.0.10}
  - {type: Hostname, address: worker-1}
---
apiVersion: v1
kind: Node
metadata: {name: control-1, labels: {role: control-plane}}
status:
  addresses:
  - {type: InternalIP, address: 172.16.0.20}
`;

  it('match the addresses of the Node manifests their selector matches', () => {
    const model = modelWith(POLICY);
    const result = computeReachability(model, { port: 10250 });
    const from = endpointIndex(result, 'x/a');
    const worker = endpointIndex(result, 'ipblock:172.16.0.10/32');
    assert.ok(worker >= 0, result.endpoints.map((endpoint) => endpoint.key).join(' '));
    assert.equal(isAllowed(result, from, worker), false);
    assert.equal(isAllowed(result, from, endpointIndex(result, 'ipblock:172.16.0.0/16 except 172.16.0.10/32')), true);
    assert.ok(model.notes.some((note) => note.message.startsWith('nodes peer: matches the addresses of the Node manifests its selector matches (1 of 2)')));
    assert.ok(!model.notes.some((note) => note.message.startsWith('depends on node labels')));
    const explanation = explainConnection(model, 'x/a', 'ipblock:172.16.0.10/32', { port: 10250 })!;
    assert.equal(explanation.egress.tiers?.rule?.peer.ref.path, 'spec.egress[0].to[0]');
    assert.deepEqual(explanation.egress.tiers?.unknown, []);
  });
});

describe('cluster policies: reading', () => {
  it('an AdminNetworkPolicy in another version is left out, not evaluated', () => {
    const model = modelWith('apiVersion: policy.networking.k8s.io/v1alpha2\nkind: AdminNetworkPolicy\nmetadata: {name: anp}\nspec: {priority: 1}\n');
    assert.deepEqual(model.clusterPolicies, []);
    assert.match(model.leftOut.find((doc) => doc.name === 'anp')!.reason, /served as policy.networking.k8s.io\/v1alpha1/);
  });

  it('a deny-all Admin policy over every namespace denies all pod traffic but a pod to itself', () => {
    const model = modelWith(
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: all}\nspec:\n  tier: Admin\n  priority: 0\n  subject: {namespaces: {}}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n',
    );
    const result = computeReachability(model, { port: 80 });
    assert.equal(isAllowed(result, endpointIndex(result, 'x/a'), endpointIndex(result, 'y/b')), false);
    assert.equal(isAllowed(result, endpointIndex(result, 'x/a'), endpointIndex(result, 'x/a')), true);
  });
});

describe('policy kinds of other APIs', () => {
  it('are noted per kind and namespace ("reachability may be narrower"), and reach the reachability result', () => {
    const model = modelWith(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: one, namespace: x}
spec: {endpointSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: two, namespace: x}
spec: {endpointSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: three, namespace: x}
spec: {endpointSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: wide}
spec: {endpointSelector: {}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: global}
spec: {selector: all()}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: staged, namespace: "y"}
spec: {selector: all()}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny, namespace: z}
spec: {action: DENY}
`);
    const messages = model.notes.map((note) => note.message);
    assert.deepEqual(messages, [
      'reachability may be narrower: 1 CiliumClusterwideNetworkPolicy (cluster-wide: any namespace) not evaluated',
      'reachability may be narrower: 1 GlobalNetworkPolicy (cluster-wide: any namespace) not evaluated',
      'reachability may be narrower: 3 CiliumNetworkPolicies (namespace x) not evaluated',
      '1 StagedNetworkPolicy (namespace y) not evaluated: staged, so not enforced until promoted',
      'reachability may be narrower: 1 AuthorizationPolicy (namespace z) not evaluated',
    ]);
    assert.deepEqual(computeReachability(model).notes, model.notes);
  });
});
