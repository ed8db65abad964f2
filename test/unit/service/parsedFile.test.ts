import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { splitYamlDocuments } from '../../../server/src/service/parse/splitDocuments';

describe('splitYamlDocuments', () => {
  it('keeps directives with the document whose --- follows them, at the start and after ...', () => {
    const text = '%YAML 1.1\n# a comment\n---\na: 1\n...\n%YAML 1.1\n---\nb: 2\n---\nc: 3\n';
    assert.deepEqual(
      splitYamlDocuments(text).map((slice) => slice.text),
      ['%YAML 1.1\n# a comment\n---\na: 1\n...\n', '%YAML 1.1\n---\nb: 2\n', '---\nc: 3\n'],
    );
    const file = parseFile('file:///d.yaml', text);
    assert.deepEqual(
      file.documents.map((entry) => [entry.document.value, entry.document.problems.length]),
      [
        [{ a: 1 }, 0],
        [{ b: 2 }, 0],
        [{ c: 3 }, 0],
      ],
    );
  });

  it('reports %YAML 1.2 as kubectl does (go-yaml v2 reads 1.1 only)', () => {
    const [problem] = parseFile('file:///d.yaml', '%YAML 1.2\n---\na: 1\n').documents[0].document.problems;
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /^found incompatible YAML document: kubectl reads YAML 1\.1 only/);
    assert.deepEqual([problem.start, problem.end], [0, 9]);
  });

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
    for (let i = 0; i < 8; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(97 + i))
          .join(', ')}]`,
      );
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

  // go-yaml v2's resolve (sigs.k8s.io/yaml): what each plain scalar becomes in the JSON the API server decodes.
  const cases: [string, unknown][] = [
    // Strings that YAML 1.1 (and the `yaml` package's 1.1 schema) would read as numbers.
    ['e80', 'e80'],
    ['E5', 'E5'],
    ['-e2', '-e2'],
    ['.e3', '.e3'],
    ['.', '.'],
    ['1:20', '1:20'],
    ['190:20:30', '190:20:30'],
    ['1e400', '1e400'],
    ['12e', '12e'],
    ['0x', '0x'],
    ['+', '+'],
    ['_1', '_1'],
    ['3.14.15', '3.14.15'],
    // Numbers: Go's ParseInt/ParseUint with base 0 after removing underscores, then the float pattern.
    ['80', 80],
    ['+5', 5],
    ['-0', 0],
    ['1_000', 1000],
    ['1_', 1],
    ['017', 15],
    ['0o17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['0b101', 5],
    ['-0b101', -5],
    ['08', 8],
    ['09', 9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['0.5_0', 0.5],
    ['99999999999999999999', 1e20],
    // YAML 1.1 booleans and nulls, which go-yaml v2 shares.
    ['yes', true],
    ['Off', false],
    ['y', true],
    ['N', false],
    ['~', null],
    ['null', null],
    ['yEs', 'yEs'],
  ];
  for (const [plain, expected] of cases) {
    it(`reads ${plain} as ${JSON.stringify(expected)}`, () => {
      const document = parseFile('file:///s.yaml', `v: ${plain}\n`).documents[0].document;
      assert.deepEqual(document.problems, []);
      assert.deepEqual(document.value, { v: expected });
    });
  }

  it('reads .inf and .nan as the floats they are (which no field accepts), and quoted scalars as strings', () => {
    const value = parseFile('file:///s.yaml', 'a: .inf\nb: -.Inf\nc: .nan\nd: "80"\ne: \'yes\'\n').documents[0].document.value as Record<string, unknown>;
    assert.deepEqual([value.a, value.b, Number.isNaN(value.c), value.d, value.e], [Infinity, -Infinity, true, '80', 'yes']);
  });

  it('keeps a Pod labelled gen: e2 in the model (the 1.1 schema read NaN and left it out)', () => {
    const value = parseFile('file:///p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: e80, labels: {gen: e2}}\n').documents[0].document.value;
    assert.deepEqual(value, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e80', labels: { gen: 'e2' } } });
  });
});
