import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { generateCluster } from '../../../bench/reachabilityCluster';
import { indentJson, runReach } from '../../../server/src/cli/reach';
import { expandCompactReach, type CompactReach } from '../../../server/src/cli/reachFormats/compactFormat';

const EXAMPLES = resolve(__dirname, '../../../examples');

/** Runs `reach` in process; `chunks` is every piece the io's stdout writer received. */
async function reach(argv: string[], cwd: string): Promise<{ code: number; chunks: string[]; stdout: string; stderr: string }> {
  const chunks: string[] = [];
  let stderr = '';
  const code = await runReach(argv, { cwd, stdout: (text) => chunks.push(text), stderr: (text) => (stderr += text) });
  return { code, chunks, stdout: chunks.join(''), stderr };
}

/** A generated workspace of Deployments (one file per namespace). */
function generated(namespaces: number, apps: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-reach-stream-'));
  const cluster = generateCluster({ namespaces, appsPerNamespace: apps, replicas: 2, policiesPerNamespace: 12, workloads: 'deployments' });
  for (const [uri, text] of cluster.files) writeFileSync(join(dir, uri.slice(uri.lastIndexOf('/') + 1)), text);
  return dir;
}

describe('netpol-lens reach streams its output', () => {
  const medium = generated(6, 30);

  it('writes every format in many chunks, none of them the whole output', async () => {
    for (const args of [
      ['--port', '8080', '--format', 'json'],
      ['--format', 'json'],
      ['--port', '8080'],
      [],
      ['--all'],
      ['--format', 'dot'],
      ['--format', 'json-compact'],
      ['--format', 'html'],
    ]) {
      const { code, chunks, stdout } = await reach([...args, '.'], medium);
      assert.equal(code, 0, args.join(' '));
      const largest = Math.max(...chunks.map((chunk) => chunk.length));
      if (stdout.length > 200_000) {
        assert.ok(chunks.length >= 3, `${args.join(' ')}: ${chunks.length} chunks of ${stdout.length} characters`);
        // The HTML's one large piece is the panel's script, inlined as it is.
        if (!args.includes('html')) assert.ok(largest < stdout.length / 2, `${args.join(' ')}: a chunk of ${largest} of ${stdout.length} characters`);
        // Chunks are gathered to about 64 KiB, a row of the matrix (or the HTML's script) at most beyond that.
        assert.ok(largest < 200_000, `${args.join(' ')}: a chunk of ${largest} characters`);
      }
      if (args.includes('json') || args.includes('json-compact')) JSON.parse(stdout);
    }
    // The full JSON of this workspace is far longer than one write.
    const { chunks, stdout } = await reach(['--port', '8080', '--format', 'json', '.'], medium);
    assert.ok(stdout.length > 1_000_000 && chunks.length > 10, `${chunks.length} chunks of ${stdout.length} characters`);
  });

  it('prints a compact JSON that expands to the full JSON, on the example workspace and a generated one', async () => {
    for (const [dir, ports] of [
      [EXAMPLES, ['80', '8080', 'http', '53']],
      [medium, ['8080', 'http', '5432', 'metrics']],
    ] as const) {
      for (const port of [undefined, ...ports]) {
        for (const protocol of port === '53' ? ['TCP', 'UDP'] : ['TCP']) {
          const args = [...(port === undefined ? [] : ['--port', port, '--protocol', protocol]), '.'];
          const full = await reach(['--format', 'json', ...args], dir);
          const compact = await reach(['--format', 'json-compact', ...args], dir);
          assert.equal(compact.code, full.code);
          assert.equal(compact.stderr, full.stderr);
          const parsed = JSON.parse(compact.stdout) as CompactReach;
          assert.equal(parsed.format, 'netpol-lens/reach-compact@1');
          assert.deepEqual(expandCompactReach(parsed), JSON.parse(full.stdout), `${dir} ${args.join(' ')}`);
          // Classes of identical rows and columns: far fewer than the endpoints.
          if (dir === medium) assert.ok(parsed.matrix.length < parsed.sources.length / 2 && parsed.matrix[0].length < parsed.destinations.length / 2);
        }
      }
    }
  });

  it('keeps the shape of the compact form with filters, and leaves pairs of external ranges null', async () => {
    const args = ['--from', '*/Deployment/app-1*,ipblock:*', '--to', 'ns-1/*,ipblock:*', '--format'];
    const full = JSON.parse((await reach([...args, 'json', '.'], medium)).stdout);
    const compact = JSON.parse((await reach([...args, 'json-compact', '.'], medium)).stdout) as CompactReach;
    assert.deepEqual(expandCompactReach(compact), full);
    const external = compact.sources.findIndex((index) => compact.endpoints[index].kind === 'external');
    const externalTo = compact.destinations.findIndex((index) => compact.endpoints[index].kind === 'external');
    assert.ok(external !== -1 && externalTo !== -1);
    assert.equal(compact.matrix[compact.sourceClass[external]][compact.destinationClass[externalTo]], null);
  });

  it('indents a streamed report in place as JSON.stringify(value, null, 2) does', () => {
    const value = { a: [], b: {}, c: [1, { d: 'x,y:{}[]"\\', e: null }, [[]]], f: { g: [true, false] }, 'h"i': '\u2028' };
    const text = `${JSON.stringify(value)}\n`;
    for (const size of [1, 2, 3, 7, text.length]) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
      const indented = [...indentJson(chunks, 3)].join('');
      assert.equal(indented, JSON.stringify(value, null, 2).replace(/\n/g, '\n      '), `chunks of ${size}`);
    }
  });

  it('keeps the workspaces JSON as JSON.stringify prints it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-reach-groups-'));
    for (const name of ['one', 'two']) {
      const sub = join(dir, name);
      writeFileSync(join(dir, `${name}.keep`), '');
      (await import('node:fs')).mkdirSync(sub);
      writeFileSync(join(sub, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n');
    }
    const { code, stdout } = await reach(['--per-directory', '--port', '80', '--format', 'json', '.'], dir);
    assert.equal(code, 0);
    assert.equal(stdout, `${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
  });
});
