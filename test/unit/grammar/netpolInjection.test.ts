import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { expandSnippet } from '../snippets/snippetExpander';
import {
  BASE_GRAMMARS,
  DOCUMENT_INJECTION_PATH,
  INJECTION_PATH,
  INJECTIONS,
  isOurScope,
  loadYamlGrammar,
  REPO_ROOT,
  scopesByCharacter,
  TEXTMATE_INJECTION_PATH,
  tokenize,
  type Token,
} from './tokenize';

const KEY = 'support.type.property-name.netpol';
const CIDR = 'constant.numeric.cidr.netpol';
const PROTOCOL = 'constant.language.protocol.netpol';
const POLICY_TYPE = 'constant.language.policy-type.netpol';
const OPERATOR = 'keyword.operator.expression.selector.netpol';
/** The scope of a NetworkPolicy document, from its `kind` line to its end: what the highlights require. */
const REGION = 'meta.networkpolicy.netpol';

/** A NetworkPolicy that uses every highlighted field, in block and flow style, with comments and quoted look-alikes. */
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api # podSelector: in a comment
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress
    - Egress # both
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - key: team
                operator: In
                values: [web, "10.0.0.0/8"]
              - {key: tier, operator: NotIn, values: [db]}
              - key: canary
                operator: Exists
              - {key: legacy, operator: DoesNotExist}
          podSelector: {matchLabels: {app: web}}
      ports:
        - protocol: TCP
          port: 8080
          endPort: 8090
        - {protocol: SCTP, port: 9000}
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              - 10.0.0.0/8
              - 172.16.0.0/12 # private
              - "192.168.0.0/16"
        - ipBlock: {cidr: fd00::/8, except: [fd00:1::/32, 'fd00:2::/32']}
        - ipBlock:
            cidr: ::ffff:10.0.0.0/104
      ports:
        - protocol: UDP
          port: 53
        - protocol: tcp
          port: "dns"
`;

/** Every token of POLICY the injection scopes, as `line text scope`: nothing more (comments, quotes, `port`...). */
const POLICY_EXPECTED = [
  `6 podSelector ${KEY}`,
  `7 matchLabels ${KEY}`,
  `9 policyTypes ${KEY}`,
  `10 Ingress ${POLICY_TYPE}`,
  `11 Egress ${POLICY_TYPE}`,
  `14 namespaceSelector ${KEY}`,
  `15 matchExpressions ${KEY}`,
  `17 In ${OPERATOR}`,
  `19 NotIn ${OPERATOR}`,
  `21 Exists ${OPERATOR}`,
  `22 DoesNotExist ${OPERATOR}`,
  `23 podSelector ${KEY}`,
  `23 matchLabels ${KEY}`,
  `25 TCP ${PROTOCOL}`,
  `27 endPort ${KEY}`,
  `28 SCTP ${PROTOCOL}`,
  `31 ipBlock ${KEY}`,
  `32 cidr ${KEY}`,
  `32 0.0.0.0/0 ${CIDR}`,
  `33 except ${KEY}`,
  `34 10.0.0.0/8 ${CIDR}`,
  `35 172.16.0.0/12 ${CIDR}`,
  `37 ipBlock ${KEY}`,
  `37 cidr ${KEY}`,
  `37 fd00::/8 ${CIDR}`,
  `37 except ${KEY}`,
  `37 fd00:1::/32 ${CIDR}`,
  `38 ipBlock ${KEY}`,
  `39 cidr ${KEY}`,
  `39 ::ffff:10.0.0.0/104 ${CIDR}`,
  `41 UDP ${PROTOCOL}`,
];

/** Other YAML with look-alikes everywhere the injection must stay out of. */
const CONFIG_MAP = `# cidr: 10.0.0.0/8 and protocol: TCP in a comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    "podSelector": "app=web"
    note: 'cidr: 10.0.0.0/8'
data:
  quoted: "10.0.0.0/8"
  single: '192.168.0.0/16'
  sentence: allow 10.0.0.0/8 - and TCP
  list: 10.0.0.0/8, 10.1.0.0/16
  dash: a - 10.0.0.0/8
  policy.yaml: |
    podSelector: {}
    policyTypes:
      - Ingress
    ingress:
      - ports:
          - protocol: TCP
        from:
          - ipBlock:
              cidr: 10.0.0.0/8
  folded: >
    cidr: 10.0.0.0/8
  types: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: example.com # protocol: TCP
`;

/** What the injection should scope in a block-style policy, read line by line with plain regular expressions. */
function expectedTokens(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, index) => {
    const key = /^[ ]*(?:- )?(podSelector|namespaceSelector|ipBlock|matchLabels|matchExpressions|except|cidr|endPort|policyTypes):/.exec(line);
    if (key) expected.push(`${index} ${key[1]} ${KEY}`);
    const cidr = /(?:: |^[ ]*- )([0-9.]+\/[0-9]+|[0-9a-f:]+\/[0-9]+)$/.exec(line);
    if (cidr) expected.push(`${index} ${cidr[1]} ${CIDR}`);
    const protocol = /protocol: (TCP|UDP|SCTP)$/.exec(line);
    if (protocol) expected.push(`${index} ${protocol[1]} ${PROTOCOL}`);
    const policyType = /^[ ]*- (Ingress|Egress)$/.exec(line);
    if (policyType) expected.push(`${index} ${policyType[1]} ${POLICY_TYPE}`);
  });
  return expected;
}

/** A NetworkPolicy whose `kind` is its first line (and, in a file, may be the file's first line), with a comment. */
const POLICY_KIND_FIRST = `kind: NetworkPolicy # kind first
apiVersion: networking.k8s.io/v1
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
    - to:
        - ipBlock: {cidr: 10.0.0.0/8}
      ports:
        - port: 53
          protocol: UDP
`;

/** A Service: `protocol: TCP` in its ports, a selector. */
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - protocol: TCP
      port: 80
    - {protocol: UDP, port: 53}
`;

/** A Deployment: a label selector with matchLabels, matchExpressions and operators, container ports with a protocol. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
    matchExpressions:
      - {key: tier, operator: In, values: [web]}
      - key: canary
        operator: DoesNotExist
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          ports:
            - containerPort: 80
              protocol: UDP
          args:
            - --cidr
            - 10.0.0.0/8
`;

/** Calico-like and other configuration with \`cidr\`, \`ipBlock\`, \`except\`, \`policyTypes\` keys and CIDR values. */
const CALICO = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: default-ipv4
spec:
  cidr: 10.0.0.0/16
  ipipMode: Always
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-db
spec:
  selector: role == 'db'
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      source:
        nets: [10.0.0.0/8]
        notNets:
          - 10.1.0.0/16
---
network:
  cidr: 10.0.0.0/16
  ipBlock: x
  except: [10.0.1.0/24]
  policyTypes: [Ingress]
  subnets:
    - cidr: 10.0.1.0/24
      protocol: UDP
    - {cidr: fd00::/8, protocol: SCTP}
`;

/** Where `kind: NetworkPolicy` appears but does not open a NetworkPolicy document the grammar can see. */
const NOT_A_POLICY = `# kind: NetworkPolicy
apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    spec:
      policyTypes: [Ingress]
      podSelector:
        matchLabels: {app: web}
---
apiVersion: v1
kind: ConfigMap
data:
  policy.yaml: |
    kind: NetworkPolicy
    spec:
      policyTypes:
        - Ingress
  note: >-
    kind: NetworkPolicy
  quoted: "kind: NetworkPolicy"
---
{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "spec": {"policyTypes": ["Ingress"]}}
---
{kind: NetworkPolicy, spec: {policyTypes: [Ingress], podSelector: {}}}
---
{apiVersion: networking.k8s.io/v1,
kind: NetworkPolicy
, spec: {policyTypes: [Ingress], podSelector: {}}}
---
[
kind: NetworkPolicy
]
---
apiVersion: v1
"a key on two lines
kind: NetworkPolicy
": x
---
kind: CiliumNetworkPolicy
spec:
  egress:
    - toCIDR:
        - 10.0.0.0/8
      toPorts:
        - ports:
            - {port: "53", protocol: UDP}
---
kind: NetworkPolicyList # not a policy
items: []
---
kind: GlobalNetworkPolicy
spec:
  types: [Ingress]
  ingress:
    - protocol: TCP
`;

/** `line text scope` for every token highlighted: the scopes of ours but the document's. */
function ourTokens(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) for (const scope of token.scopes) if (isOurScope(scope) && scope !== REGION) out.push(`${token.line} ${token.text} ${scope}`);
  return out;
}

/** The tokens with our scopes taken out, and neighbours on a line with the same scopes joined into one token. */
function yamlTokens(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const scopes = token.scopes.filter((scope) => !isOurScope(scope));
    const last = out.at(-1);
    if (last && last.line === token.line && last.start + last.text.length === token.start && JSON.stringify(last.scopes) === JSON.stringify(scopes)) {
      out[out.length - 1] = { ...last, text: last.text + token.text };
    } else {
      out.push({ line: token.line, start: token.start, text: token.text, scopes });
    }
  }
  return out;
}

/**
 * The injection only adds: token by token, the YAML scopes are the base grammar's own; each character gains at most the
 * document's scope and one highlight scope, innermost, and only inside the document's scope.
 */
function assertOnlyAdds(base: readonly Token[], injected: readonly Token[], label = ''): void {
  assert.deepEqual(yamlTokens(injected), yamlTokens(base), `${label}: the YAML tokens`);
  const before = scopesByCharacter(base);
  for (const [at, scopes] of scopesByCharacter(injected)) {
    assert.deepEqual(
      scopes.filter((scope) => !isOurScope(scope)),
      before.get(at),
      `${label}: YAML scopes at ${at}`,
    );
    const highlights = scopes.filter((scope) => isOurScope(scope) && scope !== REGION);
    assert.ok(highlights.length <= 1, `${label}: one highlight at ${at}: ${scopes.join(' ')}`);
    if (highlights.length === 1) {
      assert.equal(scopes.at(-1), highlights[0], `${label}: the highlight is innermost at ${at}`);
      assert.ok(scopes.includes(REGION), `${label}: a highlight outside a NetworkPolicy at ${at}`);
    }
    assert.ok(scopes.filter((scope) => scope === REGION).length <= 1, `${label}: one document scope at ${at}`);
  }
}

interface YamlDocument {
  /** Its lines, 0-based, end exclusive; from its `---` line but for the first document. */
  readonly start: number;
  readonly end: number;
  /** Its text without the `---` line, ending with a newline. */
  readonly text: string;
}

/** The YAML documents of a text, split at `---` lines. */
function documents(text: string): YamlDocument[] {
  const lines = text.split('\n');
  const out: YamlDocument[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && !lines[i].startsWith('---')) continue;
    const from = start === 0 ? 0 : start + 1;
    const body = lines.slice(from, i).join('\n');
    out.push({ start, end: i, text: i === lines.length ? body : body + '\n' });
    start = i;
  }
  return out;
}

const inLines = (tokens: readonly Token[], start: number, end: number) => tokens.filter((token) => token.line >= start && token.line < end);
const shift = (tokens: readonly Token[], by: number) => tokens.map((token) => ({ ...token, line: token.line + by }));
const regionLines = (tokens: readonly Token[]) => [...new Set(tokens.filter((token) => token.scopes.includes(REGION)).map((token) => token.line))];
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

describe('the injection grammars and their contribution', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { grammars?: Array<Record<string, unknown>>; languages?: Array<Record<string, unknown>> };
  };
  const read = (file: string) =>
    JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { repository: Record<string, { patterns: Array<Record<string, string>> }> };

  it('are contributed as injections into source.yaml only, with no language id', () => {
    const contributed = (manifest.contributes.grammars ?? []).map((g) => g.scopeName);
    assert.deepEqual([...contributed].sort(), Object.keys(INJECTIONS).sort(), 'the grammars the test injects are the ones package.json contributes');
    for (const [scopeName, file] of Object.entries(INJECTIONS)) {
      const contribution = manifest.contributes.grammars?.find((g) => g.scopeName === scopeName);
      assert.ok(contribution, scopeName);
      assert.deepEqual(contribution.injectTo, ['source.yaml']);
      assert.equal(contribution.language, undefined, 'a language would take .yaml files from the YAML extension');
      assert.equal(path.join(REPO_ROOT, String(contribution.path)), file);
    }
    for (const language of manifest.contributes.languages ?? []) assert.notEqual(language.id, 'yaml');
  });

  it('claim no files and no first lines', () => {
    for (const [scopeName, file] of Object.entries(INJECTIONS)) {
      const grammar = read(file);
      assert.equal(grammar.scopeName, scopeName);
      assert.equal(grammar.fileTypes, undefined);
      assert.equal(grammar.firstLineMatch, undefined);
      assert.match(String(grammar.injectionSelector), /^L:source\.yaml/);
    }
  });

  it('highlight only inside a NetworkPolicy document, whose scope the document grammars never enter twice', () => {
    for (const file of [INJECTION_PATH, TEXTMATE_INJECTION_PATH]) {
      for (const part of String(read(file).injectionSelector).split(',')) assert.match(part, / meta\.networkpolicy\.netpol /, file);
    }
    for (const [scopeName, file] of Object.entries(INJECTIONS)) {
      if (!scopeName.startsWith('netpol.injection.document')) continue;
      assert.match(String(read(file).injectionSelector), / -meta\.networkpolicy\.netpol /, file);
    }
  });

  it('have the same regular expressions for both YAML grammars, pattern for pattern', () => {
    const current = read(INJECTION_PATH);
    const older = read(TEXTMATE_INJECTION_PATH);
    assert.deepEqual(current.patterns, older.patterns);
    assert.deepEqual(Object.keys(older.repository), Object.keys(current.repository));
    for (const [name, group] of Object.entries(current.repository)) {
      assert.deepEqual(
        older.repository[name].patterns.map((pattern) => pattern.match),
        group.patterns.map((pattern) => pattern.match),
        name,
      );
      // The older grammar's names are the scopes it gives the scalar, then ours, the same as the current one's.
      older.repository[name].patterns.forEach((pattern, i) => assert.ok(pattern.name.endsWith(` ${group.patterns[i].name}`), `${name} ${i}`));
    }
  });

  it("take over the patterns of VS Code's YAML block mapping, in its order", () => {
    // The document region stands on the top-level mapping: it must try what the mapping would, or YAML tokens change.
    const yaml12 = read(path.join(__dirname, 'vscode-yaml/yaml-1.2.tmLanguage.json'));
    const mapping = (yaml12.repository as unknown as Record<string, { patterns: Array<{ include: string }> }>)['block-mapping'];
    const expected = mapping.patterns.map(({ include }) => (include.startsWith('#') ? `source.yaml.1.2${include}` : include));
    const region = read(DOCUMENT_INJECTION_PATH).repository.document;
    assert.deepEqual(
      region.patterns.map((pattern) => pattern.include),
      expected,
    );
  });
});

for (const base of BASE_GRAMMARS) {
  describe(`the injection with ${base.name}`, () => {
    let plain: IGrammar;
    let injected: IGrammar;
    const load = async () => {
      plain ??= await loadYamlGrammar(base, false);
      injected ??= await loadYamlGrammar(base, true);
    };
    const both = async (text: string) => {
      await load();
      return { base: tokenize(plain, text), withInjection: tokenize(injected, text) };
    };

    it('scopes keys, CIDRs, protocols, policy types and operators of a NetworkPolicy, and nothing else', async () => {
      await load();
      assert.deepEqual(ourTokens(tokenize(injected, POLICY)), POLICY_EXPECTED);
    });

    it('only adds to a NetworkPolicy: every token keeps its YAML scopes, the highlighted ones gain theirs, innermost', async () => {
      for (const text of [POLICY, POLICY_KIND_FIRST]) {
        const { base: tokens, withInjection } = await both(text);
        assertOnlyAdds(tokens, withInjection, text.slice(0, 30));
        // The document's scope runs from the kind line to the end.
        const kindLine = text.split('\n').findIndex((line) => line.startsWith('kind: NetworkPolicy'));
        assert.deepEqual(regionLines(withInjection), range(kindLine, text.trimEnd().split('\n').length));
      }
      const { withInjection } = await both(POLICY_KIND_FIRST);
      assert.deepEqual(ourTokens(withInjection), [
        `4 podSelector ${KEY}`,
        `5 policyTypes ${KEY}`,
        `5 Ingress ${POLICY_TYPE}`,
        `5 Egress ${POLICY_TYPE}`,
        `8 ipBlock ${KEY}`,
        `8 cidr ${KEY}`,
        `8 10.0.0.0/8 ${CIDR}`,
        `11 UDP ${PROTOCOL}`,
      ]);
    });

    it('leaves a file with no NetworkPolicy exactly as the YAML grammar tokenizes it', async () => {
      for (const text of [SERVICE, DEPLOYMENT, CALICO, CONFIG_MAP, NOT_A_POLICY, [SERVICE, DEPLOYMENT, CALICO, NOT_A_POLICY, CONFIG_MAP].join('---\n')]) {
        const { base: tokens, withInjection } = await both(text);
        assert.deepEqual(withInjection, tokens, text.slice(0, 40));
      }
    });

    it('leaves the other documents of a file exactly as they are, before and after a NetworkPolicy', async () => {
      const files = [
        [SERVICE, POLICY, DEPLOYMENT, CALICO, POLICY_KIND_FIRST, CONFIG_MAP, NOT_A_POLICY],
        [POLICY_KIND_FIRST, SERVICE, CONFIG_MAP, POLICY, DEPLOYMENT],
        [CONFIG_MAP, POLICY, POLICY_KIND_FIRST, SERVICE],
      ];
      for (const parts of files) {
        const text = parts.join('---\n');
        const { base: tokens, withInjection } = await both(text);
        let policies = 0;
        for (const document of documents(text)) {
          const { start, end } = document;
          const label = `lines ${start} to ${end} of ${parts.length} parts`;
          const mine = inLines(withInjection, start, end);
          if (document.text !== POLICY && document.text !== POLICY_KIND_FIRST) {
            assert.deepEqual(mine, inLines(tokens, start, end), label);
            continue;
          }
          policies++;
          assertOnlyAdds(inLines(tokens, start, end), mine, label);
          // The document's scope runs from the kind line to the document's end (the file's last line is empty).
          const policyKindLine =
            start +
            text
              .split('\n')
              .slice(start, end)
              .indexOf(document.text === POLICY ? 'kind: NetworkPolicy' : 'kind: NetworkPolicy # kind first');
          const last = end === text.split('\n').length ? end - 1 : end;
          assert.deepEqual(regionLines(mine), range(policyKindLine, last), label);
          // The same highlights as the policy on its own.
          assert.deepEqual(ourTokens(mine), ourTokens(shift(tokenize(injected, document.text), start === 0 ? 0 : start + 1)), label);
        }
        assert.equal(policies, parts.filter((part) => part === POLICY || part === POLICY_KIND_FIRST).length);
      }
    });

    it('does not highlight what comes before the kind line (TextMate cannot look ahead across lines)', async () => {
      const text = `apiVersion: networking.k8s.io/v1
spec:
  podSelector: {}
  policyTypes: [Ingress]
kind: NetworkPolicy
metadata:
  name: late
---
kind: NetworkPolicy
spec:
  policyTypes: [Egress]
`;
      const { base: tokens, withInjection } = await both(text);
      assertOnlyAdds(tokens, withInjection);
      assert.deepEqual(regionLines(withInjection), [4, 5, 6, 8, 9, 10]);
      assert.deepEqual(ourTokens(withInjection), [`10 policyTypes ${KEY}`, `10 Egress ${POLICY_TYPE}`]);
    });

    it('keeps every YAML scope of a NetworkPolicy after an explicit key, whose end the region must not hide', async () => {
      // The older grammar ends `? key` at the next `:`, even one on a later line: the region must not open inside it.
      const text = `? explicit\nkind: NetworkPolicy\nspec:\n  policyTypes: [Ingress]\n`;
      const { base: tokens, withInjection } = await both(text);
      assertOnlyAdds(tokens, withInjection);
    });

    it('keeps every YAML scope at lines that start like a document marker but are not one', async () => {
      const text = `kind: NetworkPolicy\n---x: 1\nspec:\n  policyTypes: [Ingress]\n...x: 2\n`;
      const { base: tokens, withInjection } = await both(text);
      assertOnlyAdds(tokens, withInjection);
    });

    it('keeps every YAML scope of a NetworkPolicy under a %YAML directive', async () => {
      for (const version of ['1.1', '1.2']) {
        const text = `%YAML ${version}\n---\n${POLICY}`;
        const { base: tokens, withInjection } = await both(text);
        assertOnlyAdds(tokens, withInjection, version);
        // VS Code's grammar reads YAML 1.1 with other rules than the region takes over: there it is not highlighted.
        const expected =
          base === BASE_GRAMMARS[0] && version === '1.1' ? [] : POLICY_EXPECTED.map((line) => line.replace(/^\d+/, (n) => String(Number(n) + 2)));
        assert.deepEqual(ourTokens(withInjection), expected, version);
      }
    });

    it('highlights what the snippets insert', async () => {
      await load();
      const snippets = JSON.parse(readFileSync(path.join(REPO_ROOT, 'snippets/networkpolicy.json'), 'utf8')) as Record<string, { body: string[] }>;
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expandSnippet(snippet.body.join('\n'));
        // The injection highlights NetworkPolicy documents only: a cluster policy snippet keeps YAML's own scopes.
        const expected = /^kind: NetworkPolicy$/m.test(text) ? expectedTokens(text) : [];
        assert.deepEqual(ourTokens(tokenize(injected, text)), expected, name);
      }
    });

    it('stays fast on long lines (look-aheads for the token come before the look-behinds)', async () => {
      await load();
      // Each look-behind scans back along the line; tried at every position, a 20,000-character line (VS Code's
      // tokenization limit) took 15 to 30 s. Tried only where a token starts, it takes well under a second. The lines
      // are in a NetworkPolicy, where the token patterns are tried.
      const lines = ['  key: ' + 'a '.repeat(10_000), '  key: [' + 'a, '.repeat(6_500) + ']', '  - ' + 'x'.repeat(20_000)];
      const started = performance.now();
      for (const line of lines) {
        const tokens = tokenize(injected, `kind: NetworkPolicy\nspec:\n${line}`);
        assert.ok(tokens.filter((token) => token.line === 2).every((token) => token.scopes.includes(REGION)));
      }
      assert.ok(performance.now() - started < 5_000, `took ${Math.round(performance.now() - started)} ms`);
    });

    it('puts its scope innermost, so that themes colour the token by it', async () => {
      await load();
      for (const token of tokenize(injected, POLICY)) {
        const index = token.scopes.findIndex((scope) => isOurScope(scope) && scope !== REGION);
        if (index !== -1) assert.equal(index, token.scopes.length - 1, `${token.text}: ${token.scopes.join(' ')}`);
      }
    });
  });
}

describe('the highlighted tokens keep the scopes of their scalar', () => {
  it("with VS Code's YAML grammar (the scalar is opened before the injection matches)", async () => {
    const injected = tokenize(await loadYamlGrammar(BASE_GRAMMARS[0], true), POLICY);
    const cidr = injected.find((token) => token.text === '0.0.0.0/0');
    assert.deepEqual(cidr?.scopes.slice(-2), ['string.unquoted.plain.out.yaml', CIDR]);
    const key = injected.find((token) => token.text === 'podSelector');
    assert.deepEqual(key?.scopes.slice(-4), ['meta.map.key.yaml', 'string.unquoted.plain.yaml', 'entity.name.tag.yaml', KEY]);
  });

  it('with the older TextMate YAML grammar (the injection names them, as it matches before the scalar)', async () => {
    const injected = tokenize(await loadYamlGrammar(BASE_GRAMMARS[1], true), POLICY);
    const cidr = injected.find((token) => token.text === '0.0.0.0/0');
    assert.deepEqual(cidr?.scopes.slice(-2), ['string.unquoted.plain.out.yaml', CIDR]);
    const key = injected.find((token) => token.text === 'podSelector');
    assert.deepEqual(key?.scopes.slice(-3), ['string.unquoted.plain.out.yaml', 'entity.name.tag.yaml', KEY]);
    const flowKey = injected.find((token) => token.text === 'cidr' && token.line === 37);
    assert.deepEqual(flowKey?.scopes.slice(-5), [
      'meta.flow-mapping.yaml',
      'meta.flow-pair.key.yaml',
      'string.unquoted.plain.in.yaml',
      'entity.name.tag.yaml',
      KEY,
    ]);
  });
});
