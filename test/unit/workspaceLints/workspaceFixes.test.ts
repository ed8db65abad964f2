import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { WorkspaceFindings } from '../../../server/src/service/diagnostics/workspaceFindings';
import { applyEdits, getCodeActions } from '../../../server/src/service/fixes/getCodeActions';
import type { QuickFix } from '../../../server/src/service/fixes/quickFix';
import { commentSpans } from '../../../server/src/service/fixes/sourceText';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';
import { deployment, docs, namespace, policy, ROOT, service, workspaceOf, type Files } from './workspaceHarness';

const CORPUS = resolve(__dirname, '../../../../shared/corpus/files');
const DNS_TITLE = 'Add an egress rule allowing DNS to kube-dns in kube-system (UDP and TCP 53)';
const APPS = docs(deployment('shop', 'web', { app: 'web' }, ['http:8080']), deployment('shop', 'api', { app: 'api' }, ['http:8080']));

interface Applied {
  readonly fix: QuickFix;
  readonly result: string;
}

/**
 * The quick fixes of the workspace findings of `target` (as the language server asks for them: the file's
 * workspace findings and the lint context), each applied and checked: the result parses, keeps every comment and
 * every byte outside the edits, removes the finding it fixes, and brings no new error (of the file or the
 * workspace).
 */
function fixesOf(files: Files, target: string, code: string | ((code: string) => boolean)): Applied[] {
  const workspace = workspaceOf(files);
  const analysis = new WorkspaceAnalysis(workspace);
  const workspaceFindings = new WorkspaceFindings(analysis);
  const file = workspace.getFile(ROOT + target)!;
  const findings = workspaceFindings.forFile(file, DEFAULT_SETTINGS);
  const lintContext = { model: analysis.clusterModel(DEFAULT_SETTINGS), facts: analysis.facts(DEFAULT_SETTINGS), settings: DEFAULT_SETTINGS };
  const wanted = typeof code === 'string' ? (c: string) => c === code : code;
  const fixes = getCodeActions(file, 0, file.text.length, DEFAULT_SETTINGS, { findings, lintContext }).filter(
    (fix) => fix.fixes !== undefined && wanted(fix.fixes.code),
  );
  return fixes.map((fix) => {
    const result = applyEdits(file.text, fix.edits);
    const after = workspaceOf({ ...files, [target]: result });
    const afterFile = after.getFile(ROOT + target)!;
    const afterFindings = [
      ...getFileFindings(afterFile, DEFAULT_SETTINGS),
      ...new WorkspaceFindings(new WorkspaceAnalysis(after)).forFile(afterFile, DEFAULT_SETTINGS),
    ];
    const beforeFindings = [...getFileFindings(file, DEFAULT_SETTINGS), ...findings];
    assert.deepEqual(
      afterFindings.filter((f) => f.code.startsWith('yaml.')),
      [],
      `${fix.title}: the result parses`,
    );
    const comments = (text: string): string[] => commentSpans(text).map((span) => text.slice(span.start, span.end));
    assert.deepEqual(comments(result), comments(file.text), `${fix.title}: every comment is kept`);
    assertUntouched(file.text, result, fix);
    const fixed = fix.fixes!;
    const samePlace = (f: { code: string; message: string }): boolean => f.code === fixed.code && f.message === fixed.message;
    assert.ok(afterFindings.filter(samePlace).length < beforeFindings.filter(samePlace).length, `${fix.title}: the finding is gone`);
    const errors = (list: readonly { severity: string; code: string; message: string }[]): string[] =>
      list.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`);
    assert.deepEqual(
      errors(afterFindings).filter((e) => !errors(beforeFindings).includes(e)),
      [],
      `${fix.title}: no new error`,
    );
    return { fix, result };
  });
}

/** Every byte outside the edits is where it was. */
function assertUntouched(before: string, after: string, fix: QuickFix): void {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  let shift = 0;
  let cursor = 0;
  for (const edit of edits) {
    assert.equal(after.slice(cursor + shift, edit.start + shift), before.slice(cursor, edit.start));
    shift += edit.newText.length - (edit.end - edit.start);
    cursor = edit.end;
  }
  assert.equal(after.slice(cursor + shift), before.slice(cursor));
}

const only = (applied: Applied[]): string => {
  assert.equal(applied.length, 1, `one fix: ${applied.map((a) => a.fix.title).join('; ')}`);
  return applied[0].result;
};

describe('quick fix: add a DNS egress rule', () => {
  it('appends the rule to block rules, at their indentation', () => {
    const text = policy(
      'shop',
      'web-egress',
      `  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 8080 # the API
# trailing comment, stays last
`,
    );
    const applied = fixesOf({ 'apps/shop.yaml': APPS, 'policies/web.yaml': text }, 'policies/web.yaml', 'dns.missing-egress');
    assert.equal(applied[0].fix.title, DNS_TITLE);
    assert.equal(applied[0].fix.isPreferred, true);
    assert.equal(
      only(applied),
      text.replace(
        '# trailing comment',
        `    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
# trailing comment`,
      ),
    );
  });

  it("follows kubectl's style (lists at their key's column) and four-space indentation", () => {
    const kubectl = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: shop
spec:
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: api
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Egress
`;
    assert.equal(
      only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': kubectl }, 'p.yaml', 'dns.missing-egress')),
      kubectl.replace(
        '  podSelector:\n    matchLabels:\n      app: web\n',
        `  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
  podSelector:
    matchLabels:
      app: web
`,
      ),
    );
    const four = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
    name: deny
    namespace: shop
spec:
    podSelector: {}
    policyTypes:
        - Egress
`;
    assert.equal(
      only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': four }, 'p.yaml', 'dns.missing-egress')),
      `${four}    egress:
        - to:
              - namespaceSelector:
                    matchLabels:
                        kubernetes.io/metadata.name: kube-system
                podSelector:
                    matchLabels:
                        k8s-app: kube-dns
          ports:
              - protocol: UDP
                port: 53
              - protocol: TCP
                port: 53
`,
    );
  });

  it('creates egress at the end of spec, before a next document, in CRLF, without a final newline', () => {
    const deny = policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
    const next = policy('shop', 'other', '  podSelector: {}\n  policyTypes: [Ingress]\n');
    const result = only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': docs(deny, next) }, 'p.yaml', 'dns.missing-egress'));
    assert.ok(result.startsWith(`${deny}  egress:\n    - to:\n        - namespaceSelector:\n`));
    assert.ok(result.endsWith(`          port: 53\n---\n${next}`));

    const crlf = deny.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const crlfResult = only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': crlf }, 'p.yaml', 'dns.missing-egress'));
    assert.ok(crlfResult.startsWith(`${crlf}\r\n  egress:\r\n    - to:\r\n`));
    assert.ok(!/[^\r]\n/.test(crlfResult), 'every line ends in CRLF');
  });

  it('writes a flow entry in flow lists and flow specs', () => {
    const rule =
      '{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}';
    const emptyFlow = policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Egress]\n  egress: []\n');
    assert.equal(
      only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': emptyFlow }, 'p.yaml', 'dns.missing-egress')),
      emptyFlow.replace('egress: []', `egress: [${rule}]`),
    );
    const flowSpec =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Egress]}\n';
    assert.equal(
      only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': flowSpec }, 'p.yaml', 'dns.missing-egress')),
      flowSpec.replace('[Egress]}', `[Egress], egress: [${rule}]}`),
    );
  });

  it('fills an egress key without a value', () => {
    const empty = policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n');
    const result = only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': empty }, 'p.yaml', 'dns.missing-egress'));
    assert.ok(result.startsWith(`${empty}    - to:\n        - namespaceSelector:\n`));
  });

  it('fixes UDP-only and TCP-only DNS too, and works inside a List', () => {
    const udp = policy('shop', 'dns', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - protocol: UDP\n          port: 53\n');
    assert.equal(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': udp }, 'p.yaml', 'dns.udp-only').length, 1);
    const tcp = udp.replace('        - protocol: UDP\n', '        - ');
    assert.equal(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': tcp }, 'p.yaml', 'dns.tcp-only').length, 1);
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: deny
      namespace: shop
    spec:
      podSelector: {}
      policyTypes:
        - Egress
`;
    const result = only(fixesOf({ 'apps/shop.yaml': APPS, 'p.yaml': list }, 'p.yaml', 'dns.missing-egress'));
    assert.ok(result.startsWith(`${list}      egress:\n        - to:\n            - namespaceSelector:\n`));
  });
});

describe("quick fix: use the pods' targetPort", () => {
  const CODE = 'ports.service-port-not-target-port';
  const ingress = (ports: string): string =>
    policy('shop', 'api-ingress', `  podSelector:\n    matchLabels:\n      app: api\n  policyTypes: [Ingress]\n  ingress:\n    - ports:\n${ports}`);

  it('writes the container port a named targetPort stands for', () => {
    const files = {
      'apps/shop.yaml': docs(APPS, service('shop', 'api', { app: 'api' }, ['80->http'])),
      'p.yaml': ingress('        - port: 80 # the Service\n'),
    };
    const applied = fixesOf(files, 'p.yaml', CODE);
    assert.equal(applied[0].fix.title, "Use the pods' port 8080 (http), the targetPort of Service shop/api");
    assert.equal(only(applied), files['p.yaml'].replace('port: 80 #', 'port: 8080 #'));
  });

  it('writes a numeric targetPort as it is', () => {
    const files = {
      'apps/shop.yaml': docs(APPS, service('shop', 'api', { app: 'api' }, ['443->8443'])),
      'p.yaml': ingress('        - protocol: TCP\n          port: 443\n'),
    };
    assert.equal(only(fixesOf(files, 'p.yaml', CODE)), files['p.yaml'].replace('port: 443', 'port: 8443'));
  });

  it('keeps the name when the rule uses names, or when the pods use different numbers for it', () => {
    const byName = {
      'apps/shop.yaml': docs(APPS, service('shop', 'api', { app: 'api' }, ['80->http'])),
      'p.yaml': ingress('        - port: 80\n        - port: metrics\n'),
    };
    const applied = fixesOf(byName, 'p.yaml', CODE);
    assert.equal(applied[0].fix.title, "Use the pods' port name http, the targetPort of Service shop/api");
    assert.equal(only(applied), byName['p.yaml'].replace('port: 80', 'port: http'));

    const two = docs(
      deployment('shop', 'api', { app: 'api' }, ['http:8080']),
      deployment('shop', 'api-canary', { app: 'api' }, ['http:9090']),
      service('shop', 'api', { app: 'api' }, ['80->http']),
    );
    assert.equal(only(fixesOf({ 'apps/shop.yaml': two, 'p.yaml': ingress('        - port: 80\n') }, 'p.yaml', CODE)), ingress('        - port: http\n'));
  });

  it('is not offered without the workspace (the CLI, a client without the lint context)', async () => {
    const { parseFile } = await import('../../../server/src/service/parse/parsedFile');
    const files = { 'apps/shop.yaml': docs(APPS, service('shop', 'api', { app: 'api' }, ['80->http'])), 'p.yaml': ingress('        - port: 80\n') };
    const workspace = workspaceOf(files);
    const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace)).forFile(workspace.getFile(`${ROOT}p.yaml`)!, DEFAULT_SETTINGS);
    const file = parseFile(`${ROOT}p.yaml`, files['p.yaml']);
    assert.deepEqual(
      getCodeActions(file, 0, file.text.length, DEFAULT_SETTINGS, { findings }).filter((fix) => fix.fixes?.code === CODE),
      [],
    );
  });
});

describe('quick fix: select the namespace by kubernetes.io/metadata.name', () => {
  const fromNamespaces = (selector: string): string =>
    policy('shop', 'p', `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n${selector}      ports:\n        - port: 9090\n`);
  const isNameFix = (code: string): boolean => code === 'selector.namespace-name-label' || code === 'selector.namespace-label-unknown';

  it('rewrites the key of `name: monitoring` and nothing else (selector.namespace-name-label, no Namespace manifest)', () => {
    const files = {
      'p.yaml': fromNamespaces("            matchLabels:\n              'name': monitoring   # the monitoring namespace\n              team: ops\n"),
    };
    const applied = fixesOf(files, 'p.yaml', isNameFix);
    assert.equal(applied[0].fix.fixes?.code, 'selector.namespace-name-label');
    assert.equal(applied[0].fix.title, 'Select the namespace by kubernetes.io/metadata.name: monitoring (the label Kubernetes sets)');
    assert.equal(applied[0].fix.isPreferred, true);
    assert.equal(only(applied), files['p.yaml'].replace("'name': monitoring", "'kubernetes.io/metadata.name': monitoring"));
  });

  it('rewrites the key of an In expression in flow style; not of Exists', () => {
    const files = { 'p.yaml': fromNamespaces('            matchExpressions: [{key: name, operator: In, values: [monitoring, logging]}]\n') };
    assert.equal(only(fixesOf(files, 'p.yaml', isNameFix)), files['p.yaml'].replace('key: name,', 'key: kubernetes.io/metadata.name,'));
    const exists = { 'p.yaml': fromNamespaces('            matchExpressions: [{key: name, operator: Exists}]\n') };
    assert.deepEqual(fixesOf(exists, 'p.yaml', isNameFix), []);
  });

  it('fixes selector.namespace-label-unknown on the same keys, when Namespace manifests lack the label', () => {
    const files = { 'ns.yaml': namespace('monitoring', { team: 'ops' }), 'p.yaml': fromNamespaces('            matchLabels: {name: monitoring}\n') };
    const applied = fixesOf(files, 'p.yaml', isNameFix);
    assert.equal(applied[0].fix.fixes?.code, 'selector.namespace-label-unknown');
    assert.equal(only(applied), files['p.yaml'].replace('{name: monitoring}', '{kubernetes.io/metadata.name: monitoring}'));
    const ns = { 'ns.yaml': namespace('monitoring', { team: 'ops' }), 'p.yaml': fromNamespaces('            matchLabels: {ns: monitoring}\n') };
    assert.equal(only(fixesOf(ns, 'p.yaml', isNameFix)), ns['p.yaml'].replace('{ns: monitoring}', '{kubernetes.io/metadata.name: monitoring}'));
    const other = { 'ns.yaml': namespace('monitoring', { team: 'ops' }), 'p.yaml': fromNamespaces('            matchLabels: {env: prod}\n') };
    assert.deepEqual(fixesOf(other, 'p.yaml', isNameFix), []);
  });

  it('is not offered when the selector already has kubernetes.io/metadata.name', () => {
    const files = {
      'p.yaml': fromNamespaces('            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n              name: monitoring\n'),
    };
    assert.deepEqual(fixesOf(files, 'p.yaml', isNameFix), []);
  });
});

describe('workspace quick fixes on every fixture workspace and the corpus', () => {
  const fixable = (code: string): boolean =>
    code.startsWith('dns.') ||
    code === 'ports.service-port-not-target-port' ||
    code === 'selector.namespace-name-label' ||
    code === 'selector.namespace-label-unknown';

  it('every fix offered obeys the invariants (parses, keeps comments and bytes, removes its finding, no new error)', () => {
    const root = resolve(__dirname, '../../fixtures/workspace-lints');
    let offeredCount = 0;
    for (const name of readdirSync(root).filter((entry) => statSync(join(root, entry)).isDirectory())) {
      const files = filesOf(join(root, name));
      for (const target of Object.keys(files)) offeredCount += fixesOf(files, target, fixable).length;
    }
    assert.ok(offeredCount >= 8, `fixes offered on the fixtures: ${offeredCount}`);
  });

  it('and on the corpus, repository by repository', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
    const repositories = new Map<string, Record<string, string>>();
    for (const file of readdirSync(CORPUS).sort()) {
      if (/\.at-[0-9a-f]+\.\w+$/.test(file)) continue;
      const repository = file.split('__').slice(0, 2).join('__');
      const files = repositories.get(repository) ?? {};
      files[file.split('__').join('/')] = readFileSync(join(CORPUS, file), 'utf8');
      repositories.set(repository, files);
    }
    let offeredCount = 0;
    for (const files of repositories.values()) {
      const workspace = workspaceOf(files);
      const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace));
      for (const target of Object.keys(files)) {
        if (!findings.forFile(workspace.getFile(ROOT + target)!, DEFAULT_SETTINGS).some((finding) => fixable(finding.code))) continue;
        offeredCount += fixesOf(files, target, fixable).length;
      }
    }
    assert.ok(offeredCount >= 20, `fixes offered on the corpus: ${offeredCount}`);
  });
});

/** The YAML files of a folder (and its subfolders), by path relative to it. */
function filesOf(folder: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) Object.assign(out, filesOf(path, `${prefix}${entry}/`));
    else if (/\.ya?ml$/.test(entry)) out[`${prefix}${entry}`] = readFileSync(path, 'utf8');
  }
  return out;
}
