import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { deployment, docs, namespace, policy, service, workspaceFindings } from './workspaceHarness';

const CODE = 'selector.matches-no-workload';
const APPS = docs(deployment('shop', 'frontend', { app: 'frontend', tier: 'web' }), deployment('shop', 'backend', { app: 'backend', tier: 'api' }));
const MONITORING = deployment('monitoring', 'prometheus', { app: 'prometheus' });

const selecting = (selector: string, rules = ''): string => policy('shop', 'p', `  podSelector:\n${selector}  policyTypes: [Ingress]\n${rules}`);

describe(CODE, () => {
  it('reports a podSelector that selects no workload, with the values the label has there', () => {
    const findings = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    matchLabels:\n      app: frontnd\n') }, CODE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].path, 'spec.podSelector');
    assert.equal(findings[0].text, 'matchLabels:\n      app: frontnd');
    assert.equal(findings[0].severity, 'warning');
    assert.equal(
      findings[0].message,
      'No workload in shop matches podSelector app=frontnd: the policy applies to no pod. (Workloads there: app is "backend" or "frontend".)',
    );
  });

  it('reports a pod peer that matches no workload, on its podSelector', () => {
    const rules = `  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              role: client\n`;
    const [finding] = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    matchLabels:\n      app: backend\n', rules) }, CODE);
    assert.equal(finding.path, 'spec.ingress[0].from[0].podSelector');
    assert.equal(
      finding.message,
      'No workload in shop matches podSelector role=client: this peer allows traffic from no pod. (Workloads there: none has the label role.)',
    );
  });

  it('reports a peer whose namespaceSelector names a described namespace', () => {
    const rules = `  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n          podSelector:\n            matchLabels:\n              app: grafana\n`;
    const findings = workspaceFindings(
      { 'apps/shop.yaml': docs(APPS, MONITORING), 'policies/p.yaml': selecting('    matchLabels:\n      app: backend\n', rules) },
      CODE,
    );
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'No workload in the namespaces it selects matches namespaceSelector kubernetes.io/metadata.name=monitoring and podSelector app=grafana: this peer allows traffic from no pod.',
      ],
    );
  });

  it('is silent when a workload matches, on an empty selector, and for matchExpressions that match', () => {
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    matchLabels:\n      app: frontend\n') }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    {}\n') }, CODE), []);
    const expressions = '    matchExpressions:\n      - {key: tier, operator: In, values: [web, db]}\n';
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting(expressions) }, CODE), []);
  });

  it('is silent when the workspace has no workloads, or none in the namespace', () => {
    assert.deepEqual(workspaceFindings({ 'policies/p.yaml': selecting('    matchLabels:\n      app: nothing\n') }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'apps/m.yaml': MONITORING, 'policies/p.yaml': selecting('    matchLabels:\n      app: nothing\n') }, CODE), []);
  });

  it('is silent when a Service of the namespace selects pods the workspace does not have (made elsewhere)', () => {
    const operatorMade = service('shop', 'prometheus', { app: 'prometheus' }, ['9090']);
    const files = { 'apps/shop.yaml': docs(APPS, operatorMade), 'policies/p.yaml': selecting('    matchLabels:\n      app: prometheus\n') };
    assert.deepEqual(workspaceFindings(files, CODE), []);
  });

  it('is silent when the namespace’s workloads are far from the policy (another project of the repository)', () => {
    const files = { 'project-a/deploy/apps.yaml': APPS, 'project-b/policies/p.yaml': selecting('    matchLabels:\n      app: other\n') };
    assert.deepEqual(workspaceFindings(files, CODE), []);
    // Beside it (under the parent of the policy's folder), they count.
    assert.equal(workspaceFindings({ ...files, 'project-b/deploy/apps.yaml': APPS }, CODE).length, 1);
  });

  it('is silent for a namespaceSelector by other labels, which can match namespaces the workspace does not know', () => {
    const rules = `  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: platform\n          podSelector:\n            matchLabels:\n              app: grafana\n`;
    const files = {
      'apps/shop.yaml': docs(APPS, MONITORING, namespace('monitoring', { team: 'platform' })),
      'policies/p.yaml': selecting('    matchLabels:\n      app: backend\n', rules),
    };
    assert.deepEqual(workspaceFindings(files, CODE), []);
  });

  it('leaves invalid selectors to validation, and unnamed objects (run-time templates) out', () => {
    const invalid = '    matchExpressions:\n      - {key: app, operator: Has}\n';
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting(invalid) }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    matchLabels:\n      app@b: web\n') }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('    matchLabels:\n      app: $web\n') }, CODE), []);
    const unnamed = selecting('    matchLabels:\n      app: nothing\n').replace('  name: p\n', '');
    assert.deepEqual(workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': unnamed }, CODE), []);
  });
});
