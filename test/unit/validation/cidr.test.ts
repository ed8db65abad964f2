import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  canonicalString,
  explainInvalidCidr,
  hasHostBits,
  networkString,
  parseCidr,
  relateExcept,
  singleAddressString,
} from '../../../server/src/service/validation/cidr';

function parsed(text: string) {
  const cidr = parseCidr(text);
  assert.ok(cidr, `${text} should parse`);
  return cidr;
}

describe('parseCidr (ParseCIDRSloppy)', () => {
  it('accepts what Go 1.16 net.ParseCIDR accepts, including leading zeros read as decimal', () => {
    for (const text of [
      '1.0.0.0/8',
      '0.0.0.0/0',
      '1.1.1.1/32',
      '2001:4860:4860::/48',
      '::/0',
      '::1/128',
      '2001:DB8::/64',
      '010.1.2.0/24',
      '10.0.0.0/016',
      '::ffff:1.1.1.0/24',
      '1::1.2.3.4/64',
    ]) {
      assert.ok(parseCidr(text), text);
    }
    const zeros = parsed('010.001.002.000/024');
    assert.equal(networkString(zeros), '10.1.2.0/24');
    assert.equal(zeros.hasLeadingZeros, true);
  });

  it('rejects what the API server calls "must be a valid CIDR value" (upstream test table)', () => {
    for (const text of [
      '',
      'aaaaaaa',
      '1.2.3.4',
      '192.168.0.1/healthz',
      '192.168.0.1/0/99',
      '192.168.0.0/-16',
      '192.168.0.0/+16',
      '10.0.0.0/33',
      '::/129',
      '256.0.0.0/8',
      '1.2.3/24',
      ' 10.0.0.0/8',
      '10.0.0.0/8 ',
      'fe80::1%eth0/64',
      '[2001:db8::]/64',
      '1:2:3:4:5:6:7:8::/64',
      '10.0.0.0/',
    ]) {
      assert.equal(parseCidr(text), undefined, JSON.stringify(text));
    }
  });

  it('flags what netip.ParsePrefix rejects: leading zeros in octets or prefix, IPv6 groups over four digits', () => {
    assert.equal(parsed('1.1.01.0/24').hasLeadingZeros, true);
    assert.equal(parsed('192.168.0.0/016').hasLeadingZeros, true);
    assert.equal(parsed('00001::/16').hasLeadingZeros, true);
    assert.equal(parsed('::ffff:010.1.2.3/120').hasLeadingZeros, true);
    assert.equal(parsed('10.0.0.0/0').hasLeadingZeros, false);
    assert.equal(parsed('0001:002:03:4::/64').hasLeadingZeros, false);
  });

  it('names the networks as Go prints them (ipnet.String())', () => {
    assert.equal(networkString(parsed('192.12.2.8/24')), '192.12.2.0/24');
    assert.equal(singleAddressString(parsed('192.12.2.8/24')), '192.12.2.8/32');
    assert.equal(networkString(parsed('::ffff:192.12.2.0/120')), '192.12.2.0/24');
    assert.equal(networkString(parsed('2001:DB8:0:0::1/64')), '2001:db8::/64');
    assert.equal(singleAddressString(parsed('2001:db8::1/64')), '2001:db8::1/128');
    assert.equal(canonicalString(parsed('2001:db8:0:0::/64')), '2001:db8::/64');
    assert.equal(canonicalString(parsed('2001:0:0:1:0:0:0:1/128')), '2001:0:0:1::1/128');
    assert.equal(canonicalString(parsed('2001:db8:0:1:1:1:1:1/128')), '2001:db8:0:1:1:1:1:1/128');
    assert.equal(hasHostBits(parsed('10.0.0.1/24')), true);
    assert.equal(hasHostBits(parsed('10.0.0.0/24')), false);
    assert.equal(parsed('::ffff:10.0.0.0/104').isIPv4Mapped, true);
    assert.equal(parsed('::10.0.0.0/104').isIPv4Mapped, false);
  });
});

describe('relateExcept (cidrIPNet.Contains(exceptCIDR.IP) && cidrMaskLen < exceptMaskLen)', () => {
  const relate = (cidr: string, except: string) => relateExcept(parsed(cidr), parsed(except));
  it('a strict subset', () => {
    assert.equal(relate('10.0.0.0/8', '10.1.0.0/16'), 'strict-subset');
    assert.equal(relate('0.0.0.0/0', '169.254.169.254/32'), 'strict-subset');
    assert.equal(relate('2001:db8::/32', '2001:db8:1::/48'), 'strict-subset');
    // Host bits: Go compares the networks, so 10.0.0.5/8 is 10.0.0.0/8.
    assert.equal(relate('10.0.0.5/8', '10.0.0.0/16'), 'strict-subset');
    assert.equal(relate('10.0.0.0/16', '10.0.5.7/24'), 'strict-subset');
  });
  it('equal, larger, outside, other family', () => {
    assert.equal(relate('10.0.0.0/8', '10.0.0.0/8'), 'equal');
    assert.equal(relate('10.0.0.0/8', '10.9.9.9/8'), 'equal');
    assert.equal(relate('192.168.0.0/24', '192.168.0.0/16'), 'larger');
    assert.equal(relate('192.168.1.0/24', '192.168.0.0/16'), 'larger');
    assert.equal(relate('10.0.0.0/8', '192.168.0.0/16'), 'outside');
    assert.equal(relate('10.0.0.0/8', '2001:db8::/64'), 'other-family');
    assert.equal(relate('2001:db8::/32', '10.0.0.0/8'), 'other-family');
  });
  it('IPv4-mapped IPv6: contained as IPv4, but the raw mask lengths are compared', () => {
    assert.equal(relate('::ffff:10.0.0.0/104', '::ffff:10.1.0.0/112'), 'strict-subset');
    assert.equal(relate('10.0.0.0/8', '::ffff:10.1.0.0/112'), 'strict-subset');
    assert.equal(relate('::ffff:10.0.0.0/104', '10.1.0.0/16'), 'mixed-notation');
  });
});

describe('explainInvalidCidr', () => {
  it('says what would be right', () => {
    assert.equal(explainInvalidCidr('10.1.2.3'), 'it is a single address: write "10.1.2.3/32" for it alone, or give the network\'s prefix length');
    assert.equal(explainInvalidCidr('2001:DB8::1'), 'it is a single address: write "2001:db8::1/128" for it alone, or give the network\'s prefix length');
    assert.equal(explainInvalidCidr('10.0.0.0/33'), 'the prefix length of an IPv4 CIDR is 0 to 32');
    assert.equal(explainInvalidCidr('10.0.0.0/0#example'), 'in YAML, "#" starts a comment only after a space: write "10.0.0.0/0 #example"');
    assert.equal(explainInvalidCidr(' 10.0.0.0/8'), 'remove the spaces: "10.0.0.0/8"');
    assert.equal(explainInvalidCidr('10.0.0/8'), 'an IPv4 address has four numbers separated by dots, not 3');
    assert.equal(explainInvalidCidr('300.0.0.0/8'), 'each number of an IPv4 address is 0 to 255');
    assert.equal(explainInvalidCidr(''), 'the entry is empty: write a CIDR, or remove it');
    assert.equal(explainInvalidCidr('aaaa'), undefined);
  });
});
