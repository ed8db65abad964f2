import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runReach } from '../../../server/src/cli/reach';
import { UsageError } from '../../../server/src/cli/cliIo';
import { main } from '../../../server/src/cli/main';
import { conformanceCluster } from './helpers';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-b, namespace: x}
spec:
  podSelector:
    matchLabels: {pod: a}
  ingress:
  - from:
    - podSelector:
        matchLabels: {pod: b}
    ports:
    - port: 80
`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-reach-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function reach(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReach(argv, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('netpol-lens reach', () => {
  const dir = workspace({ 'cluster.yaml': conformanceCluster(), 'policy.yaml': POLICY });

  it('prints the one-port matrix as the exact JSON shape', async () => {
    const { code, stdout, stderr } = await reach(['--port', '80', '--protocol', 'TCP', '--format', 'json', '--from', 'x/*', '--to', 'x/a,x/b', '.'], dir);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.equal(
      stdout,
      '{"port":80,"protocol":"TCP","pods":["x/a","x/b","x/c"],"matrix":{"x/a":{"x/a":true,"x/b":true},"x/b":{"x/a":true,"x/b":true},"x/c":{"x/a":false,"x/b":true}}}\n',
    );
  });

  it('covers every endpoint without filters, and keeps ports and protocols apart', async () => {
    const udp = JSON.parse((await reach(['--port', '80', '--protocol', 'udp', '--format', 'json', dir], '/')).stdout);
    assert.equal(udp.protocol, 'UDP');
    assert.equal(udp.pods.length, 9);
    assert.equal(udp.matrix['x/b']['x/a'], false);
    assert.equal(udp.matrix['y/a']['x/a'], false);
    const named = JSON.parse((await reach(['--port', 'serve-80-tcp', '--format', 'json', dir], '/')).stdout);
    assert.equal(named.port, 'serve-80-tcp');
    assert.equal(named.matrix['x/b']['x/a'], true);
  });

  it('prints the all-ports picture as text and JSON', async () => {
    const text = (await reach(['--from', 'x/b', dir], '/')).stdout;
    assert.match(text, /^x\/b ->$/m);
    assert.match(text, /^ {2}x\/a {2}TCP 80$/m);
    assert.match(text, /^ {2}y\/a {2}all ports$/m);
    assert.match(text, /^ {2}x\/b {2}all ports \(a pod to itself\)$/m);
    const json = JSON.parse((await reach(['--format', 'json', '--from', 'x/c', '--to', 'x/a', dir], '/')).stdout);
    assert.deepEqual(json.matrix, { 'x/c': { 'x/a': {} } });
    const fromB = JSON.parse((await reach(['--format', 'json', '--from', 'x/b', '--to', 'x/a', dir], '/')).stdout);
    assert.deepEqual(fromB.matrix, { 'x/b': { 'x/a': { TCP: [[80, 80]] } } });
  });

  it('prints the all-ports text compactly: allowed pairs only, aligned within a source, --all for the rest', async () => {
    const text = (await reach(['--from', 'x/b,x/c', dir], '/')).stdout;
    assert.doesNotMatch(text, /no ports$/m);
    assert.match(text, /^x\/b ->$/m);
    assert.match(text, /^x\/c ->\n {2}x\/b {2}all ports\n/m, 'x/c -> x/a (no ports) is left out');
    assert.match(text, /^ {2}y\/a {2}all ports$/m);
    assert.match(text, /^Not listed \(no ports allowed\): 1 pair; --all lists every pair\.$/m);
    const nothing = (await reach(['--from', 'x/c', '--to', 'x/a', dir], '/')).stdout;
    assert.doesNotMatch(nothing, /^x\/c ->$/m, 'a source with nothing allowed has no block');
    for (const line of text.split('\n')) assert.ok(!/ $/.test(line) && line.length <= 100, JSON.stringify(line));
    const all = (await reach(['--all', '--from', 'x/c', '--to', 'x/a,x/b', dir], '/')).stdout;
    assert.match(all, /^x\/c ->\n {2}x\/a {2}no ports\n {2}x\/b {2}all ports$/m);
    assert.doesNotMatch(all, /not listed/);
  });

  it('says on stderr what -o wrote', async () => {
    const out = workspace({ 'policy.yaml': POLICY, 'pods.yaml': conformanceCluster() });
    for (const format of ['text', 'json', 'dot', 'html']) {
      const { code, stdout, stderr } = await reach(['--format', format, '-o', `out.${format}`, '--from', 'x/*', '.'], out);
      assert.equal(code, 0);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^wrote out\\.${format} \\(9 endpoints, 1 policy\\)\\n$`), format);
    }
  });

  it('explains a connection in words, with file:line:column', async () => {
    const { code, stdout } = await reach(['--explain', 'x/c', 'x/a', '--port', '80', dir], '/');
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'x/c -> x/a on TCP port 80: DENIED');
    assert.match(stdout, /ingress of x\/a: isolated by x\/allow-b \(.*policy\.yaml:3:18\)/);
    assert.match(stdout, /x\/allow-b spec\.ingress\[0\] \(.*policy\.yaml:8:5\): no peer matches x\/c/);
    const json = JSON.parse((await reach(['--explain', 'x/b', 'x/a', '--format', 'json', dir], '/')).stdout);
    assert.equal(json.allowed, true);
    assert.deepEqual(json.allowedPorts, { TCP: [[80, 80]], UDP: [], SCTP: [] });
  });

  it('writes a self-contained HTML report with a strict CSP and the data as inert JSON', async () => {
    const hostile = workspace({
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: evil, namespace: x, labels: {app: "</script><script>alert(1)</script>"}}\n',
    });
    const { code } = await reach(['--format', 'html', '-o', 'report.html', '.'], hostile);
    assert.equal(code, 0);
    const html = readFileSync(join(hostile, 'report.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'">/);
    assert.equal(html.match(/<script/g)?.length, 2);
    assert.ok(!html.includes('</script><script>alert(1)'));
    assert.ok(html.includes('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>'));
  });

  it('prints a Graphviz graph of the allowed connections', async () => {
    const { stdout } = await reach(['--format', 'dot', '--port', '80', '--from', 'x/*', '--to', 'x/a', dir], '/');
    assert.match(stdout, /^digraph reachability \{/);
    assert.match(stdout, /subgraph cluster_0 \{\n {4}label="namespace x";/);
    assert.match(stdout, /"x\/b" -> "x\/a";/);
    assert.ok(!stdout.includes('"x/c" -> "x/a"'));
  });

  it('lists left-out documents on stderr and still answers', async () => {
    const broken = workspace({ 'a.yaml': `${POLICY}---\nkind: Pod\napiVersion: v1\nmetadata: {name: p, namespace: x, labels: {v: 1}}\n---\n: [\n` });
    const { code, stderr } = await reach(['--port', '80', '.'], broken);
    assert.equal(code, 0);
    assert.match(stderr, /a\.yaml:16:\d+: left out Pod x\/p: cannot be decoded: metadata\.labels\[v\]: expected a string, found number 1/);
    assert.match(stderr, /a\.yaml:\d+:\d+: left out: YAML error/);
  });

  it('filters endpoint kinds, and keys workloads and external ranges as documented', async () => {
    const mixed = workspace({
      'w.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {template: {metadata: {labels: {app: web}}}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}\n`,
    });
    const all = JSON.parse((await reach(['--port', '443', '--format', 'json', '.'], mixed)).stdout);
    assert.deepEqual(all.pods, ['shop/Deployment/web', 'ipblock:0.0.0.0/0 except 10.0.0.0/8', 'ipblock:10.0.0.0/8']);
    assert.equal(all.matrix['shop/Deployment/web']['ipblock:0.0.0.0/0 except 10.0.0.0/8'], true);
    assert.equal(all.matrix['shop/Deployment/web']['ipblock:10.0.0.0/8'], false);
    const cluster = JSON.parse((await reach(['--port', '443', '--format', 'json', '--endpoints', 'cluster', '.'], mixed)).stdout);
    assert.deepEqual(cluster.pods, ['shop/Deployment/web']);
    const pods = JSON.parse((await reach(['--port', '443', '--format', 'json', '--endpoints', 'pods', '.'], mixed)).stdout);
    assert.deepEqual(pods.pods, []);
  });

  it('leaves pairs of two external address ranges (outside the cluster, no policy applies) out of text and dot, and marks them null in JSON', async () => {
    const mixed = workspace({
      'w.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {template: {metadata: {labels: {app: web}}}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}\n`,
    });
    const wide = 'ipblock:0.0.0.0/0 except 10.0.0.0/8';
    const narrow = 'ipblock:10.0.0.0/8';
    const web = 'shop/Deployment/web';
    const port = JSON.parse((await reach(['--port', '443', '--format', 'json', '.'], mixed)).stdout);
    // The policy isolates web's ingress too (no ingress rules): nothing may reach it.
    assert.deepEqual(port.matrix[narrow], { [web]: false, [wide]: null, [narrow]: null });
    assert.deepEqual(port.matrix[web], { [web]: false, [wide]: true, [narrow]: false });
    const picture = JSON.parse((await reach(['--format', 'json', '.'], mixed)).stdout);
    assert.equal(picture.matrix[wide][narrow], null);
    assert.equal(picture.matrix[wide][wide], null);
    assert.deepEqual(picture.matrix[web][narrow], {});
    assert.deepEqual(picture.matrix[web][wide], { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });
    const text = (await reach(['--from', 'ipblock:*', '.'], mixed)).stdout;
    assert.doesNotMatch(text, / ->$/m, text);
    assert.match(text, /^Not listed \(no ports allowed\): 2 pairs;/m, 'the pairs toward web, not the external ones');
    const all = (await reach(['--all', '--from', 'ipblock:*', '.'], mixed)).stdout;
    assert.match(all, /^ipblock:10\.0\.0\.0\/8 ->\n {2}shop\/Deployment\/web {2}no ports$/m);
    assert.doesNotMatch(all, /^ {2}ipblock:/m, all);
    const table = (await reach(['--port', '443', '.'], mixed)).stdout;
    assert.match(table, /^ipblock:10\.0\.0\.0\/8 +X +- +-$/m);
    assert.match(table, /'-' outside the cluster/);
    for (const argv of [
      ['--format', 'dot'],
      ['--format', 'dot', '--port', '443'],
    ]) {
      const dot = (await reach([...argv, '.'], mixed)).stdout;
      assert.doesNotMatch(dot, /"ipblock:[^"]*" -> "ipblock:/, dot);
      assert.match(dot, /"shop\/Deployment\/web" -> "ipblock:0\.0\.0\.0\/0 except 10\.0\.0\.0\/8"/);
    }
  });

  it('says so and exits 2 on a folder without YAML files', async () => {
    const empty = workspace({ 'notes.txt': 'nothing here' });
    const { code, stdout, stderr } = await reach(['.'], empty);
    assert.equal(code, 2);
    assert.equal(stderr, 'netpol-lens: no YAML files found in .\n');
    assert.equal(stdout, '');
  });

  it('refuses -o into a folder that does not exist as a usage error, not an internal error', async () => {
    const missing = join(dir, 'missing', 'dir', 'x.html');
    await assert.rejects(
      reach(['--format', 'html', '-o', missing, '.'], dir),
      (error: Error) => error instanceof UsageError && error.message === `cannot write ${missing}: the folder does not exist`,
    );
    let stderr = '';
    const code = await main(['reach', '-o', 'missing/x.txt', '.'], { cwd: dir, stdout: () => undefined, stderr: (text) => (stderr += text) });
    assert.equal(code, 2);
    assert.match(stderr, /^netpol-lens reach: cannot write missing\/x\.txt: the folder does not exist\n/m);
  });

  it('refuses bad usage', async () => {
    for (const argv of [
      ['--format', 'xml', dir],
      ['--protocol', 'ICMP', dir],
      ['--port', '0', dir],
      [],
      ['--explain', 'x/a'],
      ['--explain', 'x/a', 'nope', dir],
      ['--explain', 'x/a', 'x/b', '--format', 'html', dir],
      ['--endpoints', 'some', dir],
    ]) {
      await assert.rejects(reach(argv, '/'), UsageError, JSON.stringify(argv));
    }
  });
});
