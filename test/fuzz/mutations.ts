import fc from 'fast-check';

/**
 * Mutations of real manifests: what a user in the middle of typing, a bad merge, a copy from a web page or a
 * hostile file can do to YAML. Each mutation is plain data (so a failing case prints what was done) and applies to
 * any text: positions are taken modulo the text's length.
 */
export type Mutation =
  | { readonly kind: 'deleteChars'; readonly at: number; readonly length: number }
  | { readonly kind: 'insertText'; readonly at: number; readonly text: string }
  | { readonly kind: 'swapChars'; readonly a: number; readonly b: number }
  | { readonly kind: 'deleteLine'; readonly line: number }
  | { readonly kind: 'duplicateLine'; readonly line: number; readonly times: number }
  | { readonly kind: 'swapLines'; readonly a: number; readonly b: number }
  | { readonly kind: 'reindentLine'; readonly line: number; readonly indent: string }
  | { readonly kind: 'replaceValue'; readonly line: number; readonly value: string }
  | { readonly kind: 'renameKey'; readonly line: number; readonly key: string }
  | { readonly kind: 'anchorAndAlias'; readonly anchorLine: number; readonly aliasLine: number; readonly name: string; readonly merge: boolean }
  | { readonly kind: 'insertLine'; readonly line: number; readonly text: string };

/** Characters that mean something to YAML, and whitespace of every kind it knows. */
const YAML_PUNCTUATION = [
  ':',
  '-',
  ' ',
  '\n',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '#',
  '%',
  '@',
  '`',
  '?',
  '\t',
  '\r',
  '\\',
  '<<',
  '...',
  '---',
];

/** Unicode that breaks naive code: BOMs, line separators, NEL (a line break in YAML 1.1), surrogate halves, ... */
export const ODD_UNICODE = [
  '\uFEFF',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00A0',
  '\u200B',
  '\u200D',
  '\u202E',
  '\uD800',
  '\uDFFF',
  '\u0000',
  '\u001B',
  '\u007F',
  '\uFFFD',
  '\uFFFF',
  '\uFF1A', // fullwidth colon
  'e\u0301', // combining accent
  '😀',
  '👨‍👩‍👧',
  '\u{10FFFF}',
  'ǅ',
  'İ',
  'ß',
];

/** Values of every type and size, and the numbers that break integer code: ports, CIDR prefixes, endPorts. */
export const HOSTILE_VALUES = [
  '',
  '~',
  'null',
  'true',
  'yes',
  'on',
  'NO',
  '0',
  '-1',
  '1.5',
  '65535',
  '65536',
  '2147483648',
  '9007199254740993',
  '99999999999999999999999999999999',
  '1e400',
  '-1e400',
  '.inf',
  '-.inf',
  '.nan',
  '0x7fffffffffffffffffff',
  '0o17',
  '017',
  '1_000',
  '0b1010',
  '1:30',
  '2001-12-14t21:59:43.10-05:00',
  '[]',
  '{}',
  '[1, [2, [3]]]',
  '{a: {b: {c: 1}}}',
  '"quoted"',
  "'single'",
  '"\\u0000\\uD800\\x41"',
  '|\n  block\n  text',
  '>-\n  folded',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [a: 1, b: 2]',
  '!!timestamp 2001-12-14',
  '!!int "12"',
  '!!str 12',
  '!custom value',
  '!<tag:yaml.org,2002:js/function> x',
  '10.0.0.0/8',
  '10.0.0.0/33',
  '10.0.0.0/99999999999999999999',
  '::/999',
  '::ffff:10.0.0.1/128',
  '010.000.000.000/8',
  '0.0.0.0/0',
  '1.2.3.4/-1',
  'a'.repeat(300),
  'TCP',
  'tcp',
  'SCTP',
  'Ingress',
  'In',
  'Exists',
  'constructor',
  '__proto__',
  'toString',
];

/** Keys that are special to JavaScript objects, to YAML, or not strings at all. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '<<',
  '? [a, b]\n',
  '? {x: 1}\n',
  '1',
  'null',
  'true',
  '~',
  '"spec"',
  "'kind'",
  'spec',
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'port',
  'endPort',
  'ipBlock',
  'cidr',
  'except',
  'podSelector',
  'namespaceSelector',
  'matchLabels',
  'matchExpressions',
  'policyTypes',
  'items',
  'kind',
  'apiVersion',
  'metadata',
  'k'.repeat(300),
];

/** Whole lines worth inserting: document markers, directives, deep flow nesting, a List wrapper. */
const HOSTILE_LINES = [
  '---',
  '...',
  '--- |',
  '--- !!map',
  '%YAML 1.2',
  '%YAML 1.1\n---',
  '%TAG ! tag:example.com,2000:',
  'kind: List',
  'items:',
  '- kind: NetworkPolicy',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  '{{ .Values.policy }}',
  '{{- if .Values.enabled }}',
  '# comment with : and - and {',
  '  ',
  '\t',
  `x: ${'['.repeat(200)}${']'.repeat(200)}`,
  `x: ${'{a: '.repeat(100)}1${'}'.repeat(100)}`,
  'a: &x [*x]',
  'b: *undefined_alias',
  '<<: [*a, *b]',
];

const position = fc.nat({ max: 1 << 30 });
const insertable = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...YAML_PUNCTUATION) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...YAML_PUNCTUATION, 'a', 'b', '1'), maxLength: 12 }) },
  // Any UTF-16 code unit, lone surrogates included (`unit: 'binary'` would do, but costs milliseconds per value).
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((units) => String.fromCharCode(...units)) },
);

/** One mutation, of any kind. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteChars' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insertText' as const), at: position, text: insertable }),
  fc.record({ kind: fc.constant('swapChars' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: position, times: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 60 })) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('reindentLine' as const), line: position, indent: fc.constantFrom('', ' ', '   ', '      ', '\t', '  \t', ' '.repeat(40)) }),
  fc.record({
    kind: fc.constant('replaceValue' as const),
    line: position,
    value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.bigInt().map(String), fc.double().map(String)),
  }),
  fc.record({ kind: fc.constant('renameKey' as const), line: position, key: fc.constantFrom(...HOSTILE_KEYS) }),
  fc.record({
    kind: fc.constant('anchorAndAlias' as const),
    anchorLine: position,
    aliasLine: position,
    name: fc.constantFrom('a', 'b', 'x', 'anchor-1', '__proto__'),
    merge: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('insertLine' as const), line: position, text: fc.constantFrom(...HOSTILE_LINES) }),
);

/** A sequence of mutations, applied in order. */
export const mutationsArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 8 });

/** Applies mutations in order. */
export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

/** A `key: value` line: indentation (with list dashes), key, and what follows the colon. */
const KEY_LINE = /^(\s*(?:-\s+)*)([^\s:#][^:#]*?):(?=\s|$)(.*)$/;

export function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case 'deleteChars': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case 'insertText': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'swapChars': {
      if (text.length < 2) return text;
      let a = mutation.a % text.length;
      let b = mutation.b % text.length;
      if (a === b) return text;
      if (a > b) [a, b] = [b, a];
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
    case 'deleteLine':
      return editLines(text, mutation.line, (lines, i) => lines.splice(i, 1));
    case 'duplicateLine':
      return editLines(text, mutation.line, (lines, i) => lines.splice(i, 0, ...Array<string>(mutation.times).fill(lines[i])));
    case 'swapLines':
      return editLines(text, mutation.a, (lines, i) => {
        const j = mutation.b % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      });
    case 'reindentLine':
      return editLines(text, mutation.line, (lines, i) => {
        lines[i] = mutation.indent + lines[i].trimStart();
      });
    case 'insertLine':
      return editLines(text, mutation.line, (lines, i) => {
        lines.splice(i, 0, lines[i].match(/^\s*/)![0] + mutation.text);
      });
    case 'replaceValue':
      return editKeyLine(text, mutation.line, (indent, key) => `${indent}${key}: ${mutation.value.replace(/\n/g, `\n${indent}  `)}`);
    case 'renameKey':
      return editKeyLine(text, mutation.line, (indent, _key, rest) =>
        mutation.key.startsWith('? ') ? `${indent}${mutation.key}${indent}:${rest}` : `${indent}${mutation.key}:${rest}`,
      );
    case 'anchorAndAlias': {
      let anchored = false;
      const withAnchor = editKeyLine(text, mutation.anchorLine, (indent, key, rest) => {
        anchored = true;
        return `${indent}${key}: &${mutation.name}${rest}`;
      });
      if (!anchored) return text;
      return editKeyLine(withAnchor, mutation.aliasLine, (indent, key) =>
        mutation.merge ? `${indent}<<: *${mutation.name}` : `${indent}${key}: *${mutation.name}`,
      );
    }
  }
}

function editLines(text: string, line: number, edit: (lines: string[], index: number) => void): string {
  const lines = text.split('\n');
  edit(lines, line % lines.length);
  return lines.join('\n');
}

/** Edits the `key: value` line found from line `line` on (wrapping around), if the text has one. */
function editKeyLine(text: string, line: number, edit: (indent: string, key: string, rest: string) => string): string {
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const i = (line + k) % lines.length;
    const match = KEY_LINE.exec(lines[i]);
    if (match) {
      lines[i] = edit(match[1], match[2], match[3]);
      return lines.join('\n');
    }
  }
  return text;
}
