import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { DEFAULT_SETTINGS, getDocumentSymbols, getFileFindings, ManifestWorkspace, WorkspaceAnalysis } from '../../server/src/service';
import { MAX_POLICY_RULES } from '../../server/src/service/model/policySize';

/**
 * `policy.too-many-rules`: a NetworkPolicy of more than MAX_POLICY_RULES rules gets one finding and is not analysed
 * further (4.4 MB of one policy's 200,000 rules once cost 21 s of CPU and 1.55 GB in `netpol-lens check`, and an
 * outline of 200,000 entries). Behaviour only: the time and memory are measured in docs/robustness.md.
 */
const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: big\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n';
/** A rule the API server rejects (a /33), then `count - 1` copies of a small valid rule. */
function policyOfRules(count: number, rule = '  - from: [{podSelector: {matchLabels: {app: a}}}]\n'): string {
  return `${HEAD}  - from: [{ipBlock: {cidr: 10.0.0.0/33}}]\n${rule.repeat(count - 1)}`;
}

function analyse(text: string) {
  const workspace = new ManifestWorkspace();
  const file = workspace.setFile('file:///big.yaml', text);
  return { file, workspace, findings: getFileFindings(file, DEFAULT_SETTINGS) };
}

describe('policy.too-many-rules', () => {
  it(`a policy of ${MAX_POLICY_RULES} rules is analysed: its bad CIDR is reported, and every rule is in the outline`, () => {
    const { file, findings } = analyse(policyOfRules(MAX_POLICY_RULES));
    const codes = new Set(findings.map((f) => f.code));
    assert.ok(codes.has('ipblock.cidr-invalid'));
    assert.ok(!codes.has('policy.too-many-rules'));
    assert.equal(getDocumentSymbols(file)[0].children[0].children.length, MAX_POLICY_RULES);
  });

  it(`a policy of ${MAX_POLICY_RULES + 1} rules gets one policy.too-many-rules on its ingress key and nothing else`, () => {
    const text = policyOfRules(MAX_POLICY_RULES + 1);
    const { file, workspace, findings } = analyse(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, text.slice(f.start, f.end)]),
      [['policy.too-many-rules', 'warning', 'ingress']],
    );
    assert.match(findings[0].message, /10,001 rules, more than the 10,000/);
    // The outline lists the direction without its rules.
    const [ingress] = getDocumentSymbols(file)[0].children;
    assert.equal(ingress.children.length, 0);
    assert.match(ingress.detail, /10001 rules \(not listed/);
    // Left out of the cluster model, with the reason.
    const model = new WorkspaceAnalysis(workspace).clusterModel(DEFAULT_SETTINGS);
    assert.equal(model.policies.length, 0);
    assert.ok(model.leftOut.some((l) => /policy\.too-many-rules/.test(l.reason)));
  });

  it('netpol-lens check on 4.4 MB of one policy (200,000 rules) finishes with the finding, exit 0', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netpol-rules-'));
    const text = policyOfRules(200_000, '  - ports: [port: 80]\n');
    assert.ok(text.length < 5_000_000 && text.length > 4_000_000, `${text.length} bytes: under the default file size limit`);
    writeFileSync(path.join(folder, 'big.yaml'), text);
    let stdout = '';
    const code = await main(['check', '--format', 'json', 'big.yaml'], { cwd: folder, stdout: (t) => (stdout += t), stderr: () => undefined });
    const diagnostics = (JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['policy.too-many-rules'],
    );
    assert.equal(code, 0);
  });
});
