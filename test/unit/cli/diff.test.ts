import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { ADMIN, allowFrontendDb, SHOP } from '../reachabilityDiff/fixtures';

/** Commits work on CI machines without a git identity, and no user or system configuration gets in. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'netpol-lens test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'netpol-lens test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

async function diff(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['diff', ...argv], { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const OPENED = '+ shop/Deployment/frontend -> shop/StatefulSet/postgres TCP 5432  (allowed by shop/allow-frontend-db spec.egress[0] and spec.ingress[0])';

describe('netpol-lens diff', () => {
  let repo: string;
  before(() => {
    // Commit 1: the shop with a default deny. Commit 2: the frontend may reach the database. Working tree: the
    // admin Deployment added (untracked) and the database's port widened.
    repo = mkdtempSync(join(tmpdir(), 'netpol-diff-'));
    git(repo, 'init', '-q');
    mkdirSync(join(repo, 'k8s'));
    writeFileSync(join(repo, 'k8s', 'shop.yaml'), SHOP);
    writeFileSync(join(repo, 'README.md'), 'not YAML\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'shop');
    writeFileSync(join(repo, 'k8s', 'allow.yaml'), allowFrontendDb());
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'allow');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('--base and --head: one line per change and a summary line', async () => {
    const result = await diff(repo, '--base', 'HEAD~1', '--head', 'HEAD', 'k8s');
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${OPENED}\nThis change opens 1 connection and closes 0.\n`);
  });

  it('paths from a subfolder, --fail-on and its exit codes', async () => {
    const sub = join(repo, 'k8s');
    assert.equal((await diff(sub, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'added', '.')).code, 1);
    assert.equal((await diff(sub, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'any', '.')).code, 1);
    assert.equal((await diff(sub, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'removed', '.')).code, 0);
    const back = await diff(sub, '--base', 'HEAD', '--head', 'HEAD~1', '--fail-on', 'removed', 'allow.yaml', 'shop.yaml');
    assert.equal(back.code, 1);
    assert.match(back.stdout, /^- shop\/Deployment\/frontend -> shop\/StatefulSet\/postgres TCP 5432 {2}\(was allowed by shop\/allow-frontend-db/);
  });

  it('JSON: changes with ports as text, before/after and the why with files and lines from the repository root', async () => {
    const result = await diff(repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', 'k8s/');
    const json = JSON.parse(result.stdout);
    assert.equal(json.base, 'HEAD~1');
    assert.equal(json.head, 'HEAD');
    assert.deepEqual(json.endpoints, { appeared: [], disappeared: [] });
    assert.equal(json.connections.length, 1);
    const [change] = json.connections;
    assert.deepEqual(
      [change.change, change.from, change.to, change.protocol, change.ports, change.before, change.after],
      ['added', 'shop/Deployment/frontend', 'shop/StatefulSet/postgres', 'TCP', '5432', null, '5432'],
    );
    assert.deepEqual(change.why.after.ingress.allowedBy[0].rule, { file: 'k8s/allow.yaml', line: 13, path: 'spec.ingress[0]' });
    assert.equal(change.why.before.ingress.verdict, 'denied');
    assert.equal(change.why.before.ingress.isolatedBy[0].file, 'k8s/shop.yaml');
  });

  it('the working tree (tracked and untracked files) against HEAD, in markdown', async () => {
    writeFileSync(join(repo, 'k8s', 'admin.yaml'), ADMIN);
    writeFileSync(join(repo, 'k8s', 'allow.yaml'), allowFrontendDb('    - {port: 5432, endPort: 5433}\n'));
    try {
      const text = await diff(repo, 'k8s');
      assert.equal(text.code, 0);
      assert.equal(
        text.stdout,
        [
          '+ shop/Deployment/admin -> shop/StatefulSet/postgres TCP 5432-5433  (new endpoint shop/Deployment/admin; allowed by shop/allow-frontend-db spec.egress[0] and spec.ingress[0])',
          '~ shop/Deployment/frontend -> shop/StatefulSet/postgres TCP 5432 -> 5432-5433 (+5433)  (allowed by shop/allow-frontend-db spec.egress[0] and spec.ingress[0])',
          'appeared: shop/Deployment/admin',
          'This change opens 1 connection and closes 0; changes the ports of 1 connection (1 endpoint appeared).',
          '',
        ].join('\n'),
      );
      const markdown = await diff(repo, '--format', 'markdown', 'k8s');
      assert.match(markdown.stdout, /\*\*This change opens 1 connection and closes 0; changes the ports of 1 connection \(1 endpoint appeared\)\.\*\*/);
      assert.match(
        markdown.stdout,
        /\| `shop\/Deployment\/admin` \| `shop\/StatefulSet\/postgres` \| TCP \| 5432-5433 \| `shop\/allow-frontend-db` spec\.egress\[0\] \(k8s\/allow\.yaml:8\)/,
      );
      assert.match(markdown.stdout, /#### Ports changed \(1\)/);
      // A deleted folder is no error: everything in it closes.
      rmSync(join(repo, 'k8s'), { recursive: true });
      const deleted = await diff(repo, '--fail-on', 'removed', 'k8s');
      assert.equal(deleted.code, 1, deleted.stderr);
      assert.match(
        deleted.stdout,
        /^- shop\/Deployment\/frontend -> shop\/StatefulSet\/postgres TCP 5432 {2}\(was allowed by .*endpoint shop\/Deployment\/frontend removed\)$/m,
      );
      assert.match(deleted.stdout, /^disappeared: shop\/StatefulSet\/postgres$/m);
    } finally {
      git(repo, 'checkout', '-q', '--', 'k8s');
      rmSync(join(repo, 'k8s', 'admin.yaml'), { force: true });
    }
  });

  it('an unknown revision, a path outside the work tree, a missing path and bad options: exit 2 with a message', async () => {
    const unknown = await diff(repo, '--base', 'no-such-branch', 'k8s');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown revision "no-such-branch" \(--base\)/);
    assert.equal((await diff(repo, '--base', 'HEAD', '--head', 'deadbeef', 'k8s')).code, 2);
    assert.equal((await diff(repo, '--base', '--upload-pack=x', 'k8s')).code, 2);
    const outside = await diff(repo, '../elsewhere');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the git work tree/);
    const missing = await diff(repo, 'nowhere');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere/);
    assert.equal((await diff(repo, '--fail-on', 'sometimes', 'k8s')).code, 2);
    assert.equal((await diff(repo, '--format', 'xml', 'k8s')).code, 2);
    assert.equal((await diff(repo)).code, 2);
    const notRepo = mkdtempSync(join(tmpdir(), 'netpol-diff-norepo-'));
    try {
      const result = await diff(notRepo, 'x');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /not inside a git work tree/);
    } finally {
      rmSync(notRepo, { recursive: true, force: true });
    }
  });

  it('--base-dir compares two folders, files matched by their path inside each', async () => {
    const dirs = mkdtempSync(join(tmpdir(), 'netpol-diff-dirs-'));
    try {
      for (const side of ['old', 'new']) mkdirSync(join(dirs, side, 'apps'), { recursive: true });
      writeFileSync(join(dirs, 'old', 'apps', 'shop.yaml'), SHOP);
      writeFileSync(join(dirs, 'new', 'apps', 'shop.yaml'), SHOP);
      writeFileSync(join(dirs, 'new', 'apps', 'allow.yaml'), allowFrontendDb());
      const result = await diff(dirs, '--base-dir', 'old', '--fail-on', 'added', 'new');
      assert.equal(result.code, 1);
      assert.equal(result.stdout, `${OPENED}\nThis change opens 1 connection and closes 0.\n`);
      const json = JSON.parse((await diff(dirs, '--base-dir', 'old', '--format', 'json', 'new')).stdout);
      assert.deepEqual([json.base, json.head], ['old', 'new']);
      assert.equal(json.connections[0].why.after.egress.allowedBy[0].rule.file, join('new', 'apps', 'allow.yaml'));
      assert.equal(json.connections[0].why.before.egress.isolatedBy[0].file, join('old', 'apps', 'shop.yaml'));
      assert.equal((await diff(dirs, '--base-dir', 'old', 'new', 'extra')).code, 2);
      assert.equal((await diff(dirs, '--base-dir', 'old', '--base', 'HEAD', 'new')).code, 2);
      assert.equal((await diff(dirs, '--base-dir', 'missing', 'new')).code, 2);
    } finally {
      rmSync(dirs, { recursive: true, force: true });
    }
  });

  it('--port narrows to one port; JSON of a ports-changed connection', async () => {
    writeFileSync(join(repo, 'k8s', 'allow.yaml'), allowFrontendDb('    - {port: 5432, endPort: 5440}\n'));
    try {
      const json = JSON.parse((await diff(repo, '--format', 'json', 'k8s')).stdout);
      assert.deepEqual(
        json.connections.map((c: Record<string, unknown>) => [c.change, c.ports, c.before, c.after]),
        [['ports-changed', '5433-5440', '5432', '5432-5440']],
      );
      assert.equal((await diff(repo, '--port', '5432', '--fail-on', 'any', 'k8s')).code, 0);
      const one = await diff(repo, '--port', '5433', '--fail-on', 'added', 'k8s');
      assert.equal(one.code, 1);
      assert.match(one.stdout, /^\+ shop\/Deployment\/frontend -> shop\/StatefulSet\/postgres TCP 5433 {2}\(allowed by/);
      assert.equal((await diff(repo, '--protocol', 'UDP', '--fail-on', 'any', 'k8s')).code, 0);
      assert.equal((await diff(repo, '--port', '70000', 'k8s')).code, 2);
    } finally {
      git(repo, 'checkout', '-q', '--', 'k8s');
    }
  });

  it('--help', async () => {
    const result = await diff(repo, '--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: netpol-lens diff \[options\] PATH\.\.\./);
    assert.match(result.stdout, /--fail-on added\|removed\|any/);
  });
});
