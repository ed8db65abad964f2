import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspHarness } from './lspHarness';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {team: edge}
`;
const TOOLS = `apiVersion: v1
kind: Namespace
metadata:
  name: tools
`;
/** A cluster dump: the labelled Namespace, and a policy that would be an error if it were checked. */
const DUMP = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels: {team: edge}
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: broken
      namespace: shop
    spec:
      podSelector: {}
      ingress:
        - ports:
            - port: 99999
`;

const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('netpol.clusterFiles in the language server', () => {
  let folder: string;
  let repo: string;
  const servers: LspHarness[] = [];
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-lsp-cluster-'));
    repo = path.join(folder, 'repo');
    mkdirSync(path.join(repo, 'cluster'), { recursive: true });
    mkdirSync(path.join(folder, 'dumps'));
    writeFileSync(path.join(repo, 'web.yaml'), POLICY);
    writeFileSync(path.join(repo, 'tools.yaml'), TOOLS);
    writeFileSync(path.join(folder, 'dumps', 'prod.yaml'), DUMP);
  });
  after(() => servers.forEach((server) => server.dispose()));

  async function start(clusterFiles: string[]): Promise<LspHarness> {
    const server = new LspHarness({ clusterFiles });
    servers.push(server);
    await server.initialize(pathToFileURL(repo).toString());
    await settle();
    return server;
  }
  const web = () => pathToFileURL(path.join(repo, 'web.yaml')).toString();
  const codes = async (server: LspHarness, uri: string) => (await server.diagnostics(uri)).diagnostics.map((d) => d.code);

  it('without cluster files, the label no Namespace carries is reported', async () => {
    const server = await start([]);
    assert.ok((await codes(server, web())).includes('selector.namespace-label-unknown'));
  });

  it('a dump outside the folder (a glob) silences it, and nothing is published for the dump', async () => {
    const server = await start(['../dumps/*.yaml']);
    assert.deepEqual(await codes(server, web()), []);
    await assert.rejects(server.diagnostics(pathToFileURL(path.join(folder, 'dumps', 'prod.yaml')).toString(), () => true, 300));
  });

  it('a dump inside the workspace folder is context too: no diagnostics of its own', async () => {
    writeFileSync(path.join(repo, 'cluster', 'inside.yaml'), DUMP);
    const server = await start(['cluster/inside.yaml']);
    assert.deepEqual(await codes(server, web()), []);
    const inside = pathToFileURL(path.join(repo, 'cluster', 'inside.yaml')).toString();
    const published = await server.diagnostics(inside, () => true, 300).catch(() => undefined);
    assert.deepEqual(published?.diagnostics ?? [], []);
  });

  it('a dump larger than netpol.maxFileSize is not read, and the user is told (its notice is never published)', async () => {
    const server = new LspHarness({ clusterFiles: ['../dumps/prod.yaml'], maxFileSize: 100 });
    servers.push(server);
    const messages: string[] = [];
    server.client.onRequest('window/showMessageRequest', (params: { message: string }) => {
      messages.push(params.message);
      return null;
    });
    await server.initialize(pathToFileURL(repo).toString());
    await settle();
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /the cluster file .*prod\.yaml was not read\. This file has \d+ bytes, more than netpol\.maxFileSize \(100\)/);
  });
});
