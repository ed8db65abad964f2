import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './corpus';

/**
 * The hostile files of issue 7's "Limits": each is built in memory at the size asked, so that the unit tests can
 * run them at full size and `npm run fuzz -- --limits` can measure them.
 */
export interface HostileInput {
  readonly name: string;
  /** What it is, for docs/robustness.md. */
  readonly description: string;
  readonly build: () => string;
  /** The finding code the file must get (somewhere), when it gets a specific one. */
  readonly expectCode?: string;
  /** Offsets worth asking hovers and completions at (the end of a long line, say). */
  readonly offsets?: (text: string) => number[];
}

const MB = 1_000_000;
const POLICY_HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector: {}\n';

/** A realistic file of `bytes`: the examples' policies repeated as documents, names made unique. */
export function bigPolicyFile(bytes: number): string {
  const documents = ['shop-web-tiers.yaml', 'shop-allow-dns.yaml', 'shop-default-deny.yaml'].map((name) =>
    readFileSync(path.join(REPO_ROOT, 'examples', 'policies', name), 'utf8'),
  );
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = `---\n${documents[i % documents.length].replace(/^---\n/gm, `---\n`).replace(/name: ([\w-]+)/g, `name: $1-${i}`)}`;
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

function billionLaughs(): string {
  const names = 'abcdefghi';
  const lines = [`${names[0]}: &${names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  return `${POLICY_HEAD}${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** Within the alias limit, but a large anchor used many times: the plain data is large though the text is small. */
function aliasAmplification(): string {
  const items = Array.from({ length: 2_000 }, (_, i) => `  - {podSelector: {matchLabels: {app: a${i}}}}`).join('\n');
  const rules = Array.from({ length: 400 }, () => '    - from: *peers').join('\n');
  return `${POLICY_HEAD.replace('spec:\n  podSelector: {}\n', '')}peers: &peers\n${items}\nspec:\n  podSelector: {}\n  ingress:\n${rules}\n`;
}

function blockNesting(levels: number): string {
  const lines: string[] = [];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i)}a:`);
  return `${lines.join('\n')}\n`;
}

const atEnds = (text: string) => [text.length, text.length - 1, text.indexOf('\n', 200), Math.floor(text.length / 2)].filter((o) => o >= 0);

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: 'alias bomb',
    description: 'billion laughs: 9 anchors of 9 aliases each (10^9 strings expanded)',
    build: billionLaughs,
    expectCode: 'yaml.alias-limit',
  },
  {
    name: 'alias amplification',
    description: 'an anchor of 2,000 peers used by 400 rules (within the alias limit: 800,000 peers as data)',
    build: aliasAmplification,
  },
  {
    name: 'recursive alias',
    description: '`a: &x [*x]`: an alias inside its own anchor',
    build: () => `${POLICY_HEAD}  x: &x [1, *x]\n`,
    expectCode: 'yaml.too-deep',
  },
  { name: 'deep flow nesting', description: '10,000 nested `[`', build: () => `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, expectCode: 'yaml.too-deep' },
  // 10,000 levels of block indentation make 50 MB, over the default netpol.maxFileSize: not parsed by the CLI or the
  // server. 3,100 levels (4.8 MB) are parsed, and must be cut at the nesting limit.
  {
    name: 'deep block nesting',
    description: '10,000 nested block maps (50 MB of indentation, over the size limit)',
    build: () => blockNesting(10_000),
    expectCode: 'file.too-large',
  },
  {
    name: 'deep block nesting under the size limit',
    description: '3,100 nested block maps (4.8 MB of indentation)',
    build: () => blockNesting(3_100),
    expectCode: 'yaml.too-deep',
  },
  {
    name: 'deep nesting in a policy',
    description: '10,000 nested flow maps under spec.podSelector',
    build: () => `${POLICY_HEAD.replace('  podSelector: {}\n', '')}  podSelector: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    expectCode: 'yaml.too-deep',
  },
  {
    name: '1 MB plain scalar line',
    description: 'a label value of 1 MB on one line',
    build: () => `${POLICY_HEAD.replace('  podSelector: {}\n', '')}  podSelector:\n    matchLabels:\n      app: ${'a'.repeat(MB)}\n`,
    offsets: atEnds,
  },
  {
    name: '1 MB quoted line',
    description: 'a double-quoted 1 MB CIDR full of escapes',
    build: () => `${POLICY_HEAD}  ingress:\n    - from:\n        - ipBlock:\n            cidr: "${'\\u0041\\t'.repeat(MB / 8)}"\n`,
    offsets: atEnds,
  },
  {
    name: '1 MB flow sequence line',
    description: 'policyTypes: [Ingress, Ingress, ...] on one 1 MB line',
    build: () =>
      `${POLICY_HEAD}  policyTypes: [${Array(Math.floor(MB / 9))
        .fill('Ingress')
        .join(', ')}]\n`,
    offsets: atEnds,
  },
  {
    name: '1 MB of ports on one line',
    description: 'ports: [{port: 1}, ...] on one 1 MB line',
    build: () =>
      `${POLICY_HEAD}  ingress:\n    - ports: [${Array(Math.floor(MB / 12))
        .fill('{port: 80}')
        .join(', ')}]\n`,
    offsets: atEnds,
  },
  {
    name: '1 MB word before the cursor',
    description: 'a 1 MB key being typed, the cursor at its end (completion reads the word before it)',
    build: () => `${POLICY_HEAD}  ${'x'.repeat(MB)}`,
    offsets: atEnds,
  },
  {
    name: '1 MB word, then a space, before the cursor',
    description: 'a 1 MB word and a space, the cursor after the space',
    build: () => `${POLICY_HEAD}  ${'x'.repeat(MB)} `,
    offsets: atEnds,
  },
  { name: '1 MB comment line', description: 'a comment of 1 MB', build: () => `${POLICY_HEAD}# ${'{{ #: - '.repeat(MB / 8)}\n`, offsets: atEnds },
  { name: '1 MB of braces', description: '1 MB of `{` on one line', build: () => `x: ${'{'.repeat(MB)}\n`, offsets: atEnds },
  {
    name: '1 MB of blank lines',
    description: 'a template marker, then 1 MB of blank lines before `kind:`',
    build: () => `{{ .Values.x }}\n${'\n'.repeat(MB)}kind: NetworkPolicy\n`,
    offsets: atEnds,
  },
  { name: '100,000 documents', description: '100,000 `---` documents of one key each (1.4 MB)', build: () => 'a: 1\n---\n'.repeat(100_000), offsets: atEnds },
  {
    name: '10,000 duplicate keys',
    description: 'the same key 10,000 times in one mapping',
    build: () => `${POLICY_HEAD}${'  podSelector: {}\n'.repeat(10_000)}`,
  },
  {
    name: '4.9 MB of policies',
    description: "the examples' policies repeated to just under the default netpol.maxFileSize (10,400 policies, all in one namespace)",
    build: () => bigPolicyFile(4.9 * MB),
  },
  { name: '20 MB of policies', description: "the examples' policies repeated to 20 MB", build: () => bigPolicyFile(20 * MB), expectCode: 'file.too-large' },
  { name: '45 MB of policies', description: "the examples' policies repeated to 45 MB", build: () => bigPolicyFile(45 * MB), expectCode: 'file.too-large' },
  { name: '50 MB of policies', description: "the examples' policies repeated to 50 MB", build: () => bigPolicyFile(50 * MB), expectCode: 'file.too-large' },
];
