import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';

/**
 * The CLI on hostile inputs (issue 7): every bad input gets one clear line on stderr, the exit code is 2, and the
 * good files are still checked (their findings are on stdout). Complements test/unit/cli/check.test.ts.
 */
const BAD_CIDR =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/33\n';
const IS_ROOT = process.getuid?.() === 0;

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Fails the test rather than hanging it: a FIFO or a device could block or never end a read. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('netpol-lens check on hostile inputs', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-cli-hostile-'));
    const tree = path.join(folder, 'tree');
    mkdirSync(path.join(tree, 'dir.yaml'), { recursive: true });
    writeFileSync(path.join(tree, 'good.yaml'), BAD_CIDR);
    writeFileSync(path.join(tree, 'dir.yaml', 'inside.yaml'), BAD_CIDR.replace('name: web', 'name: inside'));
    writeFileSync(path.join(tree, 'latin1.yaml'), Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'));
    writeFileSync(path.join(tree, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: NetworkPolicy\n', 'utf16le')]));
    writeFileSync(path.join(tree, 'nul.yaml'), 'kind: NetworkPolicy\n\0\n');
    writeFileSync(path.join(tree, 'empty.yaml'), '');
    writeFileSync(path.join(tree, 'bom.yaml'), `\ufeff${BAD_CIDR.replace('name: web', 'name: bom')}`);
    writeFileSync(path.join(tree, 'lone-cr.yaml'), BAD_CIDR.replace(/\n/g, '\r').replace('name: web', 'name: cr'));
    symlinkSync(path.join(folder, 'nowhere.yaml'), path.join(tree, 'dangling.yaml'));
    symlinkSync(tree, path.join(tree, 'loop'));
    // A file that cannot be read even by root: /proc/self/mem fails with EIO at offset 0.
    if (existsSync('/proc/self/mem')) symlinkSync('/proc/self/mem', path.join(tree, 'eio.yaml'));
    if (!IS_ROOT) {
      writeFileSync(path.join(tree, 'locked.yaml'), BAD_CIDR);
      chmodSync(path.join(tree, 'locked.yaml'), 0);
    }
    // A FIFO and a device: not regular files; reading them would block, or never end.
    execFileSync('mkfifo', [path.join(folder, 'fifo.yaml')]);
  });

  it('a folder of broken, binary, non-UTF-8, unreadable and looping entries: one stderr line each, exit 2, the rest checked', async () => {
    const { code, stdout, stderr } = await within(20_000, run(folder, 'check', '--format', 'json', 'tree'));
    assert.equal(code, 2);
    const lines = stderr.trimEnd().split('\n');
    const expected: [string, RegExp][] = [
      ['latin1.yaml', /not a UTF-8 text file/],
      ['utf16.yaml', /not a UTF-8 text file/],
      ['nul.yaml', /not a UTF-8 text file/],
      ['dangling.yaml', /no such file or folder/],
    ];
    if (existsSync('/proc/self/mem')) expected.push(['eio.yaml', /input\/output error|EIO/i]);
    if (!IS_ROOT) expected.push(['locked.yaml', /permission denied/]);
    for (const [name, message] of expected) {
      const line = lines.find((l) => l.includes(name));
      assert.ok(line, `no stderr line for ${name}:\n${stderr}`);
      assert.match(line, message);
      assert.match(line, /^netpol-lens: /);
    }
    assert.equal(lines.length, expected.length, stderr);
    // The good files, and the one in a folder named like a file, are checked; the BOM and lone-CR ones too.
    const files = new Set((JSON.parse(stdout).diagnostics as { file: string }[]).map((d) => path.basename(d.file)));
    for (const name of ['good.yaml', 'inside.yaml', 'bom.yaml', 'lone-cr.yaml']) assert.ok(files.has(name), `${name} not checked: ${[...files].join(', ')}`);
  });

  it('a lone-CR file is reported on the line an editor shows', async () => {
    const { stdout } = await run(folder, 'check', 'tree/lone-cr.yaml');
    assert.match(stdout, /^tree\/lone-cr\.yaml:10:19: error ipblock\.cidr-invalid/);
  });

  it('a FIFO or a device given by name is skipped at once, not read', async () => {
    for (const input of ['fifo.yaml', '/dev/zero']) {
      const { code, stderr } = await within(10_000, run(folder, 'check', input, 'tree/good.yaml'));
      assert.equal(code, 2, input);
      assert.match(stderr, new RegExp(`${input.replace(/[/.]/g, '\\$&')}: not a regular file, skipped`));
    }
  });

  it('a command named like an Object.prototype member is unknown, not a crash', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { code, stderr } = await run(folder, name);
      assert.equal(code, 2, name);
      assert.match(stderr, new RegExp(`unknown command "${name}"`));
    }
  });

  it('a config file that is an alias bomb, deeply nested or not an object is a usage error', async () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    writeFileSync(path.join(folder, 'bomb.yaml'), bomb);
    writeFileSync(path.join(folder, 'deep.yaml'), `rules: ${'['.repeat(5_000)}${']'.repeat(5_000)}`);
    writeFileSync(path.join(folder, 'list.yaml'), '- a\n- b\n');
    for (const config of ['bomb.yaml', 'deep.yaml', 'list.yaml', 'fifo.yaml']) {
      const { code, stderr } = await within(10_000, run(folder, 'check', '--config', config, 'tree/good.yaml'));
      assert.equal(code, 2, config);
      assert.match(stderr, new RegExp(`--config ${config.replace('.', '\\.')}`));
    }
  });
});
