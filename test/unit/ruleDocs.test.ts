import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { RULES } from '../../../server/src/service/ruleCatalog';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { VALIDATION_RULES } from '../../../server/src/service/validation/validationRules';

const DOCS = join(__dirname, '../../../docs/rules');

/** Examples that cannot be run as written (abbreviated on purpose). */
const ABBREVIATED_EXAMPLES = new Set(['metadata.annotations-too-long']);

describe('docs/rules', () => {
  it('every code has docs/rules/<code>.md', () => {
    const missing = Object.keys(RULES).filter((code) => !existsSync(join(DOCS, `${code}.md`)));
    assert.deepEqual(missing, []);
  });

  it('every doc is the doc of a code', () => {
    const orphans = readdirSync(DOCS)
      .filter((file) => file.endsWith('.md'))
      .map((file) => file.slice(0, -'.md'.length))
      .filter((code) => !(code in RULES));
    assert.deepEqual(orphans, []);
  });

  for (const [code, rule] of Object.entries(VALIDATION_RULES)) {
    it(`${code}: title, severity, and an example before (reported) and after (not reported)`, () => {
      const text = readFileSync(join(DOCS, `${code}.md`), 'utf8');
      assert.ok(text.startsWith(`# ${code}\n`), 'starts with the code as its title');
      assert.ok(text.includes(`**Default severity:** ${rule.severity}`), 'states the default severity');
      for (const section of ['## What it checks', '## Why', '## Upstream rule', '## Example']) assert.ok(text.includes(section), section);
      if (ABBREVIATED_EXAMPLES.has(code)) return;
      const [before, after] = [...text.matchAll(/^(?:Before|After):\n```yaml\n([\s\S]*?)```$/gm)].map((match) => asDocument(match[1]));
      assert.ok(before !== undefined && after !== undefined, 'has a Before and an After example');
      assert.ok(codesOf(before).includes(code), `the Before example is reported:\n${before}`);
      assert.ok(!codesOf(after).includes(code), `the After example is not reported:\n${after}`);
    });
  }
});

/** An example fragment (`metadata:` or `spec:` alone) completed into a NetworkPolicy. */
function asDocument(fragment: string): string {
  if (fragment.startsWith('apiVersion:')) return fragment;
  const header = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';
  if (fragment.startsWith('metadata:')) return `${header}${fragment}${fragment.includes('\nspec:') ? '' : 'spec:\n  podSelector: {}\n'}`;
  return `${header}metadata:\n  name: example\n${fragment}`;
}

function codesOf(text: string): string[] {
  return getFileFindings(parseFile('file:///example.yaml', text), DEFAULT_SETTINGS).map((finding) => finding.code);
}
