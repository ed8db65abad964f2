import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('first run: the setup script says it is still working, npm test sums up', () => {
  it('with_progress (setup-editor.sh) reports a long step at least every 15 s, and passes its exit status on', () => {
    const script = `source scripts/lib/progress.sh; PROGRESS_EVERY=1 with_progress "installing code-server" sleep 2.5; echo "status $?"; with_progress quick false; echo "status $?"`;
    const result = spawnSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8' });
    assert.equal(result.stdout, 'status 0\nstatus 1\n');
    const lines = result.stderr.trim().split('\n');
    assert.ok(lines.length >= 2, result.stderr);
    for (const line of lines) assert.match(line, /^setup-editor: installing code-server: still working \(\d+ s\)$/);
    // The default interval, and every long step of setup-editor.sh goes through it.
    assert.match(readFileSync(path.join(REPO, 'scripts/lib/progress.sh'), 'utf8'), /PROGRESS_EVERY:-10\}/);
    const setup = readFileSync(path.join(REPO, 'scripts/setup-editor.sh'), 'utf8');
    for (const step of ['apt-get install', 'installing Node', 'installing code-server']) assert.match(setup, new RegExp(`with_progress "${step}`));
  });

  it('the demo serves a copy of examples/ with user data per clone, and reports a busy port', () => {
    const demo = readFileSync(path.join(REPO, 'scripts/demo.mjs'), 'utf8');
    assert.match(demo, /fs\.cpSync\(path\.join\(repoRoot, 'examples'\), examples/);
    assert.match(demo, /demo-\$\{cloneId\}/);
    assert.match(demo, /is already in use/);
    assert.doesNotMatch(demo, /workspace: path\.join\(repoRoot, 'examples'\)/);
  });

  it('npm test runs scripts/run-tests.mjs: a line per suite and a total, and the exit status', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(manifest.scripts.test, 'node scripts/run-tests.mjs');
    const unknown = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'nope'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown suite nope \(known: typecheck, lint, unit, robustness, webview, e2e\)/);
    if (!manifest.scripts.lint) {
      const lint = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'lint'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(lint.status, 0);
      assert.match(lint.stdout, /^lint: skipped \(no "lint" script in package\.json\)\ntotal: 0 passed, 0 failed \(\d+ s\)\n$/m);
    }
  });
});
