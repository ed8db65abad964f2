import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { expandSnippet } from '../snippets/snippetExpander';
import { BASE_GRAMMARS, INJECTION_PATH, INJECTION_SCOPE, isOurScope, loadYamlGrammar, REPO_ROOT, scopesByCharacter, tokenize, type Token } from './tokenize';

const KEY = 'support.type.property-name.netpol';
const CIDR = 'constant.numeric.cidr.netpol';
const PROTOCOL = 'constant.language.protocol.netpol';
const POLICY_TYPE = 'constant.language.policy-type.netpol';
const OPERATOR = 'keyword.operator.expression.selector.netpol';

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

function ourTokens(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) for (const scope of token.scopes) if (isOurScope(scope)) out.push(`${token.line} ${token.text} ${scope}`);
  return out;
}

/**
 * What the injection changes in the base grammar's tokenization: the characters whose scopes, once ours are removed,
 * differ from the base grammar's own.
 */
function changedCharacters(base: readonly Token[], injected: readonly Token[]): string[] {
  const before = scopesByCharacter(base);
  const changed: string[] = [];
  for (const [at, scopes] of scopesByCharacter(injected)) {
    const without = scopes.filter((scope) => !isOurScope(scope));
    if (JSON.stringify(without) !== JSON.stringify(before.get(at))) changed.push(at);
  }
  return changed;
}

describe('the injection grammar and its contribution', () => {
  const grammar = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as Record<string, unknown>;
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { grammars?: Array<Record<string, unknown>>; languages?: Array<Record<string, unknown>> };
  };

  it('is contributed as an injection into source.yaml only, with no language id', () => {
    const contribution = manifest.contributes.grammars?.find((g) => g.scopeName === INJECTION_SCOPE);
    assert.ok(contribution, 'package.json contributes the injection grammar');
    assert.deepEqual(contribution.injectTo, ['source.yaml']);
    assert.equal(contribution.language, undefined, 'a language would take .yaml files from the YAML extension');
    assert.equal(contribution.path, './syntaxes/netpol.injection.tmLanguage.json');
    for (const language of manifest.contributes.languages ?? []) assert.notEqual(language.id, 'yaml');
  });

  it('claims no files and no first lines', () => {
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.equal(grammar.fileTypes, undefined);
    assert.equal(grammar.firstLineMatch, undefined);
    assert.match(String(grammar.injectionSelector), /^L:source\.yaml/);
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

    it('scopes keys, CIDRs, protocols, policy types and operators of a NetworkPolicy, and nothing else', async () => {
      await load();
      assert.deepEqual(ourTokens(tokenize(injected, POLICY)), POLICY_EXPECTED);
    });

    it('leaves comments, quoted strings, block scalars and look-alikes in other YAML alone', async () => {
      await load();
      assert.deepEqual(ourTokens(tokenize(injected, CONFIG_MAP)), []);
      assert.deepEqual(changedCharacters(tokenize(plain, CONFIG_MAP), tokenize(injected, CONFIG_MAP)), []);
    });

    it("keeps the YAML grammar's own scopes everywhere but on the tokens it highlights", async () => {
      await load();
      const base = tokenize(plain, POLICY);
      const withInjection = tokenize(injected, POLICY);
      const ours = new Set<string>();
      for (const token of withInjection) {
        if (token.scopes.some(isOurScope)) for (let i = 0; i < token.text.length; i++) ours.add(`${token.line}:${token.start + i}`);
      }
      const changed = changedCharacters(base, withInjection);
      assert.deepEqual(
        changed.filter((at) => !ours.has(at)),
        [],
        'the injection changed the scopes of characters it does not highlight',
      );
      // On the highlighted tokens, the YAML scopes that remain are the outer ones of the base grammar's: the
      // injection may stand in for the scalar's own scope (the older grammar opens a scalar by consuming its first
      // character, so the injection has to match before it), never add or reorder YAML scopes.
      const before = scopesByCharacter(base);
      for (const [at, scopes] of scopesByCharacter(withInjection)) {
        if (!ours.has(at)) continue;
        const yamlScopes = scopes.filter((scope) => !isOurScope(scope));
        assert.deepEqual(yamlScopes, before.get(at)?.slice(0, yamlScopes.length), `scopes at ${at}`);
      }
    });

    it('highlights what the snippets insert', async () => {
      await load();
      const snippets = JSON.parse(readFileSync(path.join(REPO_ROOT, 'snippets/networkpolicy.json'), 'utf8')) as Record<string, { body: string[] }>;
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expandSnippet(snippet.body.join('\n'));
        assert.deepEqual(ourTokens(tokenize(injected, text)), expectedTokens(text), name);
      }
    });

    it('stays fast on long lines (look-aheads for the token come before the look-behinds)', async () => {
      await load();
      // Each look-behind scans back along the line; tried at every position, a 20,000-character line (VS Code's
      // tokenization limit) took 15 to 30 s. Tried only where a token starts, it takes well under a second.
      const lines = ['key: ' + 'a '.repeat(10_000), 'key: [' + 'a, '.repeat(6_500) + ']', '- ' + 'x'.repeat(20_000)];
      const started = performance.now();
      for (const line of lines) tokenize(injected, line);
      assert.ok(performance.now() - started < 5_000, `took ${Math.round(performance.now() - started)} ms`);
    });

    it('puts its scope innermost, so that themes colour the token by it', async () => {
      await load();
      for (const token of tokenize(injected, POLICY)) {
        const index = token.scopes.findIndex(isOurScope);
        if (index !== -1) assert.equal(index, token.scopes.length - 1, `${token.text}: ${token.scopes.join(' ')}`);
      }
    });
  });
}

describe("the injection with VS Code's YAML grammar", () => {
  it('keeps every YAML scope of the highlighted tokens (the scalar is opened before the injection matches)', async () => {
    const base = BASE_GRAMMARS[0];
    const plain = tokenize(await loadYamlGrammar(base, false), POLICY);
    const injected = tokenize(await loadYamlGrammar(base, true), POLICY);
    assert.deepEqual(changedCharacters(plain, injected), []);
    const cidr = injected.find((token) => token.text === '0.0.0.0/0');
    assert.deepEqual(cidr?.scopes.slice(-2), ['string.unquoted.plain.out.yaml', CIDR]);
    const key = injected.find((token) => token.text === 'podSelector');
    assert.deepEqual(key?.scopes.slice(-4), ['meta.map.key.yaml', 'string.unquoted.plain.yaml', 'entity.name.tag.yaml', KEY]);
  });
});
