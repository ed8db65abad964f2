/**
 * The examples of the flows codes' docs (docs/rules/flows.*.md), run as test/unit/ruleDocs.test.ts runs the others,
 * but as two files: the `Workspace...:` block is loaded as manifests, and the Before and After blocks each as
 * `netpol-flows.yaml` beside it. The Before file must be reported with the doc's code, the After file must not, and
 * must have no error.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createNetpolService, DEFAULT_SETTINGS, FLOW_RULES, type Finding } from '../../../server/src/service';

const DOCS = join(__dirname, '../../../docs/rules');

function block(doc: string, label: string): string {
  const found = [...doc.matchAll(/^(Workspace|Before|After)[^\n]*:\n```yaml\n([\s\S]*?)^```$/gm)].filter((match) => match[1] === label);
  assert.equal(found.length, 1, `one ${label} block`);
  return found[0][2];
}

function findingsOf(workspace: string, flows: string): Finding[] {
  const service = createNetpolService();
  service.setFile('file:///example/workspace.yaml', workspace);
  service.setFile('file:///example/netpol-flows.yaml', flows);
  return service.getDiagnostics('file:///example/netpol-flows.yaml', DEFAULT_SETTINGS);
}

describe('docs/rules: flows codes', () => {
  for (const code of Object.keys(FLOW_RULES)) {
    it(`${code}: its Before example is reported with the code, its After example is not`, () => {
      const doc = readFileSync(join(DOCS, `${code}.md`), 'utf8');
      const workspace = block(doc, 'Workspace');
      const before = findingsOf(workspace, block(doc, 'Before'));
      assert.ok(
        before.some((finding) => finding.code === code),
        `Before is reported: ${JSON.stringify(before)}`,
      );
      const after = findingsOf(workspace, block(doc, 'After'));
      assert.deepEqual(
        after.filter((finding) => finding.code === code || finding.severity === 'error'),
        [],
      );
    });
  }
});
