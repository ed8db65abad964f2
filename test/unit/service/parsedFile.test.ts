import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { splitYamlDocuments } from '../../../server/src/service/parse/splitDocuments';

describe('splitYamlDocuments', () => {
  it('cuts at document markers at the start of a line', () => {
    const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n';
    const slices = splitYamlDocuments(text);
    assert.deepEqual(
      slices.map((s) => s.text),
      ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n'],
    );
    assert.deepEqual(
      slices.map((s) => s.start),
      [0, 5, 14],
    );
  });

  it('does not cut at --- inside a line or an indented block', () => {
    const text = 'a: "x --- y"\nb: |\n  ---x\n  ----\n';
    assert.equal(splitYamlDocuments(text).length, 1);
  });

  it('keeps a document-end marker with its document', () => {
    const slices = splitYamlDocuments('a: 1\n...\nb: 2\n');
    assert.deepEqual(
      slices.map((s) => s.text),
      ['a: 1\n...\n', 'b: 2\n'],
    );
  });

  it('drops a leading comment-only prelude before the first marker', () => {
    const slices = splitYamlDocuments('# header\n---\na: 1\n');
    assert.deepEqual(
      slices.map((s) => s.text),
      ['---\na: 1\n'],
    );
  });
});

describe('parseFile', () => {
  it('re-parses only the documents whose text changed', () => {
    const first = parseFile('file:///a.yaml', 'a: 1\n---\nb: 2\n---\nc: 3\n');
    const second = parseFile('file:///a.yaml', 'a: 1\n---\nb: 22\n---\nc: 3\n', first);
    assert.equal(second.documents[0].document, first.documents[0].document);
    assert.notEqual(second.documents[1].document, first.documents[1].document);
    assert.equal(second.documents[2].document, first.documents[2].document);
    assert.deepEqual(second.documents[1].document.value, { b: 22 });
  });

  it('reads YAML 1.1 scalars as kubectl does', () => {
    const file = parseFile('file:///a.yaml', 'a: yes\nb: on\nc: "yes"\n');
    assert.deepEqual(file.documents[0].document.value, { a: true, b: true, c: 'yes' });
  });

  it('reports an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`);
    const document = parseFile('file:///bomb.yaml', lines.join('\n') + '\n').documents[0].document;
    assert.equal(document.value, undefined);
    assert.ok(document.problems.some((p) => p.yamlCode === 'ALIAS_LIMIT'));
  });

  it('marks templates so that they are not reported as broken YAML', () => {
    const document = parseFile('file:///t.yaml', 'metadata:\n  name: {{ .Values.name }}\n').documents[0].document;
    assert.equal(document.isTemplate, true);
  });
});

describe('YAML scalars as kubectl reads them', () => {
  it('keeps unquoted timestamps as strings', () => {
    const file = parseFile('file:///t.yaml', 'a: 2020-01-01\nb: 2020-01-01T10:00:00Z\n');
    assert.deepEqual(file.documents[0].document.value, { a: '2020-01-01', b: '2020-01-01T10:00:00Z' });
  });
});
