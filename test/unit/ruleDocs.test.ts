/**
 * docs/rules/: one doc per code of the catalog (and no other), each stating the code's default severity, and each
 * doc's example executed.
 *
 * The examples. A doc's `## Example` has one `Before...:` line and one `After...:` line (the text between the word
 * and the colon is free), each directly followed by a fenced ```yaml block. Each block is one file, analysed alone as
 * a workspace of that one file, the way the CLI and the editor analyse it (`getFileFindings` plus the workspace
 * findings, as test/unit/goldenRunner.ts does, with the default settings). The Before file must be reported with
 * the doc's code, the After file must not.
 *
 * A block is a whole file (several documents with `---` when a rule needs context, e.g. a Deployment that a
 * selector should match), except a block that starts with `metadata:` or `spec:`: that is a fragment of a
 * NetworkPolicy, completed with `apiVersion: networking.k8s.io/v1` and `kind: NetworkPolicy`, with `metadata:
 * {name: example}` when it has no `metadata:`, and with `spec: {podSelector: {}}` when it has no `spec:`. A
 * fragment must not be indented (write `spec:` and the keys under it, not the keys alone).
 *
 * A doc whose rule depends on a setting states it on a line of its own, `**Setting:** `netpol.networkPlugin: cilium``:
 * both examples are then analysed with that setting.
 *
 * The codes whose example is not a YAML file that can be run as written are listed in NOT_RUN, with the reason and
 * the test that checks the code instead.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createNetpolService, DEFAULT_SETTINGS, isNetworkPlugin, RULES, type Finding, type RuleCode, type ServiceSettings } from '../../server/src/service';

const DOCS = join(__dirname, '../../docs/rules');

/** Codes whose doc example cannot be run as written, and why (each is checked elsewhere). */
const NOT_RUN: Partial<Record<RuleCode, string>> = {
  'flows.fails': 'a flows file needs manifests beside it (two files): test/unit/flows/flowsRuleDocs.test.ts runs the example',
  'flows.matches-nothing': 'a flows file needs manifests beside it (two files): test/unit/flows/flowsRuleDocs.test.ts runs the example',
  'flows.invalid': 'a flows file needs manifests beside it (two files): test/unit/flows/flowsRuleDocs.test.ts runs the example',
  'file.too-large': "the example is a setting (the size gate is the server's and the CLI's): test/fixtures/file-size/",
  'file.not-utf8': "the example is a file's encoding (bytes that are not UTF-8): test/unit/cli/notUtf8.test.ts",
  'policy.too-many-rules': 'the example abbreviates 10,001 rules: test/robustness/policySizeLimit.test.ts',
  'metadata.annotations-too-long': 'the example abbreviates 300 KB of annotation: test/fixtures/validation/metadata-labels-annotations.yaml',
};

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

  for (const [code, rule] of Object.entries(RULES) as [RuleCode, (typeof RULES)[RuleCode]][]) {
    describe(code, () => {
      const docFile = join(DOCS, `${code}.md`);
      const text = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';

      it('has the code as its title, states the default severity, and has the sections', () => {
        assert.ok(text.startsWith(`# ${code}\n`), 'starts with the code as its title');
        assert.ok(text.includes(`**Default severity:** ${rule.severity}`), 'states the default severity');
        for (const section of ['## What it checks', '## Why', '## Example']) assert.match(text, new RegExp(`^${section}$`, 'm'), section);
        // The API server's rule (validation), or the upstream semantics the rule rests on (lints).
        assert.match(text, /^## Upstream (rule|semantics)$/m, '## Upstream rule, or ## Upstream semantics');
      });

      const reason = NOT_RUN[code];
      it('its Before example is reported with the code, its After example is not', { skip: reason }, () => {
        const { before, after } = examplesOf(text);
        const settings = settingsOf(text);
        assert.ok(codesOf(before, settings).includes(code), `the Before example is reported:\n${before}`);
        const afterFindings = findingsOf(after, settings);
        assert.deepEqual(
          afterFindings.filter((finding) => finding.code === code).map((finding) => finding.message),
          [],
          `the After example is not reported:\n${after}`,
        );
        // The After is a fix to copy: it must not pass by being broken in another way.
        const errors = afterFindings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.code}: ${finding.message}`);
        assert.deepEqual(errors, [], `the After example has no error:\n${after}`);
      });
    });
  }
});

/** The Before and After blocks of a doc, completed into files. */
function examplesOf(doc: string): { before: string; after: string } {
  const examples = [...doc.matchAll(/^(Before|After)[^\n]*:\n```(\w*)\n([\s\S]*?)^```$/gm)];
  for (const label of ['Before', 'After']) {
    const found = examples.filter((match) => match[1] === label);
    assert.equal(found.length, 1, `one ${label} example`);
    assert.equal(found[0][2], 'yaml', `the ${label} example is a yaml block`);
    assert.match(found[0][3], /^\S/, `the ${label} example is not indented (a fragment starts with \`metadata:\` or \`spec:\`)`);
  }
  const block = (label: string): string => asFile(examples.find((match) => match[1] === label)![3]);
  return { before: block('Before'), after: block('After') };
}

/** A block as a file: a `metadata:` or `spec:` fragment completed into a NetworkPolicy, anything else as it is. */
function asFile(block: string): string {
  if (!/^(metadata|spec):/.test(block)) return block;
  const header = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';
  const metadata = /^metadata:/m.test(block) ? '' : 'metadata:\n  name: example\n';
  const spec = /^spec:/m.test(block) ? '' : 'spec:\n  podSelector: {}\n';
  return `${header}${metadata}${block}${spec}`;
}

/** The settings a doc's examples run with: the defaults, and the doc's `**Setting:**` line if it has one. */
function settingsOf(doc: string): ServiceSettings {
  const match = /^\*\*Setting:\*\* `netpol\.networkPlugin: ([\w-]+)`$/m.exec(doc);
  if (!match) return DEFAULT_SETTINGS;
  assert.ok(isNetworkPlugin(match[1]), `a network plugin: ${match[1]}`);
  return { ...DEFAULT_SETTINGS, networkPlugin: match[1] };
}

/** The findings of a file alone in a workspace: its file findings and its workspace findings. */
function findingsOf(text: string, settings: ServiceSettings = DEFAULT_SETTINGS): Finding[] {
  const service = createNetpolService();
  service.setFile('file:///example/example.yaml', text);
  return service.getDiagnostics('file:///example/example.yaml', settings);
}

function codesOf(text: string, settings: ServiceSettings = DEFAULT_SETTINGS): string[] {
  return findingsOf(text, settings).map((finding) => finding.code);
}
