import type { SourceRef } from '../../server/src/service/cluster/sourceRef';
import type { ClusterModel } from '../../server/src/service/cluster/clusterModel';
import { computeReachability } from '../../server/src/service/reachability/reachabilityEngine';
import { buildReachabilityView } from '../../server/src/service/reachabilityView/buildReachabilityView';
import { explainCell } from '../../server/src/service/reachabilityView/explanationView';
import type { ExplanationView, ReachabilityView, ViewFilter } from '../../server/src/service/reachabilityView/viewModel';
import { examplesModel, modelOf } from '../unit/reachabilityView/fixtures';

export const formatRef = (ref: SourceRef): string => `${ref.uri.replace(/^.*\/(examples|test)\//, '')}:${ref.start}`;

export function viewOf(model: ClusterModel, title = 'fixture', generation = 1): ReachabilityView {
  return buildReachabilityView(computeReachability(model), { title, generation, formatRef });
}

export function explain(model: ClusterModel, from: string, to: string, filter: ViewFilter): ExplanationView[] {
  return explainCell(model, from, to, filter, formatRef)!;
}

export { examplesModel, modelOf };

export const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
export const HOSTILE_SCRIPT = '"><script>alert(2)</script>';

/** Labels a browser would run if they were ever parsed as HTML. */
export const HOSTILE_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: x
  labels: {note: '${HOSTILE_IMG}', app: '${HOSTILE_SCRIPT}'}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-b, namespace: x}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress: [{from: [{podSelector: {matchLabels: {note: '${HOSTILE_IMG}'}}}]}]
`;

/**
 * A view whose every string is hostile: endpoint keys and names, group names, policy ids, messages and places. A
 * builder would never produce it from valid manifests, which is the point: the renderer must not care.
 */
export function hostileView(): ReachabilityView {
  const view = viewOf(modelOf(HOSTILE_YAML), HOSTILE_SCRIPT);
  const ref = { uri: 'file:///x.yaml', start: 0, end: 1, path: '', label: HOSTILE_IMG };
  return {
    ...view,
    endpoints: view.endpoints.map((endpoint, i) => ({
      ...endpoint,
      key: `${endpoint.key}${i === 0 ? HOSTILE_IMG : HOSTILE_SCRIPT}`,
      name: `${endpoint.name}${HOSTILE_IMG}`,
    })),
    groups: view.groups.map((group) => ({ ...group, name: `${group.name}${HOSTILE_SCRIPT}` })),
    policies: view.policies.map((policy) => ({ ...policy, id: HOSTILE_SCRIPT, ref })),
    problems: [{ kind: 'left-out', message: HOSTILE_IMG, ref }],
  };
}

/**
 * About a thousand endpoints: 20 namespaces of 50 pods in ten apps, each namespace closed but to its own app
 * and to a monitoring namespace, which may reach everything.
 */
export function largeYaml(namespaces = 20, podsPerNamespace = 50): string {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${String(n).padStart(2, '0')}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: "${n % 4}"}}\n`);
    for (let p = 0; p < podsPerNamespace; p++) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${p}, namespace: ${ns}, labels: {app: app-${p % 10}, tier: t${p % 3}}}\nspec: {containers: [{name: c, ports: [{name: http, containerPort: ${8000 + (p % 5)}}]}]}\n`,
      );
    }
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`,
    );
    for (let a = 0; a < 10; a++) {
      docs.push(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: app-${a}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: app-${a}}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: app-${a}}}}]\n    ports: [{port: http}]\n  - from: [{namespaceSelector: {matchLabels: {team: "${a % 4}"}}}]\n    ports: [{port: 9090}]\n`,
      );
    }
  }
  return docs.join('---\n');
}
