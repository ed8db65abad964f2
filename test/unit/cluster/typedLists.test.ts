import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { manifestsOfDocument } from '../../../server/src/service/model/manifest';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { computeReachability } from '../../../server/src/service/reachability/reachabilityEngine';
import { endpointIndex, isAllowed } from '../../../server/src/service/reachability/result';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { modelOf } from '../reachability/helpers';

// Typed lists as the API server returns them (`kubectl get --raw`, client libraries): the items carry no kind
// and no apiVersion; apimachinery's decodeToList gives them the list's kind without `List`, and its apiVersion.
const NAMESPACES = `apiVersion: v1
kind: NamespaceList
metadata: {resourceVersion: "1"}
items:
- metadata: {name: shop, labels: {team: shop}}
- metadata: {name: monitoring, labels: {team: ops}}
`;
const PODS = `apiVersion: v1
kind: PodList
items:
- metadata: {name: web-1, namespace: shop, labels: {app: web}}
  spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}
  status: {podIP: 10.0.0.1}
- metadata: {name: prometheus-0, namespace: monitoring, labels: {app: prometheus}}
  status: {podIP: 10.0.0.2}
`;
const WORKLOADS = `apiVersion: apps/v1
kind: DeploymentList
items:
- metadata: {name: api, namespace: shop}
  spec: {template: {metadata: {labels: {app: api}}}}
---
apiVersion: apps/v1
kind: StatefulSetList
items:
- metadata: {name: db, namespace: shop}
  spec: {template: {metadata: {labels: {app: db}}}}
---
apiVersion: v1
kind: ServiceList
items:
- metadata: {name: web, namespace: shop}
  spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
`;
const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
- metadata: {name: web-from-monitoring, namespace: shop}
  spec:
    podSelector: {matchLabels: {app: web}}
    ingress:
    - from:
      - namespaceSelector: {matchLabels: {team: ops}}
`;

describe('typed lists (PodList, NamespaceList, ...): items without kind and apiVersion', () => {
  it("reads each item as the kind of its list, with the list's apiVersion", () => {
    const [{ document }] = parseFile('file:///t.yaml', `${NAMESPACES}---\n${POLICIES}`).documents;
    assert.deepEqual(
      manifestsOfDocument(document).map((m) => [m.kind, m.apiVersion, m.name, m.basePath.join('.')]),
      [
        ['NamespaceList', 'v1', undefined, ''],
        ['Namespace', 'v1', 'shop', 'items.0'],
        ['Namespace', 'v1', 'monitoring', 'items.1'],
      ],
    );
  });

  it('puts the namespaces, pods, workloads, services and policies of typed lists in the cluster model', () => {
    const model = modelOf({ 'file:///ns.json': NAMESPACES, 'file:///pods.yaml': PODS, 'file:///workloads.yaml': WORKLOADS, 'file:///policies.yaml': POLICIES });
    assert.deepEqual(
      [...model.namespaces.values()]
        .filter((n) => n.declared)
        .map((n) => [n.name, n.labels.team])
        .sort(),
      [
        ['monitoring', 'ops'],
        ['shop', 'shop'],
      ],
    );
    assert.deepEqual(model.endpoints.map((e) => e.key).sort(), ['monitoring/prometheus-0', 'shop/Deployment/api', 'shop/StatefulSet/db', 'shop/web-1']);
    assert.deepEqual(
      model.services.map((s) => `${s.namespace}/${s.name}`),
      ['shop/web'],
    );
    assert.deepEqual(
      model.policies.map((p) => p.id),
      ['shop/web-from-monitoring'],
    );
    assert.deepEqual(model.leftOut, []);
  });

  it('computes reachability from them', () => {
    const model = modelOf({ 'file:///ns.yaml': NAMESPACES, 'file:///pods.yaml': PODS, 'file:///workloads.yaml': WORKLOADS, 'file:///policies.yaml': POLICIES });
    const result = computeReachability(model, { port: 8080 });
    const allowed = (from: string, to: string) => isAllowed(result, endpointIndex(result, from), endpointIndex(result, to));
    assert.equal(allowed('monitoring/prometheus-0', 'shop/web-1'), true);
    assert.equal(allowed('shop/Deployment/api', 'shop/web-1'), false);
    assert.equal(allowed('shop/web-1', 'shop/Deployment/api'), true);
  });

  it('validates the NetworkPolicies of a NetworkPolicyList as those of kind: List', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
- metadata: {name: Bad_Name}
  spec: {podSelector: {}, ingress: [{ports: [{port: 0}]}]}
`;
    const findings = getFileFindings(parseFile('file:///t.yaml', text), DEFAULT_SETTINGS);
    assert.deepEqual(
      findings.map((f) => [f.code, f.path, text.slice(f.start, f.end)]),
      [
        ['metadata.name-invalid', 'metadata.name', 'Bad_Name'],
        ['ports.port-out-of-range', 'spec.ingress[0].ports[0].port', '0'],
      ],
    );
  });

  it("keeps an item's own kind or apiVersion, as upstream (only an item with neither is completed)", () => {
    const [{ document }] = parseFile(
      'file:///t.yaml',
      `apiVersion: v1
kind: PodList
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: a}}
- {kind: Pod, metadata: {name: b}}
- {apiVersion: v1, metadata: {name: c}}
`,
    ).documents;
    assert.deepEqual(
      manifestsOfDocument(document)
        .slice(1)
        .map((m) => [m.kind, m.apiVersion, m.name]),
      [
        ['Namespace', 'v1', 'a'],
        ['Pod', undefined, 'b'],
        [undefined, 'v1', 'c'],
      ],
    );
  });
});
