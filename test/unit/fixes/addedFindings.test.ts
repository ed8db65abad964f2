import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/service/findings';
import { addedFindings } from '../../../server/src/service/fixes/addedFindings';
import type { RuleCode } from '../../../server/src/service/ruleCatalog';

const finding = (code: RuleCode, path: string | undefined, message: string): Finding => ({
  code,
  severity: 'error',
  message,
  start: 0,
  end: 1,
  ...(path === undefined ? {} : { path }),
});
const added = (before: Finding[], after: Finding[]): string[] => addedFindings(before, after).map((f) => `${f.code} ${f.path ?? '-'} ${f.message}`);

describe('addedFindings', () => {
  it('pairs an unchanged finding', () => {
    const f = finding('rules.duplicate', 'spec.x', 'm');
    assert.deepEqual(added([f], [f]), []);
  });

  it('pairs a finding reworded in place (same code and path): its message quoted the field the edit fixed', () => {
    const before = finding('ipblock.except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]', 'not inside "10.0.5.7/16"');
    const after = finding('ipblock.except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]', 'not inside "10.0.0.0/16"');
    assert.deepEqual(added([before], [after]), []);
  });

  it('pairs a finding whose path shifted (same code and message): an entry before it was removed', () => {
    const before = [finding('ports.named-port-undeclared', 'spec.ports[0]', 'first'), finding('ports.named-port-undeclared', 'spec.ports[1]', 'second')];
    assert.deepEqual(added(before, [finding('ports.named-port-undeclared', 'spec.ports[0]', 'second')]), []);
  });

  it('reports a finding of the same code at a new path with a new message', () => {
    const before = [finding('ipblock.except-not-in-cidr', 'spec.egress[0].to[0].ipBlock.except[0]', 'one')];
    const after = [...before, finding('ipblock.except-not-in-cidr', 'spec.egress[0].to[0].ipBlock.except[1]', 'two')];
    assert.deepEqual(added(before, after), ['ipblock.except-not-in-cidr spec.egress[0].to[0].ipBlock.except[1] two']);
  });

  it('reports a second finding where there was one: each finding of before pairs once', () => {
    const f = finding('rules.duplicate', 'spec.x', 'm');
    assert.deepEqual(added([f], [f, f]), ['rules.duplicate spec.x m']);
    assert.deepEqual(added([f], [f, finding('rules.duplicate', 'spec.x', 'other')]), ['rules.duplicate spec.x other']);
  });

  it('pairs exactly first, so that a loose pair never takes the partner of an exact one', () => {
    // By message alone, the first after-finding would take B, and the second would find no partner.
    const a = finding('ports.named-port-undeclared', 'spec.a', 'm1');
    const b = finding('ports.named-port-undeclared', 'spec.b', 'm2');
    assert.deepEqual(added([a, b], [finding('ports.named-port-undeclared', 'spec.a', 'm2'), finding('ports.named-port-undeclared', 'spec.b', 'm2')]), []);
  });

  it('pairs a finding without a path (YAML syntax) by message only', () => {
    assert.deepEqual(added([finding('yaml.syntax', undefined, 'm')], [finding('yaml.syntax', undefined, 'm')]), []);
    assert.deepEqual(added([finding('yaml.syntax', undefined, 'm')], [finding('yaml.syntax', undefined, 'n')]), ['yaml.syntax - n']);
  });

  it('never pairs across codes', () => {
    assert.deepEqual(added([finding('rules.duplicate', 'spec.x', 'm')], [finding('rules.allow-all', 'spec.x', 'm')]), ['rules.allow-all spec.x m']);
  });
});
