import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { generateClusterDump } from '../../../bench/generate/clusterDump';
import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import { objectRefOf } from '../../../server/src/service/cluster/sourceRef';
import { createNetpolService } from '../../../server/src/service/netpolService';
import { readBlockItem } from '../../../server/src/service/parse/blockYaml';
import { parseYamlDocument } from '../../../server/src/service/parse/parsedDocument';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { ManifestWorkspace } from '../../../server/src/service/workspace';

const URI = 'file:///dump.yaml';

/** The model and the findings of `text`, read along the full path and along the light path (or undefined). */
function bothPaths(text: string) {
  const full = new ManifestWorkspace();
  full.setFile(URI, text);
  const light = new ManifestWorkspace();
  const parsed = light.setClusterDump(URI, text);
  const findings = (workspace: ManifestWorkspace) =>
    createNetpolService({ workspace })
      .getDiagnostics(URI, DEFAULT_SETTINGS)
      .map(({ code, severity, start, end, message }) => ({ code, severity, start, end, message }))
      .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return {
    parsed,
    full: { model: summary(buildClusterModel(full.manifests(), DEFAULT_SETTINGS, full.allFiles())), findings: findings(full) },
    light: parsed && { model: summary(buildClusterModel(light.manifests(), DEFAULT_SETTINGS, light.allFiles())), findings: findings(light) },
  };
}

/** The model as plain data, with the places of its objects (offsets in the file) instead of their manifests. */
function summary(model: ClusterModel) {
  const place = (manifest: Parameters<typeof objectRefOf>[0] | undefined) => manifest && objectRefOf(manifest);
  return {
    namespaces: [...model.namespaces.values()].map(({ manifest, ...rest }) => ({ ...rest, at: place(manifest) })),
    endpoints: model.endpoints.map(({ manifest, ...rest }) => ({ ...rest, at: place(manifest) })),
    policies: model.policies.map(({ manifest, ...rest }) => ({ ...rest, at: place(manifest) })),
    services: model.services.map(({ manifest, ...rest }) => ({ ...rest, at: place(manifest) })),
    leftOut: model.leftOut,
    notes: model.notes,
  };
}

function assertSame(text: string): void {
  const { parsed, full, light } = bothPaths(text);
  assert.ok(parsed?.lightObjects && light, 'read along the light path');
  assert.deepEqual(light.model, full.model);
  assert.deepEqual(light.findings, full.findings);
}

describe('cluster dumps: the light reading path', () => {
  it('builds the same cluster model, with the same places, as the full path (a generated kubectl dump, YAML)', () => {
    const text = generateClusterDump(250, 'yaml');
    const { parsed } = bothPaths(text);
    assert.equal(parsed!.lightObjects!.length, 253);
    assert.equal(parsed!.documents.length, 30);
    assertSame(text);
  });

  it('builds the same cluster model as the full path (the same dump as JSON)', () => {
    assertSame(generateClusterDump(250, 'json'));
  });

  it('keeps only what the model reads of a Pod', () => {
    const text = generateClusterDump(20, 'yaml');
    const parsed = new ManifestWorkspace().setClusterDump(URI, text)!;
    const pod = parsed.lightObjects!.find((object) => object.kind === 'Pod')!;
    assert.deepEqual(Object.keys(pod.value), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.deepEqual(Object.keys(pod.value.status as object), ['podIP', 'podIPs']);
    assert.deepEqual(Object.keys(pod.value.metadata as object), ['name', 'generateName', 'namespace', 'labels', 'ownerReferences']);
  });

  it('agrees with the full path on unusual items: typed lists, flow style, YAML 1.1 booleans, bad fields, policies with findings', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: flow, namespace: shop, labels: {app: web}}
  spec: {containers: [{name: c, ports: [{containerPort: 80, name: http}]}]}
  status: {podIP: 10.0.0.1}
- apiVersion: v1
  kind: Pod
  metadata:
    name: yes-label
    namespace: shop
    labels:
      enabled: yes
      'quoted': 'it''s'
  spec:
    hostNetwork: true
    containers:
    - name: c
      ports:
      - containerPort: 0x50
        name: "h\\u0074tp"
  status:
    podIPs:
    - ip: 10.0.0.2
    - ip: fd00::2
- apiVersion: v1
  kind: Pod
  metadata:
    name: bad
    namespace: shop
    labels: [a, b]
- apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels:
      team: web # a comment
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    name: rs
    namespace: shop
  spec:
    template:
      metadata:
        labels:
          app: rs
      spec:
        containers:
        - name: c
          ports:
          - containerPort: 8080
            name: http
- apiVersion: v1
  kind: Pod
  metadata:
    name: owned
    namespace: shop
    ownerReferences:
    - kind: ReplicaSet
      name: rs
- apiVersion: v1
  kind: Service
  metadata:
    name: svc
    namespace: shop
  spec:
    selector:
      app: web
    ports:
    - port: 80
      targetPort: http
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: np
    namespace: shop
  spec:
    podSelector:
      matchLabels:
        app: web
    ingress:
    - ports:
      - port: "80"
      from:
      - ipBlock:
          cidr: 10.0.0.1/8
    - from: []
- apiVersion: v1
  kind: Pod
  metadata:
    name: shop-dup
    namespace: shop
- apiVersion: v1
  kind: Pod
  metadata:
    name: shop-dup
    namespace: shop
kind: List
metadata:
  resourceVersion: ""
`;
    assertSame(text);
    assertSame(
      `apiVersion: v1\nkind: PodList\nitems:\n  - metadata:\n      name: a\n      namespace: x\n      labels:\n        app: a\n  - metadata:\n      name: b\n      namespace: x\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata:\n      name: deny\n      namespace: x\n    spec:\n      podSelector: {}\n`,
    );
  });

  it('reads a file along the full path when it is no dump of mostly context objects, or has a syntax error', () => {
    const policy = (name: string) =>
      `- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    name: ${name}\n  spec:\n    podSelector: {}\n`;
    const pod = (name: string) => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: ${name}\n`;
    const cases = [
      `apiVersion: v1\nitems:\n${policy('a')}${policy('b')}${pod('p')}kind: List\n`,
      `apiVersion: v1\nitems:\n${pod('p')}${pod('q')}  metadata: {}\nkind: List\n`,
      `apiVersion: v1\nitems:\n${pod('p')}${pod('q')}  bad: [\nkind: List\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n`,
      `{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}},]}`,
      `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}`,
    ];
    for (const text of cases) assert.equal(new ManifestWorkspace().setClusterDump(URI, text), undefined, text);
  });

  it('reads block YAML items as the yaml package does, or gives up', () => {
    const items = [
      '- a: 1\n  b: x\n',
      '- a:\n  - x\n  - y\n  c: {}\n',
      '- a:\n    - b: 1\n      c: [] \n',
      '- - x\n  - 1e3\n',
      "- a: \"quote \\\" and \\\\ and \\n\"\n  b: 'single''s'\n",
      '- a: 0755\n  b: 0x1F\n  c: 1_000\n  d: 12:30\n  e: 2026-01-01\n  f: y\n  g: Off\n  h: ~\n  i: null\n  j: 1.5\n  k: 6e\n',
      '- key.with/slash: v\n  "quoted key": v\n',
    ];
    for (const item of items) {
      const expected = parseYamlDocument(item.replace(/^- /, '  ')).value;
      assert.deepEqual(readBlockItem(item, 0, item.length), expected, item);
    }
    const giveUp = [
      '- a: |\n    x\n',
      '- a: &x 1\n  b: *x\n',
      '- a: !!str 1\n',
      '- a: b\n    c\n',
      '- a: b # c\n',
      '- a: 1\n  a: 2\n',
      '- <<: {a: 1}\n',
      '- a: [1, 2]\n',
      '- a: -.inf\n',
      '- a: yES\n',
    ];
    for (const item of giveUp) assert.equal(readBlockItem(item, 0, item.length), undefined, item);
  });
});
