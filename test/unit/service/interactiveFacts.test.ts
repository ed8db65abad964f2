import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, manifestsOfFile, ManifestWorkspace, WorkspaceAnalysis } from '../../../server/src/service';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
`;
const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
`;

describe('interactive facts: a hover never waits for the whole workspace', () => {
  it('answers from the last model while a slow rebuild is due, and from the current one once it is built', () => {
    const workspace = new ManifestWorkspace();
    const policyFile = workspace.setFile('file:///p.yaml', POLICY);
    workspace.setFile('file:///a.yaml', DEPLOYMENT('a'));
    const analysis = new WorkspaceAnalysis(workspace);
    const policy = manifestsOfFile(policyFile)[0];
    assert.deepEqual(analysis.interactiveFacts(DEFAULT_SETTINGS).selectedBy(policy), ['shop/Deployment/a']);

    workspace.setFile('file:///b.yaml', DEPLOYMENT('b'));
    // A budget no build meets: the model of before answers, without building.
    assert.deepEqual(analysis.interactiveFacts(DEFAULT_SETTINGS, -1).selectedBy(policy), ['shop/Deployment/a']);
    // Within budget (the last build was fast), the request builds the current model itself.
    assert.deepEqual(analysis.interactiveFacts(DEFAULT_SETTINGS).selectedBy(policy), ['shop/Deployment/a', 'shop/Deployment/b']);
  });

  it('builds the model when there is none yet, whatever the budget', () => {
    const workspace = new ManifestWorkspace();
    const policyFile = workspace.setFile('file:///p.yaml', POLICY);
    workspace.setFile('file:///a.yaml', DEPLOYMENT('a'));
    const analysis = new WorkspaceAnalysis(workspace);
    assert.deepEqual(analysis.interactiveFacts(DEFAULT_SETTINGS, -1).selectedBy(manifestsOfFile(policyFile)[0]), ['shop/Deployment/a']);
  });
});
