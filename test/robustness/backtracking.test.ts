import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ManifestWorkspace, WorkspaceAnalysis } from '../../server/src/service';
import { parseYamlDocument } from '../../server/src/service/parse/parsedDocument';
import { splitYamlDocuments } from '../../server/src/service/parse/splitDocuments';

/** Runs `work` and fails when it takes longer than `budgetMs`: these inputs once took seconds to minutes. */
function within<T>(budgetMs: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < budgetMs, `took ${elapsed.toFixed(0)} ms, budget ${budgetMs} ms`);
  return result;
}

describe('patterns that used to backtrack', () => {
  it('splits a stream whose text before the first --- is a long run of blanks and then text', () => {
    // Was exponential: 28 spaces and an `x` took 21 s.
    const slices = within(500, () => splitYamlDocuments(`${' '.repeat(100_000)}x\n---\na: 1\n`));
    assert.equal(slices.length, 2);
  });

  it('still drops leading blanks and comments (with CRLF, tabs and a comment holding #) before the first ---', () => {
    const slices = splitYamlDocuments('  # a # b\r\n\t\r\n\n---\na: 1\n');
    assert.deepEqual(
      slices.map((s) => s.text),
      ['---\na: 1\n'],
    );
  });

  it('recognises a template in a megabyte of braces without rescanning the text from every brace', () => {
    // `/\{\{[\s\S]*?\}\}/` was quadratic: 400 KB of `{` took 50 s. In a comment, so that parsing stays cheap.
    const braces = `# ${'{'.repeat(1_000_000)}\n`;
    assert.equal(within(1000, () => parseYamlDocument(braces)).isTemplate, false);
    assert.equal(parseYamlDocument(`${braces}# }}\n`).isTemplate, true);
    assert.equal(parseYamlDocument('a: }} {{\n').isTemplate, false);
    assert.equal(parseYamlDocument('a: {{}}\n').isTemplate, true);
    assert.equal(parseYamlDocument('a: {{ .Values.x }}\n').isTemplate, true);
  });

  it('looks for a kind in a template with 200,000 blank lines in linear time', () => {
    // `/^\s*kind:.../m`: `\s*` ran across lines from every line start, quadratic (250,000 blank lines took 60 s).
    const workspace = new ManifestWorkspace();
    workspace.setFile('file:///t.yaml', `{{ .Values.x }}\n${'\n'.repeat(200_000)}kindx: NetworkPolicy\n`);
    workspace.setFile('file:///u.yaml', `{{ .Values.x }}\n${'  \n'.repeat(1_000)}  kind: NetworkPolicy\r\n`);
    const model = within(5_000, () => new WorkspaceAnalysis(workspace).clusterModel({ defaultNamespace: 'default' }));
    // The second is a template of a NetworkPolicy: reported as left out, not silently ignored.
    assert.deepEqual(
      model.leftOut.map((left) => left.uri),
      ['file:///u.yaml'],
    );
  });
});
