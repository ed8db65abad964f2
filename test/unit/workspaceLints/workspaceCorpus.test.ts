import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceFindings } from '../../../server/src/service/diagnostics/workspaceFindings';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';

/**
 * The workspace lints on the real-world corpus (shared/corpus/files): the files of one repository
 * (`<owner>__<repo>__`) form one workspace, their paths restored from the file names (`__` is `/`). An older
 * version of a file (`.at-<sha>`) is checked in place of the current one, in its own workspace. No finding may be
 * an error; the counts per code are those reviewed (see the change that introduced them for which are true
 * positives), so that a change in any of them is looked at.
 */
const CORPUS = resolve(__dirname, '../../../../shared/corpus/files');

const REVIEWED_COUNTS: Readonly<Record<string, number>> = {
  'dns.missing-egress': 31,
  'dns.udp-only': 12,
  'metadata.duplicate-policy-name': 15,
  'namespace.beta-isolation-annotation': 1,
  'ports.named-port-undeclared': 2,
  'ports.numeric-port-undeclared': 2,
  'ports.service-port-not-target-port': 1,
  'selector.matches-no-workload': 16,
  'selector.namespace-label-unknown': 6,
  // bank-of-anthos's allow-agent-to-bank (an older version): `namespaceSelector: {matchLabels: {name: agent-platform}}`
  // and no Namespace manifest in the repository. (The `ns: "y"` selectors of policy-assistant's examples, whose
  // harness labels its namespaces that way, are not reported: the rule is about `name` only.)
  'selector.namespace-name-label': 1,
};

const currentVersion = (file: string): string => file.replace(/\.at-[0-9a-f]+(\.\w+)$/, '$1');
const uriOf = (file: string): string => `file:///corpus/${file.split('__').join('/')}`;

describe('corpus: workspace lints', () => {
  it('no error, and the reviewed counts per code', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
    const repositories = new Map<string, string[]>();
    for (const file of readdirSync(CORPUS).sort()) {
      const repository = file.split('__').slice(0, 2).join('__');
      repositories.set(repository, [...(repositories.get(repository) ?? []), file]);
    }
    const counts: Record<string, number> = {};
    const errors: string[] = [];
    const check = (files: readonly string[], reportOn: readonly string[]): void => {
      const workspace = new ManifestWorkspace();
      for (const file of files) workspace.setFile(uriOf(file), readFileSync(resolve(CORPUS, file), 'utf8'));
      const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace));
      for (const file of reportOn) {
        for (const finding of findings.forFile(workspace.getFile(uriOf(file))!, DEFAULT_SETTINGS)) {
          counts[finding.code] = (counts[finding.code] ?? 0) + 1;
          if (finding.severity === 'error') errors.push(`${file}: ${finding.code} ${finding.message}`);
        }
      }
    };
    for (const files of repositories.values()) {
      const current = files.filter((file) => currentVersion(file) === file);
      check(current, current);
      for (const old of files.filter((file) => currentVersion(file) !== file)) check([...current.filter((file) => file !== currentVersion(old)), old], [old]);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(Object.fromEntries(Object.entries(counts).sort()), REVIEWED_COUNTS);
  });
});
