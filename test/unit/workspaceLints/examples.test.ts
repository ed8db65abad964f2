import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { WORKSPACE_LINT_RULES } from '../../../server/src/service/lints/workspaceLintRules';
import { workspaceFindings } from './workspaceHarness';

const EXAMPLES = resolve(__dirname, '../../../examples');

function yamlFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

describe('examples/: the workspace findings', () => {
  it('are exactly those of its mistakes (the shop itself is clean: DNS allowed, selectors and ports match)', () => {
    const files = Object.fromEntries(yamlFiles(EXAMPLES).map((path) => [relative(EXAMPLES, path), readFileSync(path, 'utf8')]));
    const found = workspaceFindings(files).filter((finding) => finding.code in WORKSPACE_LINT_RULES);
    assert.deepEqual(
      found.map((finding) => `${finding.uri} ${finding.severity} ${finding.code} ${finding.text.split('\n')[0]}`),
      [
        // The stray `-` makes `podSelector: app=prometheus` a peer of its own, in shop, where no Prometheus runs.
        'mistakes/or-instead-of-and.yaml warning selector.matches-no-workload matchLabels:',
        // Postgres declares only 5432: the exporter port 9187 the rule opens is not declared by any container.
        'mistakes/or-instead-of-and.yaml information ports.numeric-port-undeclared 9187',
      ],
    );
  });
});
