import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createNetpolService, DEFAULT_SETTINGS, getFileFindings, manifestsOfDocument, parseFile } from '../../../server/src/service';
import { parseAllDocuments } from 'yaml';
import { expandSnippet, markTabStops, TAB_STOP_MARK } from './snippetExpander';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SNIPPETS_PATH = 'snippets/networkpolicy.json';

interface Snippet {
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly unknown[];
}
interface Peer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}
interface PolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}
interface Rule {
  readonly from?: readonly Peer[];
  readonly to?: readonly Peer[];
  readonly ports?: readonly PolicyPort[];
}
/** The parts of a NetworkPolicy the semantic checks read; only read once the service found no error. */
interface Policy {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly Rule[];
    readonly egress?: readonly Rule[];
  };
}

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/** What each snippet must mean, beyond being valid. Every snippet needs an entry. */
const SEMANTICS: Readonly<Record<string, (policies: readonly Policy[]) => void>> = {
  'netpol-deny-ingress': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assertNoRules(policy);
  },
  'netpol-deny-egress': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    assertNoRules(policy);
  },
  'netpol-deny-all': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    assertNoRules(policy);
  },
  'netpol-allow-dns': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    assert.equal(policy.spec.ingress, undefined);
    const [rule] = onlyRules(policy.spec.egress);
    // One peer with both selectors (AND): kube-dns pods in kube-system, not every pod there or kube-dns anywhere.
    assert.deepEqual(rule.to, [
      { namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    ]);
    assert.deepEqual(rule.ports, [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  },
  'netpol-allow-same-namespace': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    const [rule] = onlyRules(policy.spec.ingress);
    // A podSelector without a namespaceSelector stays in the policy's namespace; no ports means every port.
    assert.deepEqual(rule, { from: [{ podSelector: {} }] });
  },
  'netpol-allow-from-namespace': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assertSelectsSomePods(policy);
    const [rule] = onlyRules(policy.spec.ingress);
    assert.deepEqual(rule.from, [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: 'monitoring' } } }]);
    assertOneNumericPort(rule);
  },
  'netpol-allow-from-ingress-controller': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assertSelectsSomePods(policy);
    const [rule] = onlyRules(policy.spec.ingress);
    const [peer] = onlyPeers(rule.from);
    assert.equal(peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME], 'ingress-nginx');
    assert.ok(peer.podSelector?.matchLabels, 'the controller pods, not every pod of its namespace');
    assertOneNumericPort(rule);
  },
  'netpol-allow-frontend-to-backend': ([policy]) => {
    assert.deepEqual(policy.spec.podSelector, { matchLabels: { app: 'backend' } });
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    const [rule] = onlyRules(policy.spec.ingress);
    assert.deepEqual(rule.from, [{ podSelector: { matchLabels: { app: 'frontend' } } }]);
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: 8080 }]);
  },
  'netpol-egress-to-database': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    assertSelectsSomePods(policy);
    const [rule] = onlyRules(policy.spec.egress);
    const [peer] = onlyPeers(rule.to);
    const namespace = peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME];
    assert.ok(namespace && namespace !== policy.metadata.namespace, 'the database is in another namespace');
    assert.ok(peer.podSelector?.matchLabels, 'the database pods, not every pod of that namespace');
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: 5432 }]);
  },
  'netpol-egress-cidr-except-private': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    const [rule] = onlyRules(policy.spec.egress);
    assert.deepEqual(rule.to, [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }]);
    assertOneNumericPort(rule);
  },
  'netpol-port-range': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    const [rule] = onlyRules(policy.spec.egress);
    assert.equal(rule.ports?.length, 1);
    const [port] = rule.ports ?? [];
    assert.equal(typeof port.port, 'number', 'endPort needs a numeric port');
    assert.equal(typeof port.endPort, 'number');
    assert.ok((port.endPort ?? 0) > Number(port.port), 'a range of more than one port');
    assert.ok(rule.to?.[0]?.ipBlock, 'to a CIDR');
  },
  'netpol-and-peer': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    const [rule] = onlyRules(policy.spec.ingress);
    const [peer] = onlyPeers(rule.from);
    assert.ok(peer.namespaceSelector?.matchLabels && peer.podSelector?.matchLabels, 'both selectors in one peer');
  },
  'netpol-multi-tier': (policies) => {
    assert.equal(policies.length, 3);
    const [web, app, db] = policies;
    assert.equal(new Set(policies.map((p) => p.metadata.namespace)).size, 1, 'one namespace');
    assert.equal(new Set(policies.map((p) => p.metadata.name)).size, 3, 'three names');
    for (const policy of policies) assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    // web: from anywhere on its port; app: from web only; db: from app only.
    const [webRule] = onlyRules(web.spec.ingress);
    assert.equal(webRule.from, undefined);
    assertOneNumericPort(webRule);
    assert.deepEqual(onlyRules(app.spec.ingress)[0].from, [{ podSelector: web.spec.podSelector }]);
    assert.deepEqual(onlyRules(db.spec.ingress)[0].from, [{ podSelector: app.spec.podSelector }]);
    assert.deepEqual(onlyRules(db.spec.ingress)[0].ports, [{ protocol: 'TCP', port: 5432 }]);
  },
  // Cluster policies (policy.networking.k8s.io/v1alpha2): read as plain objects.
  'netpol-cnp-protect-kube-system': ([policy]) => {
    const spec = clusterSpec(policy);
    assert.equal(spec.tier, 'Admin');
    assert.deepEqual(spec.subject, { namespaces: { matchLabels: { [NAMESPACE_NAME]: 'kube-system' } } });
    const rules = spec.ingress as { action: string; from: unknown[]; protocols?: unknown[] }[];
    assert.deepEqual(
      rules.map((rule) => rule.action),
      ['Accept', 'Accept', 'Deny'],
    );
    // DNS stays open to every namespace before the Deny, or every pod loses name resolution.
    assert.deepEqual(rules[1].from, [{ namespaces: {} }]);
    assert.deepEqual(rules[1].protocols, [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }]);
    assert.deepEqual(rules[2], { name: 'deny-other-namespaces', action: 'Deny', from: [{ namespaces: {} }] });
  },
  'netpol-cnp-deny-metadata': ([policy]) => {
    const spec = clusterSpec(policy);
    assert.equal(spec.tier, 'Admin');
    assert.deepEqual(spec.subject, { namespaces: {} });
    assert.equal(spec.ingress, undefined);
    assert.deepEqual(spec.egress, [{ name: 'metadata-service', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }]);
  },
  'netpol-cnp-baseline-deny': ([policy]) => {
    const spec = clusterSpec(policy);
    assert.equal(spec.tier, 'Baseline', 'NetworkPolicies override it');
    assert.deepEqual(spec.ingress, [{ name: 'default-deny', action: 'Deny', from: [{ namespaces: {} }] }]);
    assert.equal(spec.egress, undefined, 'egress stays open (DNS)');
  },
  'netpol-cnp-allow-monitoring': ([policy]) => {
    const spec = clusterSpec(policy);
    assert.equal(spec.tier, 'Admin');
    assert.deepEqual(spec.subject, { namespaces: {} });
    const [rule] = spec.ingress as { action: string; from: { pods?: { namespaceSelector: unknown; podSelector: { matchLabels?: object } } }[] }[];
    assert.equal(rule.action, 'Accept');
    assert.ok(rule.from[0].pods?.podSelector.matchLabels, 'the monitoring pods, not every pod of the namespace');
  },
  'netpol-allow-all-ingress': ([policy]) => {
    assertSelectsAllPods(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    // One empty rule (not an empty peer, which the API server rejects) allows every source on every port.
    assert.deepEqual(policy.spec.ingress, [{}]);
  },
};

const CLUSTER_KINDS = new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

function clusterSpec(policy: Policy): Record<string, unknown> {
  return policy.spec as unknown as Record<string, unknown>;
}

function assertSelectsAllPods(policy: Policy): void {
  assert.deepEqual(policy.spec.podSelector, {}, 'an empty podSelector selects every pod of the namespace');
}

function assertSelectsSomePods(policy: Policy): void {
  assert.ok(Object.keys(policy.spec.podSelector.matchLabels ?? {}).length > 0, 'selects pods by label');
}

function assertNoRules(policy: Policy): void {
  assert.equal(policy.spec.ingress, undefined);
  assert.equal(policy.spec.egress, undefined);
}

function onlyRules(rules: readonly Rule[] | undefined): readonly Rule[] {
  assert.equal(rules?.length, 1, 'one rule');
  return rules ?? [];
}

function onlyPeers(peers: readonly Peer[] | undefined): readonly Peer[] {
  assert.equal(peers?.length, 1, 'one peer');
  return peers ?? [];
}

function assertOneNumericPort(rule: Rule): void {
  assert.equal(rule.ports?.length, 1, 'one port');
  assert.equal(typeof rule.ports?.[0].port, 'number');
}

const snippets = JSON.parse(readFileSync(path.join(REPO_ROOT, SNIPPETS_PATH), 'utf8')) as Record<string, Snippet>;

describe('snippets', () => {
  it('are contributed for YAML', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets?: Array<{ language: string; path: string }> };
    };
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: `./${SNIPPETS_PATH}` }]);
  });

  it('each have a netpol- prefix of their own, a description and a semantic check', () => {
    const prefixes = Object.values(snippets).map((snippet) => snippet.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.match(snippet.prefix, /^netpol-[a-z0-9-]+$/, name);
      assert.ok(snippet.description.length > 20, `${name} says what the policy does`);
      assert.ok(SEMANTICS[snippet.prefix], `${snippet.prefix} has a semantic check`);
    }
    assert.deepEqual(Object.keys(SEMANTICS).sort(), [...prefixes].sort(), 'no check is left without its snippet');
  });

  it('indent with spaces only, in steps of two, from column 0', () => {
    // VS Code turns a tab in a body into the editor's indentation, which may not be two spaces: YAML needs the
    // exact columns, so bodies use spaces. Continuation lines get the insertion line's indentation added, which
    // keeps the structure when a snippet is inserted at column 0, where a manifest starts.
    for (const [name, snippet] of Object.entries(snippets)) {
      snippet.body.forEach((line, index) => {
        const where = `${name}, line ${index + 1}: ${JSON.stringify(line)}`;
        assert.doesNotMatch(line, /\t/, where);
        assert.doesNotMatch(line, /[ ]$/, where);
        assert.equal((/^ */.exec(line)?.[0].length ?? 0) % 2, 0, where);
      });
      assert.doesNotMatch(snippet.body[0], /^\s/, name);
    }
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix} inserts NetworkPolicies (or cluster policies) with no error`, (t) => {
      const text = expandSnippet(snippet.body.join('\n')) + '\n';
      const file = parseFile(`file:///snippets/${snippet.prefix}.yaml`, text);
      const manifests = file.documents.flatMap(({ document }) => manifestsOfDocument(document));
      assert.ok(manifests.length > 0, `${name} inserts a manifest`);
      for (const manifest of manifests) {
        if (CLUSTER_KINDS.has(manifest.kind ?? '')) {
          // The current API (v1alpha2), cluster-scoped: no namespace.
          assert.equal(manifest.kind, 'ClusterNetworkPolicy');
          assert.equal(manifest.apiVersion, 'policy.networking.k8s.io/v1alpha2');
          assert.ok(manifest.name && !manifest.namespace, 'named, cluster-scoped');
          continue;
        }
        assert.equal(manifest.kind, 'NetworkPolicy');
        assert.equal(manifest.apiVersion, 'networking.k8s.io/v1');
        assert.ok(manifest.name && manifest.namespace, 'named, in an explicit namespace');
      }
      if (manifests.some((manifest) => CLUSTER_KINDS.has(manifest.kind ?? ''))) {
        // Alone in a workspace, with the workspace lints: no cluster policy lint either (shadowed rules, Pass in Baseline).
        const service = createNetpolService();
        service.setFile(file.uri, text);
        const all = service.getDiagnostics(file.uri, DEFAULT_SETTINGS);
        assert.deepEqual(
          all.filter((f) => f.severity === 'error' || f.code.startsWith('cnp.')).map((f) => `${f.code}: ${f.message}`),
          [],
          text,
        );
      }
      // Documents that are no manifest (a stray `---` splitting one in two, an empty document) would be mistakes.
      assert.equal(file.documents.length, manifests.length, 'one NetworkPolicy per document');
      const findings = getFileFindings(file, DEFAULT_SETTINGS);
      const describe = (f: (typeof findings)[number]) => `${f.severity} ${f.code} at ${f.path ?? f.start}: ${f.message}`;
      assert.deepEqual(findings.filter((f) => f.severity === 'error').map(describe), [], text);
      for (const finding of findings) t.diagnostic(describe(finding));
      SEMANTICS[snippet.prefix](manifests.map((manifest) => manifest.value as unknown as Policy));
    });
  }
});

/**
 * Literal label values and ports that a snippet writes on purpose, not as a value to fill in: DNS is served by the
 * kube-dns pods in kube-system, on port 53, in every cluster the snippet is for.
 */
const FIXED_VALUES: Readonly<Record<string, readonly string[]>> = {
  'netpol-allow-dns': ['kube-system', 'kube-dns', '53'],
  'netpol-cnp-protect-kube-system': ['kube-system', '53'],
};

/** Where a marked expansion holds label values and ports: every `matchLabels` value, every `port` and `endPort`. */
function labelValuesAndPorts(node: unknown, path: string, out: { path: string; value: unknown }[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => labelValuesAndPorts(item, `${path}[${index}]`, out));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const at = `${path}.${key}`;
    if (key === 'matchLabels' && typeof value === 'object' && value !== null) {
      for (const [label, labelValue] of Object.entries(value)) out.push({ path: `${at}.${label}`, value: labelValue });
    } else if (((key === 'port' || key === 'endPort') && /\.ports\[\d+\]$/.test(path)) || (key === 'number' && path.endsWith('.destinationPort'))) {
      out.push({ path: at, value });
    } else {
      labelValuesAndPorts(value, at, out);
    }
  }
}

describe('snippets: tab stops for what the user fills in', () => {
  const isMark = (value: unknown): boolean => typeof value === 'string' && /^TABSTOP[1-9]\d*$/.test(value);
  const holdsMark = (value: unknown): boolean => typeof value === 'string' && /TABSTOP[1-9]\d*/.test(value);

  for (const snippet of Object.values(snippets)) {
    it(`${snippet.prefix}: the name is tab stop 1, and names, label values and ports are placeholders`, () => {
      const body = snippet.body.join('\n');
      // The first thing typed is the policy's name: tab stop 1, with a default, on the first metadata.name line.
      const nameLine = snippet.body.find((line) => /^ {2}name:/.test(line));
      assert.match(nameLine ?? '', /\$\{1:[^}]+\}/, 'the first metadata.name holds ${1:...}');

      const documents = parseAllDocuments(markTabStops(body) + '\n').map((document) => document.toJS() as Record<string, unknown>);
      assert.ok(documents.length > 0);
      const fixed = new Set(FIXED_VALUES[snippet.prefix] ?? []);
      const literals: string[] = [];
      documents.forEach((document, index) => {
        const metadata = (document.metadata ?? {}) as Record<string, unknown>;
        const where = documents.length > 1 ? `document ${index + 1}: ` : '';
        if (index === 0) assert.ok(String(metadata.name).includes(TAB_STOP_MARK(1)), `${where}metadata.name is tab stop 1: ${String(metadata.name)}`);
        assert.ok(holdsMark(metadata.name), `${where}metadata.name is a placeholder: ${String(metadata.name)}`);
        if (CLUSTER_KINDS.has(String(document.kind))) assert.equal(metadata.namespace, undefined, `${where}a cluster policy has no namespace`);
        else assert.ok(isMark(metadata.namespace), `${where}metadata.namespace is a placeholder: ${String(metadata.namespace)}`);
        const values: { path: string; value: unknown }[] = [];
        labelValuesAndPorts(document.spec, 'spec', values);
        for (const { path: at, value } of values) {
          if (!isMark(value) && !fixed.has(String(value))) literals.push(`${where}${at}: ${JSON.stringify(value)}`);
        }
      });
      assert.deepEqual(literals, [], 'label values and ports are placeholders, not literals');
    });
  }

  it('the marked expansion sees through linked and nested tab stops', () => {
    assert.equal(markTabStops('name: allow-to-${3:web}\nns: ${1:shop}\n${2:tier}: $3\np: ${4|TCP,UDP|}$0'), 'name: allow-to-TABSTOP3\nns: TABSTOP1\nTABSTOP2: TABSTOP3\np: TABSTOP4');
    assert.equal(markTabStops('${1:app: ${2:web}}'), 'TABSTOP1');
  });

  it('finds every label value and port, marked or literal', () => {
    const values: { path: string; value: unknown }[] = [];
    const [document] = parseAllDocuments(markTabStops('spec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - ports:\n        - port: 80\n          endPort: ${3:90}\n')).map((d) => d.toJS() as Record<string, unknown>);
    labelValuesAndPorts(document.spec, 'spec', values);
    assert.deepEqual(values, [
      { path: 'spec.podSelector.matchLabels.app', value: 'web' },
      { path: 'spec.ingress[0].ports[0].port', value: 80 },
      { path: 'spec.ingress[0].ports[0].endPort', value: 'TABSTOP3' },
    ]);
  });
});
