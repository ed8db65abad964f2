import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { modelOf } from '../reachability/helpers';

describe('buildClusterModel', () => {
  it('gives every namespace its kubernetes.io/metadata.name label, declared or only referenced', () => {
    const model = modelOf(`
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web, kubernetes.io/metadata.name: wrong}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: other}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: policies-only}
spec: {podSelector: {}}
`);
    assert.deepEqual(model.namespaces.get('shop'), {
      name: 'shop',
      labels: { team: 'web', 'kubernetes.io/metadata.name': 'shop' },
      declared: true,
      manifest: model.namespaces.get('shop')!.manifest,
    });
    assert.deepEqual(model.namespaces.get('other')!.labels, { 'kubernetes.io/metadata.name': 'other' });
    assert.equal(model.namespaces.get('other')!.declared, false);
    assert.ok(model.namespaces.has('policies-only'));
  });

  it('puts objects without metadata.namespace in the default namespace setting', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}}\n',
      'team-a',
    );
    assert.deepEqual(
      model.endpoints.map((e) => e.key),
      ['team-a/p'],
    );
    assert.equal(model.policies[0].id, 'team-a/np');
  });

  it('reads pods: labels, ports of containers and init containers with TCP by default, IPs', () => {
    const model = modelOf(`
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  initContainers:
  - name: sidecar
    restartPolicy: Always
    ports: [{name: metrics, containerPort: 9090}]
  containers:
  - name: main
    ports:
    - {name: http, containerPort: 8080}
    - {name: dns, containerPort: 53, protocol: UDP}
status:
  podIP: 10.0.0.7
  podIPs: [{ip: 10.0.0.7}, {ip: "fd00::7"}]
`);
    const [pod] = model.endpoints;
    assert.equal(pod.kind, 'pod');
    assert.deepEqual(pod.labels, { app: 'web' });
    assert.deepEqual(pod.ports, [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    assert.deepEqual(
      pod.addresses.map((a) => a.family),
      [4, 6],
    );
  });

  it('makes one endpoint per workload from its pod template, CronJobs included', () => {
    const model = modelOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop, labels: {ignored: yes-the-template-counts}}
spec:
  template:
    metadata: {labels: {app: cart}}
    spec: {containers: [{name: c, ports: [{containerPort: 7070, name: grpc}]}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {containers: [{name: c}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}}}
`);
    assert.deepEqual(
      model.endpoints.map((e) => [e.key, e.workloadKind, e.labels]),
      [
        ['shop/CronJob/report', 'CronJob', { app: 'report' }],
        ['shop/Deployment/cart', 'Deployment', { app: 'cart' }],
        ['shop/StatefulSet/db', 'StatefulSet', { app: 'db' }],
      ],
    );
    assert.deepEqual(model.endpoints[1].ports, [{ name: 'grpc', containerPort: 7070, protocol: 'TCP' }]);
  });

  it('unpacks kind: List, and lets Pods stand for the workloads that own them', () => {
    const model = modelOf(`
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec: {template: {metadata: {labels: {app: web}}}}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    name: web-5d4f
    namespace: shop
    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1}]
  spec: {template: {metadata: {labels: {app: web}}}}
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d4f-abcde
    namespace: shop
    labels: {app: web}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f, uid: u2}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec: {template: {metadata: {labels: {app: api}}}}
`);
    assert.deepEqual(
      model.endpoints.map((e) => e.key),
      ['shop/Deployment/api', 'shop/web-5d4f-abcde'],
    );
  });

  it('keeps Services for later lints', () => {
    const model = modelOf(`
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {port: 53, protocol: UDP}]
`);
    assert.deepEqual(
      model.services.map(({ manifest: _manifest, ...rest }) => rest),
      [
        {
          namespace: 'shop',
          name: 'web',
          selector: { app: 'web' },
          ports: [
            { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
      ],
    );
  });

  it('reads policies with defaults: policyTypes, protocol, namespace; masks CIDRs', () => {
    const model = modelOf(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{ipBlock: {cidr: 10.1.2.3/8, except: [10.1.0.0/16]}}]
    ports: [{port: 80}, {protocol: UDP}, {port: http, protocol: TCP}, {port: 8000, endPort: 8100}]
  egress:
  - to: [{namespaceSelector: {}}]
`);
    const spec = model.policies[0].spec;
    assert.equal(spec.affectsIngress, true);
    assert.equal(spec.affectsEgress, true);
    assert.deepEqual(spec.ingress[0].ports, [
      { index: 0, protocol: 'TCP', port: 80, endPort: undefined },
      { index: 1, protocol: 'UDP', port: undefined, endPort: undefined },
      { index: 2, protocol: 'TCP', port: 'http', endPort: undefined },
      { index: 3, protocol: 'TCP', port: 8000, endPort: 8100 },
    ]);
    const peer = spec.ingress[0].peers![0];
    assert.equal(peer.kind, 'ipBlock');
    assert.equal(peer.kind === 'ipBlock' && peer.cidr.text, '10.0.0.0/8');
    assert.deepEqual(
      model.endpoints.map((e) => e.key),
      ['ipblock:10.0.0.0/8 except 10.1.0.0/16', 'ipblock:10.1.0.0/16'],
    );
  });

  it('leaves out what cannot be decoded, and reports it with its place', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad-port, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: [80]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: x, labels: {version: 2}}
---
key: [unclosed
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: fine, namespace: x}
spec: {podSelector: {}}
`;
    const model = modelOf(text);
    assert.deepEqual(
      model.policies.map((p) => p.id),
      ['x/fine'],
    );
    assert.deepEqual(model.endpoints, []);
    const reasons = model.leftOut.map((doc) => doc.reason);
    assert.equal(reasons.length, 3);
    assert.match(
      reasons.find((r) => r.startsWith('YAML error'))!,
      /^YAML error: /,
    );
    assert.ok(reasons.includes('cannot be decoded: spec.ingress[0].ports[0].port: expected an integer or a string, found a list'));
    assert.ok(reasons.includes('cannot be decoded: metadata.labels[version]: expected a string, found number 2'));
    const portRef = model.leftOut.find((doc) => doc.name === 'bad-port')!.ref;
    assert.equal(text.slice(portRef.start, portRef.end), '[80]');
  });

  it('reads cluster policies, reports old NetworkPolicy versions, and notes the policies of other vendors', () => {
    const model = modelOf(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp}
---
apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: old, namespace: x}
spec: {podSelector: {}}
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: {name: calico, namespace: x}
spec: {selector: all()}
`);
    assert.deepEqual(model.policies, []);
    assert.deepEqual(
      model.clusterPolicies?.map((policy) => policy.id),
      ['AdminNetworkPolicy/anp'],
    );
    assert.deepEqual(
      model.leftOut.map((doc) => doc.name),
      ['old'],
    );
    assert.deepEqual(
      model.notes.filter((note) => note.message.includes('not evaluated')).map((note) => note.message),
      ['reachability may be narrower: 1 NetworkPolicy (namespace x) not evaluated'],
    );
  });

  it('replaces an object by a later one with the same identity, and says so', () => {
    const model = modelOf({
      'file:///a.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: x}\nspec: {podSelector: {matchLabels: {v: "1"}}}\n',
      'file:///b.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: x}\nspec: {podSelector: {matchLabels: {v: "2"}}}\n',
    });
    assert.equal(model.policies.length, 1);
    assert.deepEqual(model.policies[0].spec.podSelector.matchLabels, { v: '2' });
    assert.equal(model.leftOut[0].uri, 'file:///a.yaml');
    assert.equal(model.leftOut[0].reason, 'replaced by a later definition of NetworkPolicy x/np');
    assert.equal(model.leftOut[0].replacedBy?.uri, 'file:///b.yaml');
  });

  it('notes what it interprets around, with the field path', () => {
    const model = modelOf(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  ingress: [{}]
  egress:
  - to: [{}, {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}, {ipBlock: {cidr: nonsense}}]
    ports: [{port: http, endPort: 90}, {port: 90, endPort: 80}, {protocol: ICMP}]
`);
    assert.deepEqual(
      model.notes.map((note) => note.ref.path),
      [
        'spec.egress[0].to[0]',
        'spec.egress[0].to[1]',
        'spec.egress[0].to[2].ipBlock.cidr',
        'spec.egress[0].ports[0].endPort',
        'spec.egress[0].ports[1].endPort',
        'spec.egress[0].ports[2].protocol',
        'spec.ingress',
      ],
    );
  });

  it('reads YAML 1.1 booleans such as y and no as the strings YAML 1.2 reads, with a note to quote them', () => {
    const model = modelOf(`
apiVersion: v1
kind: Namespace
metadata: {name: y, labels: {ns: y, legacy: no}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: y, labels: {pod: a}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: y}
spec:
  podSelector:
    matchExpressions: [{key: ns, operator: In, values: [x, y]}]
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: y, labels: {enabled: true}}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: y, labels: {version: 1}}
`);
    assert.deepEqual(model.namespaces.get('y')!.labels, { ns: 'y', legacy: 'no', 'kubernetes.io/metadata.name': 'y' });
    assert.deepEqual(
      model.endpoints.map((e) => e.key),
      ['y/a'],
    );
    assert.deepEqual(model.policies[0].spec.podSelector.matchExpressions[0].values, ['x', 'y']);
    assert.deepEqual(
      model.notes.map((note) => note.ref.path),
      [
        'metadata.name',
        'metadata.labels[ns]',
        'metadata.labels[legacy]',
        'metadata.namespace',
        'metadata.namespace',
        'spec.podSelector.matchExpressions[0].values[1]',
      ],
    );
    assert.match(model.notes[0].message, /y is a boolean in YAML 1\.1, which kubectl uses .*: read here as the string "y"; quote it/);
    // true and 1 are not strings in YAML 1.2 either: those Pods are left out.
    assert.deepEqual(
      model.leftOut.map((doc) => doc.name),
      ['b', 'c'],
    );
  });

  it('never throws, whatever the objects hold', () => {
    for (const spec of [
      '[]',
      '"x"',
      '{podSelector: 1}',
      '{ingress: {a: 1}}',
      '{ingress: [1]}',
      '{egress: [{to: "x"}]}',
      '{policyTypes: Ingress}',
      '{ingress: [{from: [{ipBlock: "x"}]}]}',
    ]) {
      const model = modelOf(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: x}\nspec: ${spec}\n`);
      assert.equal(model.policies.length + model.leftOut.length, 1, spec);
    }
  });
});
