import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, getFileFindings, parseFile, type Finding } from '../../server/src/service';
import { MAX_NESTING_DEPTH, measureNesting } from '../../server/src/service/parse/nesting';
import { parseYamlDocument } from '../../server/src/service/parse/parsedDocument';
import { exerciseService } from '../fuzz/serviceFeatures';

function findings(text: string): Finding[] {
  return getFileFindings(parseFile('file:///hostile.yaml', text), DEFAULT_SETTINGS);
}

function codes(text: string): string[] {
  return findings(text).map((f) => f.code);
}

const POLICY_HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n';

function blockNesting(levels: number): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${' '.repeat(i)}a:\n`;
  return text;
}

describe('hostile YAML: each gets one clear finding, never a throw', () => {
  it('a recursive alias (an anchor whose node holds an alias to itself) is yaml.too-deep, not a cyclic value', () => {
    const text = `${POLICY_HEAD}  labels: &labels\n    self: *labels\nspec:\n  podSelector: {}\n`;
    const [finding, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'yaml.too-deep');
    assert.equal(text.slice(finding.start, finding.end), '*labels');
    assert.match(finding.message, /inside the node of its own anchor &labels/);
    assert.equal(parseYamlDocument(text).value, undefined);
    exerciseService(text, { offsets: [text.indexOf('self'), text.indexOf('podSelector')] });
  });

  it('a recursive alias deeper down, or through a flow collection, is found too', () => {
    assert.deepEqual(codes('a: &x [1, {b: [*x]}]\n'), ['yaml.too-deep']);
    assert.deepEqual(codes('a: &x\n  <<: *x\n'), ['yaml.too-deep']);
  });

  it('aliases to earlier anchors, and anchors redefined, are fine', () => {
    assert.deepEqual(codes('a: &x [1]\nb: *x\nc: &x [2, {y: &y 3}]\nd: [*x, *x, *y]\n'), []);
    assert.deepEqual(measureNesting(parseYamlDocument('a: &x [1]\nc: &x [[2]]\nd: *x\n').yaml), {
      depth: 3,
      nodes: 10,
      expandedNodes: 12,
      collectionKey: undefined,
    });
    // An anchor is defined where its node starts: an alias inside that node names it, even when the name was used before.
    assert.deepEqual(codes('a: &x [1]\nc: &x [2, *x]\n'), ['yaml.too-deep']);
  });

  it(`nesting deeper than ${MAX_NESTING_DEPTH} (counting what aliases expand to) is yaml.too-deep`, () => {
    assert.deepEqual(codes(`${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`), []);
    const [finding] = findings(`${'['.repeat(MAX_NESTING_DEPTH + 1)}${']'.repeat(MAX_NESTING_DEPTH + 1)}`);
    assert.equal(finding.code, 'yaml.too-deep');
    assert.match(finding.message, new RegExp(`nests ${MAX_NESTING_DEPTH + 1} levels deep`));
    // Five aliases of a 200-deep list, each inside another 190 levels: 200 deep as text, about 960 as data.
    const chain = [`a0: &a0 ${'['.repeat(200)}${']'.repeat(200)}`];
    for (let i = 1; i < 5; i++) chain.push(`a${i}: &a${i} [*a${i - 1}, ${'['.repeat(190)}*a${i - 1}${']'.repeat(190)}]`);
    const [expanded] = findings(chain.join('\n'));
    assert.equal(expanded.code, 'yaml.too-deep');
    assert.match(expanded.message, /aliases expanded/);
  });

  it('10,000 levels of flow or block nesting: one yaml.too-deep, found before the parser recurses', () => {
    const texts = [
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`,
      blockNesting(10_000),
      // A dedent after 2,000 levels made the yaml package's parser itself throw a RangeError, uncaught.
      `${blockNesting(2_000)}b: 1\n`,
      `${'- '.repeat(500_000)}x\n`,
      `${'? '.repeat(1_000)}x\n`,
    ];
    for (const text of texts) {
      assert.deepEqual(codes(text), ['yaml.too-deep'], text.slice(0, 40));
      assert.doesNotMatch(findings(text)[0].message, /Maximum call stack/);
    }
    assert.deepEqual(codes(blockNesting(200)), []);
  });

  it('deep documents parsed one after the other never take the process down', () => {
    // Once the composer had overflowed the stack on one such document, the next one could abort the process:
    // "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory", which no try/catch survives.
    for (const line of [`  ${'- '.repeat(500_000)}`, `  ${'-\t'.repeat(500_000)}`, `  ${'? - '.repeat(100_000)}`, `${'['.repeat(100_000)}`]) {
      assert.deepEqual(codes(`a:\n${line}x: 1\n`), ['yaml.too-deep']);
    }
  });

  it('an alias bomb is yaml.alias-limit with a message that says so', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < 9; i++)
      lines.push(
        `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(',')}]`,
      );
    const [finding, ...rest] = findings(lines.join('\n'));
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'yaml.alias-limit');
    assert.match(finding.message, /alias bomb/);
  });

  it('an error at the very end of the text stays within the text', () => {
    for (const text of ['a: "abc', "a: 'abc", 'a: [1, 2', 'a: {b: 1', '"', 'a: |\n  x\n b']) {
      for (const finding of findings(text))
        assert.ok(finding.start >= 0 && finding.end <= text.length, `${JSON.stringify(text)}: ${finding.start}..${finding.end}`);
    }
    // In the first document of two: within that document, not running into the next.
    const two = 'a: "abc\n---\nb: 1\n';
    for (const finding of findings(two)) assert.ok(finding.end <= two.indexOf('---'));
  });

  it('a list or a mapping as a key is yaml.collection-key, on the key, and nothing is computed from the document', () => {
    for (const key of ['? [a, b]\n  :', '? {x: 1}\n  :', 'labels: {[a, b]:', 'labels: {{x: 1}:']) {
      const text = `${POLICY_HEAD}  ${key} 1${key.includes('{') && !key.startsWith('?') ? '}' : ''}\nspec:\n  podSelector: {}\n`;
      const [finding, ...rest] = findings(text);
      assert.deepEqual(rest, [], key);
      assert.equal(finding.code, 'yaml.collection-key', key);
      assert.ok(['[', '{'].includes(text[finding.start]), `shown on the key: ${text.slice(finding.start, finding.end)}`);
    }
    assert.deepEqual(codes('a: &k [x]\nb: {*k : 1}\n'), ['yaml.collection-key']);
  });

  it('nested collection keys, valid YAML of 2 KB, are rejected before they are turned into text', () => {
    // Nested `{{...}: 1}` keys made the yaml package's toJS run for 54 s (stringifying each key).
    const text = `${'{'.repeat(250)}a: 1${'}: 1'.repeat(249)}}\n`;
    const started = performance.now();
    assert.deepEqual(codes(text), ['yaml.collection-key']);
    exerciseService(text, { offsets: [1, 200, text.length - 1] });
    // And in a half-typed document, where completion parses the text once more with its placeholder.
    exerciseService(`x: ${'{'.repeat(20_000)}\n`, { offsets: [0, 3, 10_000] });
    assert.ok(performance.now() - started < 20_000, 'took more than 20 s');
  });

  it('aliases that add more than 100,000 nodes are yaml.alias-limit, though within the alias count', () => {
    const peers = Array.from({ length: 2_000 }, (_, i) => `  - {podSelector: {matchLabels: {app: a${i}}}}`).join('\n');
    const rules = Array.from({ length: 400 }, () => '    - from: *peers').join('\n');
    const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\npeers: &peers\n${peers}\nspec:\n  podSelector: {}\n  ingress:\n${rules}\n`;
    const [finding, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'yaml.alias-limit');
    assert.match(finding.message, /expand it from \d+ to \d+ nodes/);
    // Twenty uses of a small anchor are fine.
    assert.deepEqual(codes(`a: &a {app: web, tier: front}\nb: [${Array(20).fill('*a').join(', ')}]\n`), []);
  });

  it('keys that are numbers, null or JavaScript-special parse without a process warning', () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const text = `${POLICY_HEAD}  __proto__: {x: 1}\n  constructor: 1\nspec:\n  1: 2\n  null: 3\n  podSelector: {matchLabels: {__proto__: a, toString: b, 1: 2, true: 3}}\n`;
      exerciseService(text, { offsets: [text.indexOf('__proto__'), text.indexOf('matchLabels') + 14] });
      const value = parseYamlDocument(text).value as Record<string, Record<string, unknown>>;
      // `__proto__` is an own key of the plain data, never the prototype.
      assert.equal(Object.getPrototypeOf(value.metadata), Object.prototype);
      assert.ok(Object.hasOwn(value.metadata, '__proto__'));
      // A collection key would warn in the yaml package; it is not read at all now, and must not warn either.
      exerciseService(`${POLICY_HEAD}  ? [a, b]\n  : 1\n`, { offsets: [] });
    } finally {
      process.off('warning', onWarning);
    }
    // Node emits warnings on the next tick.
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        assert.deepEqual(warnings, []);
        resolve();
      }),
    );
  });

  it('keys and values named like Object.prototype members, at every cursor position, show no JavaScript functions', () => {
    // Each of these found Object.prototype's function through a table lookup: completion threw
    // "ENUMS[field] is not iterable", hovers showed "function toString() { [native code] }", label values were functions.
    const template = `${POLICY_HEAD}  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      KEY: \n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {KEY: }\n      ports:\n        - protocol: \n          KEY: 1\n  KEY: x\nKEY: y\n`;
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const text = template.replace(/KEY/g, key);
      const workload = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {${key}: v}}\n    spec: {containers: [{name: c}]}\n`;
      const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
      exerciseService(text, { offsets, otherFiles: new Map([['file:///w.yaml', workload]]) });
    }
  });

  it('lone carriage returns are line breaks, as in YAML, go-yaml and LSP (the yaml package read them as text)', () => {
    assert.deepEqual(parseYamlDocument('a:\r  - p\r  - q\r').value, { a: ['p', 'q'] });
    const text = `${POLICY_HEAD}spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/33\n`.replace(/\n/g, '\r');
    const [finding, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'ipblock.cidr-invalid');
    assert.equal(text.slice(finding.start, finding.end), '10.0.0.0/33');
  });

  it('huge numbers in ports, endPorts and CIDR prefixes are findings, not exceptions', () => {
    const text = `${POLICY_HEAD}spec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - port: 1${'0'.repeat(400)}\n          endPort: 1e400\n        - port: -.inf\n          endPort: .nan\n        - port: 0x7fffffffffffffffffff\n      from:\n        - ipBlock:\n            cidr: 10.0.0.0/${'9'.repeat(60)}\n            except: ["10.0.0.0/-1", "::/99999999999999999999"]\n`;
    const all = findings(text);
    assert.ok(all.length >= 3, all.map((f) => f.code).join());
    exerciseService(text, { offsets: [text.indexOf('endPort'), text.indexOf('cidr') + 7, text.indexOf('except') + 10] });
  });

  it('duplicate keys at every level are yaml.duplicate-key and nothing else is computed from the document', () => {
    const text = `${POLICY_HEAD}metadata:\n  name: q\nspec:\n  podSelector: {}\n  podSelector: {}\n  ingress: [{from: [{podSelector: {}, podSelector: {}}]}]\n`;
    const all = codes(text);
    assert.ok(all.length > 0 && all.every((c) => c === 'yaml.duplicate-key'), all.join());
  });
});
