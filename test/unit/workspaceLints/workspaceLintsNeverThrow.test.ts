import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import { WORKSPACE_LINTS } from '../../../server/src/service/lints/workspaceLints';
import { manifestsOfDocument, type Manifest } from '../../../server/src/service/model/manifest';
import { parseYamlDocument } from '../../../server/src/service/parse/parsedDocument';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';

/**
 * Random small workspaces: Namespaces, Deployments, Pods, Services and NetworkPolicies built from a few labels,
 * ports and names, where any part may be replaced by a random value. Every workspace lint runs on every object and
 * must return issues of its own codes, never throw.
 */

const LABEL_KEYS = ['app', 'k8s-app', 'name', 'tier', 'kubernetes.io/metadata.name', 'dns.operator.openshift.io/daemonset-dns'];
const LABEL_VALUES = ['web', 'db', 'kube-dns', 'kube-system', 'shop', 'openshift-dns', ''];
const NAMESPACES = ['shop', 'kube-system', 'openshift-dns', 'default', undefined];
const PORTS = [53, 80, 443, 5353, 8080, 'http', 'dns', 'dns-tcp', 'metrics', '8080', 0, 70000];

const anything = fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true });
function orAnything<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: anything });
}
const labels = orAnything(fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 }));
const selector = orAnything(
  fc.record(
    {
      matchLabels: labels,
      matchExpressions: orAnything(
        fc.array(
          fc.record({
            key: fc.constantFrom(...LABEL_KEYS),
            operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bad'),
            values: fc.array(fc.constantFrom(...LABEL_VALUES), { maxLength: 2 }),
          }),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);
const metadata = fc.record(
  {
    name: orAnything(fc.constantFrom('a', 'b', 'coredns', 'backend')),
    namespace: orAnything(fc.constantFrom(...NAMESPACES)),
    labels,
    annotations: orAnything(fc.constantFrom({ 'net.beta.kubernetes.io/network-policy': '{}' }, {})),
  },
  { requiredKeys: [] },
);
const port = orAnything(
  fc.record(
    {
      protocol: orAnything(fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp')),
      port: orAnything(fc.constantFrom(...PORTS)),
      endPort: orAnything(fc.constantFrom(53, 90, 8080)),
    },
    { requiredKeys: [] },
  ),
);
const peer = orAnything(
  fc.record(
    {
      podSelector: selector,
      namespaceSelector: selector,
      ipBlock: orAnything(
        fc.record({ cidr: fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8', 'x'), except: fc.array(fc.constantFrom('10.1.0.0/16', 'y'), { maxLength: 2 }) }),
      ),
    },
    { requiredKeys: [] },
  ),
);
const rule = orAnything(
  fc.record(
    {
      from: orAnything(fc.array(peer, { maxLength: 3 })),
      to: orAnything(fc.array(peer, { maxLength: 3 })),
      ports: orAnything(fc.array(port, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);
const networkPolicy = fc.record({
  apiVersion: fc.constantFrom('networking.k8s.io/v1', 'extensions/v1beta1'),
  kind: fc.constant('NetworkPolicy'),
  metadata,
  spec: orAnything(
    fc.record(
      {
        podSelector: selector,
        policyTypes: orAnything(fc.array(fc.constantFrom('Ingress', 'Egress', 'Other'), { maxLength: 3 })),
        ingress: orAnything(fc.array(rule, { maxLength: 3 })),
        egress: orAnything(fc.array(rule, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
  ),
});
const containerPort = orAnything(
  fc.record(
    {
      name: orAnything(fc.constantFrom('http', 'dns', 'dns-tcp', 'metrics')),
      containerPort: orAnything(fc.constantFrom(53, 80, 5353, 8080, 9102)),
      protocol: orAnything(fc.constantFrom('TCP', 'UDP')),
    },
    { requiredKeys: [] },
  ),
);
const podSpec = orAnything(
  fc.record(
    {
      hostNetwork: orAnything(fc.boolean()),
      containers: orAnything(
        fc.array(orAnything(fc.record({ name: fc.constant('c'), ports: orAnything(fc.array(containerPort, { maxLength: 3 })) })), { maxLength: 2 }),
      ),
    },
    { requiredKeys: [] },
  ),
);
const workload = fc.oneof(
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constantFrom('Deployment', 'DaemonSet', 'StatefulSet'),
    metadata,
    spec: orAnything(fc.record({ template: orAnything(fc.record({ metadata: fc.record({ labels }), spec: podSpec })) })),
  }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec: podSpec }),
);
const serviceObject = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('Service'),
  metadata,
  spec: orAnything(
    fc.record(
      {
        selector: labels,
        ports: orAnything(
          fc.array(
            orAnything(
              fc.record(
                {
                  port: orAnything(fc.constantFrom(53, 80, 443)),
                  targetPort: orAnything(fc.constantFrom(8080, 'http', 'dns', 53)),
                  protocol: orAnything(fc.constantFrom('TCP', 'UDP')),
                },
                { requiredKeys: [] },
              ),
            ),
            { maxLength: 2 },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  ),
});
const namespaceObject = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Namespace'), metadata });
const object = fc.oneof(
  { weight: 4, arbitrary: networkPolicy },
  { weight: 3, arbitrary: workload },
  { weight: 1, arbitrary: serviceObject },
  { weight: 1, arbitrary: namespaceObject },
);
const workspace = fc.array(fc.tuple(object, fc.constantFrom('a/x.yaml', 'a/y.yaml', 'b/c/z.yaml')), { minLength: 1, maxLength: 8 });

/** Objects as manifests of the workspace, without YAML: the lints read values, and positions through documents. */
function manifestsOf(objects: readonly [unknown, string][]): Manifest[] {
  const document = parseYamlDocument('kind: Placeholder\n');
  return objects.map(([value, file], index) => {
    const record = value as Record<string, unknown>;
    const meta = (typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}) as Record<string, unknown>;
    return {
      kind: typeof record.kind === 'string' ? record.kind : undefined,
      apiVersion: typeof record.apiVersion === 'string' ? record.apiVersion : undefined,
      name: typeof meta.name === 'string' ? meta.name : undefined,
      namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
      value: record,
      basePath: [],
      uri: `file:///ws/${file}`,
      document,
      documentOffset: index * 100,
    };
  });
}

function runAll(manifests: readonly Manifest[]): void {
  const model = buildClusterModel(manifests, DEFAULT_SETTINGS);
  const context = { model, settings: DEFAULT_SETTINGS };
  for (const manifest of manifests) {
    for (const lint of WORKSPACE_LINTS) {
      const issues = lint.check(manifest, context);
      assert.ok(Array.isArray(issues));
      for (const issue of issues) {
        assert.ok((lint.codes as readonly string[]).includes(issue.code), `${issue.code} is not among the codes its lint declares`);
        assert.equal(typeof issue.message, 'string');
        assert.ok(issue.message.length > 0);
        assert.ok(Array.isArray(issue.path));
      }
    }
  }
}

describe('workspace lints on random workspaces', () => {
  it('never throw on random small workspaces of nearly valid objects', () => {
    fc.assert(
      fc.property(workspace, (objects) => runAll(manifestsOf(objects))),
      { numRuns: 1500 },
    );
  });

  it('never throw on workspaces parsed from YAML (what the editor gives them)', () => {
    const documents = [
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}}\n',
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: p}, spec: {egress: [{ports: [{port: 53}]}]}}\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: [1, 2]\n',
    ];
    const manifests: Manifest[] = [];
    documents.forEach((text, index) => {
      const document = parseYamlDocument(text);
      for (const manifest of manifestsOfDocument(document)) manifests.push({ ...manifest, uri: `file:///ws/${index}.yaml`, document, documentOffset: 0 });
    });
    runAll(manifests);
  });
});
