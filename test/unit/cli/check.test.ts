import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';

const BAD_CIDR = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/33
`;
const VALID = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens check', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-cli-'));
    mkdirSync(path.join(folder, 'policies', 'nested'), { recursive: true });
    writeFileSync(path.join(folder, 'policies', 'bad.yaml'), BAD_CIDR);
    writeFileSync(path.join(folder, 'policies', 'nested', 'good.yml'), VALID);
    writeFileSync(path.join(folder, 'policies', 'notes.txt'), 'not yaml');
    writeFileSync(path.join(folder, 'valid.yaml'), VALID);
  });

  it('prints the JSON format exactly, with files named as found under the given folder', async () => {
    const { code, stdout } = await run(folder, 'check', '--format', 'json', 'policies');
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), {
      diagnostics: [
        {
          file: path.join('policies', 'bad.yaml'),
          range: { start: { line: 9, character: 18 }, end: { line: 9, character: 29 } },
          severity: 'error',
          code: 'ipblock.cidr-invalid',
          message: JSON.parse(stdout).diagnostics[0].message,
          path: 'spec.ingress[0].from[0].ipBlock.cidr',
        },
      ],
    });
    assert.deepEqual(Object.keys(JSON.parse(stdout).diagnostics[0]), ['file', 'range', 'severity', 'code', 'message', 'path']);
  });

  it('prints file:line:col: severity code message in text, lines from 1', async () => {
    const { code, stdout } = await run(folder, 'check', 'policies/bad.yaml');
    assert.equal(code, 1);
    assert.match(stdout, /^policies\/bad\.yaml:10:19: error ipblock\.cidr-invalid .+\n1 error, 0 warnings in 1 file; 1 file checked\n$/);
  });

  it('exits 0 when there are no errors', async () => {
    const { code, stdout } = await run(folder, 'check', 'valid.yaml');
    assert.equal(code, 0);
    assert.equal(stdout, 'No problems in 1 file checked.\n');
  });

  it('ends the text format with a summary line, and leaves JSON and SARIF without one', async () => {
    const summary = (stdout: string) => stdout.trimEnd().split('\n').pop();
    writeFileSync(path.join(folder, 'config-warn.yaml'), 'rules:\n  ipblock.cidr-invalid: warning\n');
    assert.equal(summary((await run(folder, 'check', 'policies', 'valid.yaml')).stdout), '1 error, 0 warnings in 1 file; 3 files checked');
    assert.equal(
      summary((await run(folder, 'check', '--config', 'config-warn.yaml', 'policies', 'valid.yaml')).stdout),
      '0 errors, 1 warning in 1 file; 3 files checked',
    );
    assert.equal((await run(folder, 'check', 'policies/nested', 'valid.yaml')).stdout, 'No problems in 2 files checked.\n');
    writeFileSync(path.join(folder, 'config-hint.yaml'), 'rules:\n  ipblock.cidr-invalid: hint\n');
    assert.equal(
      summary((await run(folder, 'check', '--config', 'config-hint.yaml', 'policies/bad.yaml', 'policies/bad.yaml')).stdout),
      '0 errors, 0 warnings, 1 note in 1 file; 1 file checked',
    );
    for (const format of ['json', 'sarif']) JSON.parse((await run(folder, 'check', '--format', format, 'policies')).stdout);
  });

  it('writes SARIF 2.1.0 with rules and one-based regions', async () => {
    const { stdout } = await run(folder, 'check', '--format', 'sarif', 'policies');
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runLog] = sarif.runs;
    assert.equal(runLog.tool.driver.name, 'netpol-lens');
    assert.deepEqual(
      runLog.tool.driver.rules.map((r: { id: string }) => r.id),
      ['ipblock.cidr-invalid'],
    );
    assert.equal(runLog.results[0].level, 'error');
    assert.deepEqual(runLog.results[0].locations[0].physicalLocation.region, { startLine: 10, startColumn: 19, endLine: 10, endColumn: 30 });
    assert.equal(runLog.results[0].locations[0].physicalLocation.artifactLocation.uri, 'policies/bad.yaml');
  });

  it('writes SARIF artifact URIs as percent-encoded relative references that name the file', async () => {
    const name = 'a #1?x=%41 é.yaml';
    mkdirSync(path.join(folder, 'odd dir'), { recursive: true });
    writeFileSync(path.join(folder, 'odd dir', name), BAD_CIDR);
    const sarif = JSON.parse((await run(folder, 'check', '--format', 'sarif', `odd dir/${name}`)).stdout);
    const [runLog] = sarif.runs;
    assert.equal(runLog.results.length, 1);
    const location = runLog.results[0].locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, 'odd%20dir/a%20%231%3Fx%3D%2541%20%C3%A9.yaml');
    // RFC 3986 relative-part: unreserved, sub-delims, ':', '@', '/' and %XX only, no ':' before the first '/'.
    assert.match(location.artifactLocation.uri, /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$/);
    assert.equal(decodeURIComponent(new URL(location.artifactLocation.uri, 'file:///repo/').pathname), `/repo/odd dir/${name}`);
    // The rest of the log keeps its shape: no uriBaseId (the URI is relative to the checkout), a one-based region.
    assert.deepEqual(Object.keys(location.artifactLocation), ['uri']);
    assert.deepEqual(location.region, { startLine: 10, startColumn: 19, endLine: 10, endColumn: 30 });
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(runLog.results[0].ruleId, runLog.tool.driver.rules[runLog.results[0].ruleIndex].id);
    // A file named by an absolute path is an absolute file: URI.
    const absolute = path.join(folder, 'odd dir', name);
    const uri = JSON.parse((await run(folder, 'check', '--format', 'sarif', absolute)).stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation
      .uri;
    assert.equal(fileURLToPath(uri), absolute);
  });

  it('applies --config severities and --kubernetes-version', async () => {
    writeFileSync(path.join(folder, 'config.yaml'), 'rules:\n  ipblock.cidr-invalid: warning\n');
    const { code, stdout } = await run(folder, 'check', '--config', 'config.yaml', '--kubernetes-version', '1.35', 'policies/bad.yaml');
    assert.equal(code, 0);
    assert.match(stdout, / warning ipblock\.cidr-invalid /);
  });

  it('exits 2 on usage errors, with a message on stderr', async () => {
    for (const argv of [
      ['check'],
      ['check', '--format', 'xml', 'x.yaml'],
      ['check', '--bogus', 'x.yaml'],
      ['frobnicate'],
      ['check', '--kubernetes-version', 'latest', 'x.yaml'],
    ]) {
      const { code, stderr } = await run(folder, ...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.notEqual(stderr, '', argv.join(' '));
    }
  });

  it('checks the other files when one is missing, binary or unreadable, and exits 2', async () => {
    writeFileSync(path.join(folder, 'binary.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0xff, 0xfe]));
    const { code, stdout, stderr } = await run(folder, 'check', 'missing.yaml', 'binary.yaml', 'policies/bad.yaml');
    assert.equal(code, 2);
    assert.match(stderr, /missing\.yaml: no such file or folder/);
    assert.match(stderr, /binary\.yaml: not a UTF-8 text file/);
    assert.match(stdout, /ipblock\.cidr-invalid/);
  });

  it('says so and exits 2 when a folder holds no YAML file (a mistyped CI path must not pass)', async () => {
    mkdirSync(path.join(folder, 'no-yaml'), { recursive: true });
    writeFileSync(path.join(folder, 'no-yaml', 'README.md'), '# not manifests\n');
    const { code, stdout, stderr } = await run(folder, 'check', 'no-yaml');
    assert.equal(code, 2);
    assert.equal(stderr, 'netpol-lens: no YAML files found in no-yaml\n');
    assert.equal(stdout, '');
    // Beside a folder that has some: the others are still checked, and the exit status is still 2.
    const both = await run(folder, 'check', 'no-yaml', 'policies');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /no YAML files found in no-yaml/);
    assert.match(both.stdout, /ipblock\.cidr-invalid/);
  });

  it('survives a symbolic link loop', async () => {
    const loop = path.join(folder, 'loop');
    mkdirSync(loop);
    writeFileSync(path.join(loop, 'p.yaml'), VALID);
    symlinkSync(loop, path.join(loop, 'again'));
    const { code } = await run(folder, 'check', 'loop');
    assert.equal(code, 0);
  });

  it('reports a folder it cannot read', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, async () => {
    const locked = path.join(folder, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0);
    const { code, stderr } = await run(folder, 'check', 'locked');
    assert.equal(code, 2);
    assert.match(stderr, /permission denied/);
  });

  it('describes every option in --help', async () => {
    const { code, stdout } = await run(folder, 'check', '--help');
    assert.equal(code, 0);
    for (const option of ['--format', '--kubernetes-version', '--config']) assert.ok(stdout.includes(option), option);
  });
});
