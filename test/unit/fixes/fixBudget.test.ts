import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, getCodeActions, parseFile } from '../../../server/src/service';
import { FIX_CHECK_BUDGET } from '../../../server/src/service/fixes/getCodeActions';

const HEAD =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n';

function policyWithPorts(count: number, padding = ''): string {
  return `${HEAD}${Array.from({ length: count }, (_, i) => `        - {protocol: tcp, port: ${1000 + i}}${padding}\n`).join('')}`;
}

describe('quick fixes: bounded work per request', () => {
  it('checks the fixes of at most FIX_CHECK_BUDGET.findings findings in one request', () => {
    const text = policyWithPorts(120);
    const fixes = getCodeActions(parseFile('file:///p.yaml', text), 0, text.length, DEFAULT_SETTINGS).filter((fix) => fix.title.includes('TCP'));
    assert.equal(fixes.length, FIX_CHECK_BUDGET.findings);
  });

  it('still fixes the finding under the cursor, however many the document has', () => {
    const text = policyWithPorts(120);
    const cursor = text.indexOf('tcp, port: 1100');
    const fixes = getCodeActions(parseFile('file:///p.yaml', text), cursor, cursor, DEFAULT_SETTINGS);
    assert.equal(fixes.filter((fix) => fix.title.includes('TCP')).length, 1);
    assert.equal(fixes[0].edits[0].start, cursor);
  });

  it('offers no quick fix in a document larger than FIX_CHECK_BUDGET.documentSize (checking one would take seconds)', () => {
    const text = policyWithPorts(2, ` # ${'x'.repeat(FIX_CHECK_BUDGET.documentSize / 2)}`);
    const cursor = text.indexOf('tcp');
    const file = parseFile('file:///p.yaml', text);
    assert.deepEqual(getCodeActions(file, cursor, cursor, DEFAULT_SETTINGS), []);
    const small = policyWithPorts(2);
    assert.equal(getCodeActions(parseFile('file:///p.yaml', small), small.indexOf('tcp'), small.indexOf('tcp'), DEFAULT_SETTINGS).length, 1);
  });
});
