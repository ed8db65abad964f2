import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validateIPBlock } from '../../../server/src/service/validation/ipBlock';
import { optionsFor, summarize } from './helpers';

const at = ['spec', 'ingress', 0, 'from', 0, 'ipBlock'];
const check = (ipBlock: unknown, version = '1.37') => validateIPBlock(ipBlock, at, optionsFor(version));

describe('validateIPBlock', () => {
  it('accepts valid blocks', () => {
    assert.deepEqual(check({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] }), []);
    assert.deepEqual(check({ cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] }), []);
    assert.deepEqual(check({ cidr: '0.0.0.0/0', except: null }), []);
  });

  it('an empty or missing cidr is Required and ends the checks', () => {
    const missing = check({ except: ['nope'] });
    assert.deepEqual(summarize(missing), ['ipblock.cidr-required spec.ingress[0].from[0].ipBlock.cidr']);
    assert.deepEqual(missing[0].at, at);
    assert.deepEqual(summarize(check({ cidr: '' })), ['ipblock.cidr-required spec.ingress[0].from[0].ipBlock.cidr']);
    assert.deepEqual(summarize(check({ cidr: null })), ['ipblock.cidr-required spec.ingress[0].from[0].ipBlock.cidr']);
  });

  it('a cidr that does not parse skips the except checks', () => {
    const issues = check({ cidr: '10.0.0.0/33', except: ['also bad', '192.168.0.0/16'] });
    assert.deepEqual(summarize(issues), ['ipblock.cidr-invalid spec.ingress[0].from[0].ipBlock.cidr']);
    assert.equal(
      issues[0].message,
      'Invalid value "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64). The prefix length of an IPv4 CIDR is 0 to 32.',
    );
  });

  it('each except must parse and be a strict subset', () => {
    const issues = check({ cidr: '10.0.0.0/16', except: ['x', '', null, '10.0.0.0/16', '10.0.0.0/8', '192.168.0.0/24', '2001:db8::/64', '10.0.1.0/24'] });
    assert.deepEqual(summarize(issues), [
      'ipblock.except-invalid spec.ingress[0].from[0].ipBlock.except[0]',
      'ipblock.except-invalid spec.ingress[0].from[0].ipBlock.except[1]',
      'ipblock.except-invalid spec.ingress[0].from[0].ipBlock.except[2]',
      'ipblock.except-not-in-cidr spec.ingress[0].from[0].ipBlock.except[3]',
      'ipblock.except-not-in-cidr spec.ingress[0].from[0].ipBlock.except[4]',
      'ipblock.except-not-in-cidr spec.ingress[0].from[0].ipBlock.except[5]',
      'ipblock.except-not-in-cidr spec.ingress[0].from[0].ipBlock.except[6]',
    ]);
    assert.match(issues[3].message, /It is the whole `cidr`/);
    assert.match(issues[4].message, /It is larger than `cidr`/);
    assert.match(issues[5].message, /It lies outside "10\.0\.0\.0\/16"/);
    assert.match(issues[6].message, /It is an IPv6 range in an IPv4 `cidr`/);
  });

  it('from 1.36 (StrictIPCIDRValidation): one error per value, in upstream order', () => {
    assert.deepEqual(summarize(check({ cidr: '10.0.0.1/24' })), ['ipblock.cidr-host-bits spec.ingress[0].from[0].ipBlock.cidr']);
    assert.equal(
      check({ cidr: '10.0.0.1/24' })[0].message,
      'Invalid value "10.0.0.1/24": must not have bits set beyond the prefix length. Write the network "10.0.0.0/24", or "10.0.0.1/32" for the single address.',
    );
    assert.deepEqual(summarize(check({ cidr: '010.0.0.0/8' }, '1.36')), ['ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr']);
    assert.deepEqual(summarize(check({ cidr: '10.0.0.0/08' })), ['ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr']);
    // Leading zeros and host bits: only the leading zeros (upstream's else-if), with both readings named.
    const both = check({ cidr: '010.0.0.1/8' });
    assert.deepEqual(summarize(both), ['ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr']);
    assert.match(both[0].message, /Use "10\.0\.0\.0\/8" for the network, or "10\.0\.0\.1\/32" for the single address\.$/);
    const mapped = check({ cidr: '::ffff:10.0.0.0/104' });
    assert.deepEqual(summarize(mapped), ['ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr']);
    assert.equal(mapped[0].message, 'Invalid value "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address. Use "10.0.0.0/8".');
    // The same checks apply to except entries.
    assert.deepEqual(summarize(check({ cidr: '10.0.0.0/8', except: ['10.1.0.1/16'] })), ['ipblock.cidr-host-bits spec.ingress[0].from[0].ipBlock.except[0]']);
  });

  it('before 1.36: the API server accepts them with GetWarningsForCIDR warnings', () => {
    const host = check({ cidr: '10.0.0.1/24' }, '1.35');
    assert.deepEqual(summarize(host), ['ipblock.cidr-host-bits spec.ingress[0].from[0].ipBlock.cidr (warning)']);
    assert.equal(
      host[0].message,
      'CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?): write the network or the single address that is meant. Kubernetes 1.36 and later reject it.',
    );
    const zeros = check({ cidr: '192.012.2.0/24' }, '1.35');
    assert.deepEqual(summarize(zeros), ['ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr (warning)']);
    assert.equal(
      zeros[0].message,
      'non-standard CIDR value "192.012.2.0/24" will be considered invalid in a future Kubernetes release. Use "192.12.2.0/24" (Kubernetes 1.36 and later reject it).',
    );
    // Both warnings, as upstream's "multiple problems" case.
    assert.deepEqual(summarize(check({ cidr: '192.012.2.8/24' }, '1.35')), [
      'ipblock.cidr-host-bits spec.ingress[0].from[0].ipBlock.cidr (warning)',
      'ipblock.cidr-non-standard spec.ingress[0].from[0].ipBlock.cidr (warning)',
    ]);
  });

  it('a non-canonical IPv6 CIDR is a warning in every version, and only when nothing else is wrong', () => {
    for (const version of ['1.30', '1.37']) {
      const issues = check({ cidr: '2001:DB8:0:0::/64' }, version);
      assert.deepEqual(summarize(issues), ['ipblock.cidr-ipv6-not-canonical spec.ingress[0].from[0].ipBlock.cidr']);
      assert.match(issues[0].message, /^IPv6 CIDR value "2001:DB8:0:0::\/64" should be in RFC 5952 canonical format \("2001:db8::\/64"\)\./);
    }
    assert.deepEqual(summarize(check({ cidr: '2001:DB8::1/64' }, '1.35')), ['ipblock.cidr-host-bits spec.ingress[0].from[0].ipBlock.cidr (warning)']);
  });

  it('skips values of the wrong type', () => {
    assert.deepEqual(check({ cidr: 10 }), []);
    assert.deepEqual(check({ cidr: '10.0.0.0/8', except: '10.1.0.0/16' }), []);
    assert.deepEqual(check({ cidr: '10.0.0.0/8', except: [5] }), []);
    assert.deepEqual(check('10.0.0.0/8'), []);
  });
});
