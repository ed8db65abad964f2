import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getCodeLenses } from '../../../server/src/service/features/codeLenses';
import { parseFile } from '../../../server/src/service/parse/parsedFile';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n';

/** Each lens as `line: covered text: title` (lines from 0). */
function lensesOf(text: string): string[] {
  return getCodeLenses(parseFile('file:///p.yaml', text), undefined, { canShowReachability: true }).map((lens) => {
    const line = text.slice(0, lens.start).split('\n').length - 1;
    return `${line}: ${text.slice(lens.start, lens.end)}: ${lens.title}`;
  });
}

describe('getCodeLenses', () => {
  it('sits on the first line of the document, above apiVersion and kind, not between them', () => {
    assert.deepEqual(lensesOf(POLICY), ['0: apiVersion: networking.k8s.io/v1: isolates ingress', '0: apiVersion: networking.k8s.io/v1: Show reachability']);
  });

  it("sits on a document's leading comment, after its `---` and directives, in each document of a file", () => {
    const text = `${POLICY}---\n\n# Allows nothing in: the namespace's default deny.\n# (two lines)\n${POLICY}---\n%YAML 1.1\n---\n${POLICY}--- # a comment on the marker line\n\n${POLICY}`;
    const lines = text.split('\n');
    const lenses = lensesOf(text).filter((lens) => lens.endsWith('isolates ingress'));
    assert.deepEqual(
      lenses.map((lens) => Number(lens.split(':')[0])),
      [
        0,
        lines.indexOf("# Allows nothing in: the namespace's default deny."),
        lines.indexOf('%YAML 1.1') + 2,
        lines.indexOf('--- # a comment on the marker line') + 2,
      ],
    );
    assert.equal(lenses[1], `8: # Allows nothing in: the namespace's default deny.: isolates ingress`);
  });

  it('covers the first line only, without its line break, in CRLF too', () => {
    const [lens] = lensesOf(`  # indented comment  \r\n${POLICY.replace(/\n/g, '\r\n')}`);
    assert.equal(lens, '0: # indented comment: isolates ingress');
  });

  it('sits on the first line of each policy of a List', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: a}\n    spec: {podSelector: {}}\n  - kind: NetworkPolicy\n    apiVersion: networking.k8s.io/v1\n    metadata: {name: b}\n    spec: {podSelector: {}}\n`;
    assert.deepEqual(
      lensesOf(text).filter((lens) => lens.endsWith('isolates ingress')),
      ['3: apiVersion: networking.k8s.io/v1: isolates ingress', '7: kind: NetworkPolicy: isolates ingress'],
    );
  });
});
