import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { deployment, docs, policy, service, workspaceFindings } from './workspaceHarness';

const BACKEND = deployment('shop', 'backend', { app: 'backend' }, ['http:8080', 'metrics:9102']);
const FRONTEND = deployment('shop', 'frontend', { app: 'frontend' }, ['http:8080']);
const DNS_SERVER = deployment('shop', 'resolver', { app: 'resolver' }, ['dns:53/UDP']);
const UNDECLARED = deployment('shop', 'legacy', { app: 'legacy' });

const ingressTo = (app: string, ports: string): string =>
  policy('shop', `${app}-ingress`, `  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]\n  ingress:\n    - ports:\n${ports}`);
const egressTo = (app: string, ports: string): string =>
  policy(
    'shop',
    'frontend-egress',
    `  podSelector:\n    matchLabels:\n      app: frontend\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app: ${app}\n      ports:\n${ports}`,
  );

const found = (files: Record<string, string>, code: string): string[] => workspaceFindings(files, code).map((f) => `${f.path} ${f.text}: ${f.message}`);

describe('ports.named-port-undeclared', () => {
  const CODE = 'ports.named-port-undeclared';

  it('reports a name that none of the selected pods declares (ingress)', () => {
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: metric\n') }, CODE), [
      'spec.ingress[0].ports[0].port metric: None of the pods this policy selects (shop/Deployment/backend) declares a container port named "metric" on TCP: this entry matches no traffic.',
    ]);
  });

  it("reports a name that none of the peers' pods declares (egress), and the protocol it has", () => {
    assert.deepEqual(found({ 'apps/a.yaml': docs(FRONTEND, DNS_SERVER), 'policies/p.yaml': egressTo('resolver', '        - port: dns\n') }, CODE), [
      'spec.egress[0].ports[0].port dns: None of the pods this rule allows traffic to (shop/Deployment/resolver) declares a container port named "dns" on TCP: this entry matches no traffic. (shop/Deployment/resolver declares it on UDP: an entry without protocol is TCP.)',
    ]);
  });

  it('is silent when one destination declares it, for egress to every destination, and for invalid names', () => {
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: metrics\n') }, CODE), []);
    assert.deepEqual(
      found({ 'apps/a.yaml': docs(FRONTEND, DNS_SERVER), 'policies/p.yaml': egressTo('resolver', '        - {port: dns, protocol: UDP}\n') }, CODE),
      [],
    );
    const anywhere = policy('shop', 'e', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: nothing\n');
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': anywhere }, CODE), []);
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: "8080"\n') }, CODE), []);
  });
});

describe('ports.service-port-not-target-port', () => {
  const CODE = 'ports.service-port-not-target-port';

  it('reports the port of a Service whose targetPort (a name) is another port of the pods', () => {
    const files = {
      'apps/a.yaml': docs(BACKEND, service('shop', 'backend', { app: 'backend' }, ['80->http'])),
      'policies/p.yaml': ingressTo('backend', '        - port: 80\n'),
    };
    assert.deepEqual(found(files, CODE), [
      'spec.ingress[0].ports[0].port 80: Port 80 is the port of Service shop/backend; policies see traffic after the Service has translated it, to targetPort 8080 (http) on shop/Deployment/backend. Write 8080.',
    ]);
    // The numeric-port lint leaves it to this one.
    assert.deepEqual(found(files, 'ports.numeric-port-undeclared'), []);
  });

  it('reports it on egress rules too, with a numeric targetPort, and for a targetPort the pods do not declare', () => {
    const files = {
      'apps/a.yaml': docs(FRONTEND, UNDECLARED, service('shop', 'legacy', { app: 'legacy' }, ['443->8443'])),
      'policies/p.yaml': egressTo('legacy', '        - port: 443\n'),
    };
    assert.deepEqual(found(files, CODE), [
      'spec.egress[0].ports[0].port 443: Port 443 is the port of Service shop/legacy; policies see traffic after the Service has translated it, to targetPort 8443 on shop/Deployment/legacy. Write 8443.',
    ]);
  });

  it('is silent when the pods also listen on the port, for the same port, other protocols and ranges', () => {
    const both = deployment('shop', 'backend', { app: 'backend' }, ['http:8080', 'web:80']);
    const svc = service('shop', 'backend', { app: 'backend' }, ['80->8080']);
    assert.deepEqual(found({ 'apps/a.yaml': docs(both, svc), 'policies/p.yaml': ingressTo('backend', '        - port: 80\n') }, CODE), []);
    const identity = service('shop', 'backend', { app: 'backend' }, ['8080']);
    assert.deepEqual(found({ 'apps/a.yaml': docs(BACKEND, identity), 'policies/p.yaml': ingressTo('backend', '        - port: 8080\n') }, CODE), []);
    const mapped = service('shop', 'backend', { app: 'backend' }, ['80->http']);
    assert.deepEqual(
      found({ 'apps/a.yaml': docs(BACKEND, mapped), 'policies/p.yaml': ingressTo('backend', '        - {port: 80, protocol: UDP}\n') }, CODE),
      [],
    );
    assert.deepEqual(found({ 'apps/a.yaml': docs(BACKEND, mapped), 'policies/p.yaml': ingressTo('backend', '        - {port: 80, endPort: 90}\n') }, CODE), []);
  });
});

describe('ports.numeric-port-undeclared', () => {
  const CODE = 'ports.numeric-port-undeclared';

  it('reports, as information, a port none of the pods declares, listing what they declare', () => {
    const findings = workspaceFindings({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: 8081\n') }, CODE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.equal(
      findings[0].message,
      'None of the pods this policy selects (shop/Deployment/backend) declares port 8081/TCP (they declare 8080/TCP and 9102/TCP). A pod may listen on a port it does not declare; if these do not, this entry allows nothing.',
    );
  });

  it('reports a range none of whose ports is declared', () => {
    assert.equal(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - {port: 9000, endPort: 9100}\n') }, CODE).length, 1);
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - {port: 9000, endPort: 9102}\n') }, CODE), []);
    // An empty range or a port out of range is validation's.
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - {port: 32768, endPort: 32000}\n') }, CODE), []);
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: 70000\n') }, CODE), []);
  });

  it('is silent for declared ports, pods that declare none, another protocol, and rules to everything', () => {
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - port: 8080\n') }, CODE), []);
    assert.deepEqual(found({ 'apps/a.yaml': UNDECLARED, 'policies/p.yaml': ingressTo('legacy', '        - port: 8080\n') }, CODE), []);
    const anywhere = policy('shop', 'e', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: 5432\n');
    assert.deepEqual(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': anywhere }, CODE), []);
  });

  it('is silent for an egress rule that also allows ipBlocks (the port may be meant for them)', () => {
    const mixed = egressTo('backend', '        - port: 443\n').replace('      ports:', '        - ipBlock:\n            cidr: 203.0.113.0/24\n      ports:');
    assert.deepEqual(found({ 'apps/a.yaml': docs(FRONTEND, BACKEND), 'policies/p.yaml': mixed }, CODE), []);
    const svc = service('shop', 'backend', { app: 'backend' }, ['443->8080']);
    assert.deepEqual(found({ 'apps/a.yaml': docs(FRONTEND, BACKEND, svc), 'policies/p.yaml': mixed }, 'ports.service-port-not-target-port'), []);
    assert.equal(found({ 'apps/a.yaml': docs(FRONTEND, BACKEND), 'policies/p.yaml': egressTo('backend', '        - port: 443\n') }, CODE).length, 1);
  });

  it('reports a UDP port against TCP declarations', () => {
    assert.equal(found({ 'apps/a.yaml': BACKEND, 'policies/p.yaml': ingressTo('backend', '        - {port: 8080, protocol: UDP}\n') }, CODE).length, 1);
  });
});
