import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DNS_RULE, deployment, docs, namespace, policy, workspaceFindings, type Files } from './workspaceHarness';

const APPS = docs(deployment('shop', 'frontend', { app: 'frontend' }, ['http:8080']), deployment('shop', 'backend', { app: 'backend' }, ['http:8080']));

const FRONTEND_EGRESS = policy(
  'shop',
  'frontend-egress',
  `  podSelector:
    matchLabels:
      app: frontend
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: backend
      ports:
        - port: 8080
`,
);

const DEFAULT_DENY = policy('shop', 'default-deny', `  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n`);

function dnsPolicy(ports: string, to = ''): string {
  return policy('shop', 'allow-dns', `  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - ${to}ports:\n${ports}`);
}

const codes = (files: Files): string[] =>
  workspaceFindings(files)
    .filter((f) => f.code.startsWith('dns.'))
    .map((f) => `${f.code} ${f.uri} ${f.text}`);

describe('dns.missing-egress', () => {
  it('reports a policy that isolates egress without DNS, on its Egress entry, naming the pods', () => {
    const findings = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/frontend.yaml': FRONTEND_EGRESS }, 'dns.missing-egress');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].text, 'Egress');
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].path, 'spec.policyTypes[0]');
    assert.equal(
      findings[0].message,
      'Egress of shop/Deployment/frontend is isolated, and no policy allows DNS to kube-dns in kube-system: name lookups fail. Allow UDP and TCP port 53 to it.',
    );
  });

  it('reports every policy that isolates the pods, each naming the pods it selects', () => {
    const findings = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, FRONTEND_EGRESS) }, 'dns.missing-egress');
    assert.deepEqual(
      findings.map((f) => f.message.slice(0, f.message.indexOf(' is isolated'))),
      ['Egress of shop/Deployment/backend and shop/Deployment/frontend', 'Egress of shop/Deployment/frontend'],
    );
    // backend is allowed nothing at all, frontend something: the general message.
    assert.match(findings[0].message, /no policy allows DNS/);
  });

  it('says so when the pods are allowed no egress at all', () => {
    const [finding] = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/deny.yaml': DEFAULT_DENY }, 'dns.missing-egress');
    assert.match(
      finding.message,
      /^Egress of shop\/Deployment\/backend and shop\/Deployment\/frontend is isolated and allowed nothing, DNS included: name lookups fail\. If these pods make any outbound call/,
    );
  });

  it('is silent when another policy allows UDP and TCP 53 to CoreDNS, or to everything', () => {
    const ports = `        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`;
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, FRONTEND_EGRESS, dnsPolicy(ports)) }), []);
    const toCoreDns = `to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      `;
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy(ports, toCoreDns)) }), []);
    const allEgress = policy('shop', 'all-egress', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - {}\n`);
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, allEgress) }), []);
  });

  it('is silent for a rule added by the quick fix', () => {
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': `${FRONTEND_EGRESS}${DNS_RULE}` }), []);
  });

  it('takes an ipBlock to reach the DNS pods only when it covers every address', () => {
    const to = (cidr: string): string => `to:\n        - ipBlock:\n            cidr: ${cidr}\n      `;
    const ports = `        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`;
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy(ports, to('0.0.0.0/0'))) }), []);
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy(ports, to('::/0'))) }), []);
    assert.equal(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy(ports, to('10.0.0.0/8'))) }).length, 2);
  });

  it('explains a rule to port 53 whose namespaceSelector does not match kube-system', () => {
    const ports = `        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`;
    const to = `to:\n        - namespaceSelector:\n            matchLabels:\n              name: kube-system\n      `;
    const findings = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': dnsPolicy(ports, to) }, 'dns.missing-egress');
    assert.equal(findings.length, 1);
    assert.match(
      findings[0].message,
      /\(spec\.egress\[0\] allows port 53, but its namespaceSelector name=kube-system does not match kube-system, labelled kubernetes\.io\/metadata\.name=kube-system\.\)$/,
    );
    // With the label on a declared kube-system Namespace, the rule reaches CoreDNS.
    assert.deepEqual(
      codes({ 'apps/shop.yaml': APPS, 'cluster/ns.yaml': namespace('kube-system', { name: 'kube-system' }), 'policies/p.yaml': dnsPolicy(ports, to) }),
      [],
    );
  });

  it('explains a podSelector without namespaceSelector, which stays in the policy namespace', () => {
    const ports = `        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`;
    const to = `to:\n        - podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      `;
    const [finding] = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': dnsPolicy(ports, to) }, 'dns.missing-egress');
    assert.match(finding.message, /but to pods in shop only: a podSelector without namespaceSelector stays in the policy's namespace\.\)$/);
  });

  it("uses the workspace's CoreDNS pods when it has them, with their namespace's labels", () => {
    const coredns = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53/TCP']);
    const files = {
      'apps/shop.yaml': APPS,
      'cluster/dns.yaml': docs(namespace('kube-system', { tier: 'system' }), coredns),
      'policies/p.yaml': docs(
        DEFAULT_DENY,
        policy(
          'shop',
          'dns',
          `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {tier: system}}\n      ports:\n        - {port: dns, protocol: UDP}\n        - {port: dns-tcp}\n`,
        ),
      ),
    };
    assert.deepEqual(codes(files), []);
    const [finding] = workspaceFindings({ ...files, 'policies/p.yaml': DEFAULT_DENY }, 'dns.missing-egress');
    assert.match(finding.message, /to kube-dns \(kube-system\/Deployment\/coredns\)/);
  });

  it('checks a repository of policies alone against stand-in pods with the labels the podSelector requires', () => {
    const findings = workspaceFindings({ 'policies/p.yaml': docs(DEFAULT_DENY, FRONTEND_EGRESS) }, 'dns.missing-egress');
    assert.deepEqual(
      findings.map((f) => f.message.slice(0, f.message.indexOf(' is isolated'))),
      ['Egress of every pod in shop and the pods with app=frontend in shop', 'Egress of the pods with app=frontend in shop'],
    );
  });

  it('counts OpenShift DNS (openshift-dns, port 5353)', () => {
    const ports = `        - protocol: UDP\n          port: 5353\n        - protocol: TCP\n          port: 5353\n`;
    const to = `to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: openshift-dns\n      `;
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy(ports, to)) }), []);
  });

  it('leaves out pods on the host network and the DNS pods themselves', () => {
    const hostNetwork = deployment('shop', 'agent', { app: 'agent' }).replace(
      '    spec:\n      containers:',
      '    spec:\n      hostNetwork: true\n      containers:',
    );
    assert.deepEqual(codes({ 'apps/shop.yaml': hostNetwork, 'policies/p.yaml': DEFAULT_DENY }), []);
    const coredns = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53/TCP']);
    assert.deepEqual(
      codes({ 'cluster/dns.yaml': coredns, 'policies/p.yaml': policy('kube-system', 'deny', '  podSelector: {}\n  policyTypes: [Egress]\n') }),
      [],
    );
  });

  it('reports nothing on a policy that does not isolate egress', () => {
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': policy('shop', 'ingress-only', '  podSelector: {}\n  policyTypes: [Ingress]\n') }), []);
  });
});

describe('dns.udp-only and dns.tcp-only', () => {
  it('reports DNS allowed over UDP only', () => {
    const findings = workspaceFindings({
      'apps/shop.yaml': APPS,
      'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy('        - protocol: UDP\n          port: 53\n')),
    });
    assert.deepEqual(
      findings.map((f) => `${f.code} ${f.text}`),
      ['dns.udp-only Egress', 'dns.udp-only Egress'],
    );
    assert.equal(
      findings[0].message,
      'DNS is allowed over UDP only for shop/Deployment/backend and shop/Deployment/frontend: lookups whose answers are truncated and retried over TCP fail. Allow TCP port 53 to kube-dns in kube-system too.',
    );
  });

  it('reports a port 53 without protocol as TCP only, and says why', () => {
    const findings = workspaceFindings({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, dnsPolicy('        - port: 53\n')) }, 'dns.tcp-only');
    assert.equal(findings.length, 2);
    assert.match(
      findings[1].message,
      /^DNS is allowed over TCP only for shop\/Deployment\/backend and shop\/Deployment\/frontend \(a port without protocol is TCP\): lookups over UDP/,
    );
    // The default deny has no such entry: no "without protocol" there.
    assert.doesNotMatch(findings[0].message, /without protocol/);
  });

  it('combines the policies that select a pod: UDP in one, TCP in another', () => {
    const udp = dnsPolicy('        - protocol: UDP\n          port: 53\n');
    const tcp = policy('shop', 'dns-tcp', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: 53\n`);
    assert.deepEqual(codes({ 'apps/shop.yaml': APPS, 'policies/p.yaml': docs(DEFAULT_DENY, udp, tcp) }), []);
  });
});

describe('DNS lints: scale', () => {
  // 5,000 policies take about 1 s of lint time on a quiet machine (the report of the change has the numbers);
  // here 1,000, to keep the suite quick: parsing them is most of the time.
  it('1,000 policies over 800 workloads are checked in one pass per model', () => {
    const files: Record<string, string> = {};
    const apps: string[] = [];
    for (let n = 0; n < 20; n++) for (let w = 0; w < 40; w++) apps.push(deployment(`ns${n}`, `app${w}`, { app: `app${w}`, tier: `t${w % 4}` }, ['http:8080']));
    files['apps/apps.yaml'] = docs(...apps);
    for (let n = 0; n < 20; n++) {
      const policies = [DEFAULT_DENY.replace(/shop/g, `ns${n}`)];
      for (let i = 1; i < 50; i++) {
        policies.push(
          policy(
            `ns${n}`,
            `p${i}`,
            `  podSelector:\n    matchLabels:\n      app: app${i % 40}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {tier: t${i % 4}}}\n      ports: [{port: 8080}]\n`,
          ),
        );
      }
      files[`policies/ns${n}.yaml`] = docs(...policies);
    }
    const started = performance.now();
    const findings = workspaceFindings(files, 'dns.missing-egress');
    const elapsed = performance.now() - started;
    assert.equal(findings.length, 1000);
    // Parsing and the model take most of it; the bound only catches a quadratic pass (minutes).
    assert.ok(elapsed < 60_000, `took ${Math.round(elapsed)} ms`);
  });
});
