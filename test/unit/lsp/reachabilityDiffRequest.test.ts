/** `netpol/reachabilityDiff` over JSON-RPC: the live workspace (unsaved edits) against base texts given directly. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ReachabilityDiffRequest, type ReachabilityDiffView } from '../../../server/src/protocol/changesProtocol';
import { LspHarness } from './lspHarness';

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { app: web } }
spec: { containers: [{ name: web, image: nginx, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: db, namespace: shop, labels: { app: db } }
spec: { containers: [{ name: db, image: postgres, ports: [{ containerPort: 5432 }] }] }
`;

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress]
`;

const ALLOW_WEB = `${DENY}  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 5432 }]
`;

describe('language server: netpol/reachabilityDiff', () => {
  let lsp: LspHarness;
  let folder: string;
  let root: string;
  let policyUri: string;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-lsp-diff-'));
    writeFileSync(path.join(folder, 'workloads.yaml'), WORKLOADS);
    writeFileSync(path.join(folder, 'db-policy.yaml'), DENY);
    root = pathToFileURL(folder).toString();
    policyUri = pathToFileURL(path.join(folder, 'db-policy.yaml')).toString();
    lsp = new LspHarness();
    await lsp.initialize(root);
    await lsp.diagnostics(policyUri);
  });
  after(() => lsp.dispose());

  const ask = (params: unknown) => lsp.client.sendRequest(ReachabilityDiffRequest.method, params) as Promise<ReachabilityDiffView | null>;

  it('reports nothing when no file differs from the base', async () => {
    const view = await ask({ base: 'HEAD', repositories: [{ root, changed: [], added: [] }] });
    assert.ok(view);
    assert.deepEqual([view.added, view.removed, view.portsChanged, view.connections.length], [0, 0, 0, 0]);
  });

  it('sees an unsaved edit that opens a connection, explained before and after', async () => {
    void lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: policyUri, languageId: 'yaml', version: 1, text: ALLOW_WEB } });
    // The base text of an open, unsaved document is the disk's (the client sends it).
    const view = await ask({ base: 'HEAD', repositories: [{ root, changed: [{ uri: policyUri, text: DENY }], added: [] }] });
    assert.ok(view);
    assert.equal(view.base, 'HEAD');
    assert.deepEqual(view.files.modified, [policyUri]);
    const opened = view.connections.find((change) => change.from === 'shop/web' && change.to === 'shop/db');
    assert.ok(opened, JSON.stringify(view.connections.map((change) => `${change.from} -> ${change.to}`)));
    assert.equal(opened.change, 'added');
    assert.equal(opened.ports, '5432');
    assert.equal(opened.before, 'none');
    assert.equal(view.added, view.connections.filter((change) => change.change === 'added').length);
    assert.ok(view.added >= 1);
    assert.ok(
      opened.afterWhy.some(
        (line) => /allowed by shop\/db spec\.ingress\[0\]/.test(line.text) && line.ref?.uri === policyUri && line.place?.startsWith('db-policy.yaml:'),
      ),
    );
    const policy = view.policies.find((candidate) => candidate.policy === 'shop/db');
    assert.ok(policy && policy.ref.uri === policyUri && policy.ref.start === 0 && policy.opens >= 1, JSON.stringify(view.policies));
    assert.ok(
      opened.beforeWhy.some((line) => /isolated by shop\/db/.test(line.text) && line.place?.startsWith('db-policy.yaml:3:') === true && line.ref === undefined),
    );
  });

  it('treats an added file as absent at the base, and a deleted one as present', async () => {
    const addedView = await ask({ base: 'HEAD', repositories: [{ root, changed: [], added: [policyUri] }] });
    assert.ok(addedView);
    assert.deepEqual(addedView.files.added, [policyUri]);
    // Without the policy at the base, web reached every port of db: the edited policy keeps 5432 only.
    const narrowed = addedView.connections.find((change) => change.from === 'shop/web' && change.to === 'shop/db' && change.protocol === 'TCP');
    assert.ok(narrowed, JSON.stringify(addedView.connections));
    assert.deepEqual([narrowed.change, narrowed.before, narrowed.after], ['ports-changed', 'all', '5432']);

    const goneUri = pathToFileURL(path.join(folder, 'gone.yaml')).toString();
    const deletedView = await ask({
      base: 'main',
      repositories: [{ root, changed: [{ uri: goneUri, text: DENY.replace('name: db,', 'name: gone,').replace('app: db', 'app: web') }], added: [] }],
    });
    assert.ok(deletedView);
    assert.deepEqual(deletedView.files.deleted, [goneUri]);
    assert.ok(deletedView.connections.some((change) => change.to === 'shop/web' && change.change === 'added'));
  });

  it('answers null to malformed params', async () => {
    assert.equal(await ask({ base: 'HEAD' }), null);
    assert.equal(await ask({ repositories: [] }), null);
  });
});
