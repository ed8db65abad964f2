import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { effectiveKubernetesVersion } from '../../../client/src/kubernetesVersion';

describe("netpol.kubernetesVersion falls back to Red Hat YAML's yaml.kubernetesVersion", () => {
  it('uses yaml.kubernetesVersion when netpol.kubernetesVersion is not set anywhere', () => {
    assert.equal(effectiveKubernetesVersion({}, { globalValue: '1.32.1' }), '1.32');
    assert.equal(effectiveKubernetesVersion(undefined, { workspaceValue: 'v1.30' }), '1.30');
    assert.equal(effectiveKubernetesVersion({ globalValue: '' }, { workspaceFolderValue: 'v1.29.3-standalone-strict' }), '1.29');
  });

  it("keeps the user's own netpol.kubernetesVersion, at any level", () => {
    assert.equal(effectiveKubernetesVersion({ globalValue: '1.35' }, { workspaceValue: '1.30' }), undefined);
    assert.equal(effectiveKubernetesVersion({ workspaceFolderValue: '1.34' }, { globalValue: '1.30' }), undefined);
  });

  it('leaves the default when neither is set, or yaml.kubernetesVersion is not a version', () => {
    assert.equal(effectiveKubernetesVersion({}, {}), undefined);
    assert.equal(effectiveKubernetesVersion({}, undefined), undefined);
    assert.equal(effectiveKubernetesVersion({}, { globalValue: 'master' }), undefined);
    assert.equal(effectiveKubernetesVersion({}, { globalValue: 132 }), undefined);
  });

  it('both language clients (Node and web worker) pass it on: the middleware is in their shared options, and yaml changes are forwarded', () => {
    const source = readFileSync(path.resolve(__dirname, '..', '..', '..', 'client', 'src', 'netpolClient.ts'), 'utf8');
    assert.match(source, /middleware: \{ workspace: kubernetesVersionMiddleware \}/);
    assert.match(source, /configurationSection: SYNCHRONIZED_SECTIONS/);
    const middleware = readFileSync(path.resolve(__dirname, '..', '..', '..', 'client', 'src', 'kubernetesVersionMiddleware.ts'), 'utf8');
    assert.match(middleware, /SYNCHRONIZED_SECTIONS = \['netpol', 'yaml'\]/);
  });
});
