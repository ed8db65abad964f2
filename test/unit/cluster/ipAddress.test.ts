import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatIp, netContains, parseCidr, parseIp } from '../../../server/src/service/cluster/ipAddress';
import { buildIpRangeIndex } from '../../../server/src/service/cluster/ipRangeIndex';

const cidr = (text: string) => {
  const net = parseCidr(text);
  assert.ok(net, text);
  return net;
};
const ip = (text: string) => {
  const address = parseIp(text);
  assert.ok(address, text);
  return address;
};

describe('IP addresses and CIDRs', () => {
  it('masks host bits, as the API server stored such CIDRs before 1.36', () => {
    assert.equal(cidr('10.1.2.3/8').text, '10.0.0.0/8');
    assert.equal(cidr('192.168.0.5/30').text, '192.168.0.4/30');
    assert.equal(cidr('2001:db8::1/64').text, '2001:db8::/64');
  });

  it('reads leading zeros as decimal and IPv4-mapped IPv6 as IPv4 (Go net semantics)', () => {
    assert.equal(cidr('010.000.0.0/8').text, '10.0.0.0/8');
    assert.equal(cidr('::ffff:10.0.0.0/104').text, '10.0.0.0/8');
    assert.equal(formatIp(ip('::ffff:10.0.0.1')), '10.0.0.1');
    assert.equal(ip('::ffff:10.0.0.1').family, 4);
  });

  it('refuses what Go refuses', () => {
    for (const text of ['10.0.0.0', '10.0.0.0/33', '10.0.0/8', '256.0.0.0/8', 'fe80::1%eth0/64', 'x/8', '/8', '10.0.0.0/-1', ' 10.0.0.0/8']) {
      assert.equal(parseCidr(text), undefined, text);
    }
    assert.equal(parseIp('10.0.0.1 '), undefined);
  });

  it('keeps families apart', () => {
    assert.equal(netContains(cidr('0.0.0.0/0'), ip('::1')), false);
    assert.equal(netContains(cidr('::/0'), ip('10.0.0.1')), false);
    assert.equal(netContains(cidr('::/0'), ip('2001:db8::1')), true);
  });
});

describe('IP range index', () => {
  it('nests named CIDRs and finds the deepest one holding an address', () => {
    const index = buildIpRangeIndex([cidr('0.0.0.0/0'), cidr('10.0.0.0/8'), cidr('10.1.0.0/16'), cidr('192.168.0.0/16'), cidr('10.0.0.0/8')]);
    const texts = index.nodes.map((node) => node.net.text);
    assert.deepEqual(texts, ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16']);
    assert.deepEqual(
      index.nodes[0].children.map((child) => texts[child]),
      ['10.0.0.0/8', '192.168.0.0/16'],
    );
    assert.equal(texts[index.nodeOf(ip('10.1.2.3'))], '10.1.0.0/16');
    assert.equal(texts[index.nodeOf(ip('10.2.2.3'))], '10.0.0.0/8');
    assert.equal(texts[index.nodeOf(ip('8.8.8.8'))], '0.0.0.0/0');
    assert.equal(index.nodeOf(ip('2001:db8::1')), -1);
  });

  it('gives each range an address outside its children, or none when they cover it', () => {
    const index = buildIpRangeIndex([cidr('10.0.0.0/8'), cidr('10.0.0.0/9'), cidr('10.128.0.0/9'), cidr('0.0.0.0/0')]);
    const byText = new Map(index.nodes.map((node) => [node.net.text, node]));
    assert.equal(byText.get('10.0.0.0/8')!.representative, undefined);
    assert.equal(formatIp(byText.get('0.0.0.0/0')!.representative!), '0.0.0.0');
    assert.equal(formatIp(byText.get('10.0.0.0/9')!.representative!), '10.0.0.0');
  });
});
