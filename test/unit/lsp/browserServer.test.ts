/**
 * The language server as the web extension runs it (server/src/browserServer.ts): no disk, the client's files
 * through server/src/protocol/fileProtocol.ts (clientFileSource.ts). Here the "client" answers from a map of
 * `vscode-remote:` URIs, as code-server's web worker extension host would, and the server must behave as it does
 * on the disk: the workspace scan (with the exclude globs the client applies, the size limit and the not-UTF-8
 * notice), diagnostics for files never opened, and the reachability panel's view with its places relative to the
 * workspace folder.
 */
import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { clientFileSource } from '../../../server/src/lsp/clientFileSource';
import { FindYamlFilesRequest, ReadFileRequest, type FindYamlFilesParams, type ReadFileParams } from '../../../server/src/protocol/fileProtocol';
import { ReachabilityRequest, type ReachabilityView } from '../../../server/src/protocol/reachabilityProtocol';
import { LspHarness } from './lspHarness';

const ROOT = 'vscode-remote://127.0.0.1:8080/home/me/my%20repo';

const POLICY = (name: string, cidr: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  egress:
  - to:
    - ipBlock: {cidr: ${cidr}}
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
`;

const encoder = new TextEncoder();
const files = new Map<string, Uint8Array>([
  [`${ROOT}/policies/egress.yaml`, encoder.encode(POLICY('egress', '10.0.0.0/33'))],
  [`${ROOT}/apps/web.yaml`, encoder.encode(DEPLOYMENT)],
  [`${ROOT}/latin1.yaml`, new Uint8Array([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a])],
  [`${ROOT}/huge.yaml`, encoder.encode(`# ${'x'.repeat(2000)}\n`)],
  [`${ROOT}/vendor/skipped.yaml`, encoder.encode(POLICY('skipped', '10.0.0.0/33'))],
]);

/** What client/src/fileServer.ts answers, from the map: excluded `vendor/**` as findFiles would. */
function findYamlFiles(params: FindYamlFilesParams) {
  const prefix = `${params.folder}/`;
  const uris = [...files.keys()]
    .filter((uri) => uri.startsWith(prefix) && (params.recursive || !uri.slice(prefix.length).includes('/')))
    .filter((uri) => !(params.exclude.includes('vendor/**') && uri.startsWith(`${ROOT}/vendor/`)))
    .sort();
  return { uris: uris.slice(0, params.maxFiles), limited: uris.length > params.maxFiles };
}

function readFile(params: ReadFileParams) {
  const bytes = files.get(params.uri);
  if (!bytes) return null;
  if (bytes.length > params.maxFileSize) return { size: bytes.length };
  return { size: bytes.length, base64: Buffer.from(bytes).toString('base64') };
}

describe('the web worker server: files from the client', () => {
  const lsp = new LspHarness({ exclude: ['vendor/**'], maxFileSize: 1000 }, {}, (connection) => ({ files: clientFileSource(connection) }));
  const asked: string[] = [];
  lsp.client.onRequest(FindYamlFilesRequest, (params) => {
    asked.push(`find ${params.folder}`);
    return findYamlFiles(params);
  });
  lsp.client.onRequest(ReadFileRequest, (params) => {
    asked.push(`read ${params.uri}`);
    return readFile(params);
  });
  after(() => lsp.dispose());

  it('scans the workspace through the client and reports a file that was never opened', async () => {
    await lsp.initialize(ROOT);
    const published = await lsp.diagnostics(`${ROOT}/policies/egress.yaml`, (p) => p.diagnostics.length > 0);
    const cidr = published.diagnostics.find((d) => d.code === 'ipblock.cidr-invalid');
    assert.ok(cidr, JSON.stringify(published.diagnostics));
    assert.ok(asked.includes(`find ${ROOT}`), asked.join('\n'));
    assert.ok(!asked.some((line) => line.includes('/vendor/')), 'excluded files are not read');
  });

  it('gives the size and encoding notices, as for files on disk', async () => {
    const huge = await lsp.diagnostics(`${ROOT}/huge.yaml`, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      huge.diagnostics.map((d) => d.code),
      ['file.too-large'],
    );
    const latin1 = await lsp.diagnostics(`${ROOT}/latin1.yaml`, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      latin1.diagnostics.map((d) => d.code),
      ['file.not-utf8'],
    );
  });

  it('answers the reachability panel with places relative to the workspace folder', async () => {
    const view = (await lsp.client.sendRequest(ReachabilityRequest.method, {})) as ReachabilityView;
    const keys = view.endpoints.map((endpoint) => endpoint.key);
    assert.ok(keys.includes('shop/Deployment/web'), keys.join(' '));
    const text = JSON.stringify(view);
    const labels = [...text.matchAll(/"label":"([^"]*)"/g)].map((match) => match[1]);
    assert.ok(
      labels.some((label) => /^policies\/egress\.yaml:\d+:\d+$/.test(label)),
      labels.join(' '),
    );
    assert.ok(
      labels.some((label) => /^apps\/web\.yaml:3:18$/.test(label)),
      labels.join(' '),
    );
    assert.deepEqual(
      labels.filter((label) => label.includes('vscode-remote:')),
      [],
    );
    assert.ok(text.includes('my repo'), 'the title is the folder name, decoded');
  });
});
