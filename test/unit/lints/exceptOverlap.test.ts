import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { exceptOverlap } from '../../../server/src/service/lints/exceptOverlap';
import { lint, placedFindings } from './lintHarness';

function ipBlock(cidr: string, except: string[]): string {
  return `  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: ${cidr}\n            except:\n${except.map((e) => `              - "${e}"\n`).join('')}`;
}

describe('ipblock.except-overlap', () => {
  it('reports the narrower entry, wherever it stands, on its value', () => {
    const spec = ipBlock('10.0.0.0/8', ['10.1.2.0/24', '10.1.0.0/16']);
    const issues = lint(exceptOverlap, spec);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].from[0].ipBlock.except[0]');
    assert.equal(issues[0].message, 'except 10.1.0.0/16 already covers 10.1.2.0/24: remove this entry, or fix it if another range was meant.');
    const [finding] = placedFindings(spec, 'ipblock.except-overlap');
    assert.equal(finding.text, '"10.1.2.0/24"');
    assert.equal(finding.severity, 'information');
  });

  it('reports the second of two equal entries, also when written differently', () => {
    assert.equal(lint(exceptOverlap, ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.1.0.0/16']))[0].message, '10.1.0.0/16 is already in except: remove this entry.');
    const [issue] = lint(exceptOverlap, ipBlock('2001:db8::/32', ['2001:db8:1::/48', '2001:0db8:0001::/48']));
    assert.equal(formatFieldPath(issue.path), 'spec.ingress[0].from[0].ipBlock.except[1]');
    assert.equal(issue.message, '2001:0db8:0001::/48 is the same range as 2001:db8:1::/48, already in except: remove this entry.');
  });

  it('leaves entries with bits beyond the prefix to validation', () => {
    assert.deepEqual(lint(exceptOverlap, ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.1.5.0/16'])), []);
  });

  it('works on IPv6 and reports each redundant entry once', () => {
    const issues = lint(exceptOverlap, ipBlock('2001:db8::/32', ['2001:db8:1::/48', '2001:db8:1:2::/64', '2001:db8:1:3::/64']));
    assert.deepEqual(
      issues.map((i) => formatFieldPath(i.path)),
      ['spec.ingress[0].from[0].ipBlock.except[1]', 'spec.ingress[0].from[0].ipBlock.except[2]'],
    );
  });

  it('is silent on disjoint entries, mixed families and entries that are not CIDRs', () => {
    assert.deepEqual(lint(exceptOverlap, ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.2.0.0/16'])), []);
    assert.deepEqual(lint(exceptOverlap, ipBlock('0.0.0.0/0', ['10.0.0.0/8', '::/0'])), []);
    assert.deepEqual(lint(exceptOverlap, ipBlock('10.0.0.0/8', ['10.1.0.0/33', '10.1.0.0/33', 'x'])), []);
  });
});
