import { collapseIPv6Number, IPv4, IPv6 } from 'ip-num';
import { networkString, parseCidr, type ParsedCidr } from '../validation/cidr';

/** A CIDR's range and size in words, e.g. `10.0.0.0 – 10.255.255.255 (16,777,216 addresses)`. */
export function describeCidrRange(text: string): string | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const { first, last, size } = bounds(cidr);
  const masked = networkString(cidr) !== text ? ` (evaluated as ${networkString(cidr)})` : '';
  return `${format(first, cidr)} – ${format(last, cidr)}: ${formatCount(size)}${masked}`;
}

/**
 * What an ipBlock matches: its range minus the `except` ranges that lie inside it, with the count of addresses
 * left (`except` ranges that overlap each other are counted once).
 */
export function describeIpBlock(cidrText: string, exceptTexts: readonly string[]): string | undefined {
  const cidr = parseCidr(cidrText);
  if (!cidr) return undefined;
  const { first, last, size } = bounds(cidr);
  const removed: [bigint, bigint][] = [];
  for (const text of exceptTexts) {
    const except = parseCidr(text);
    if (!except || except.addressBits !== cidr.addressBits) continue;
    const b = bounds(except);
    const lo = b.first > first ? b.first : first;
    const hi = b.last < last ? b.last : last;
    if (lo <= hi) removed.push([lo, hi]);
  }
  removed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let removedCount = 0n;
  let reach = first - 1n;
  for (const [lo, hi] of removed) {
    const start = lo > reach ? lo : reach + 1n;
    if (hi >= start) removedCount += hi - start + 1n;
    if (hi > reach) reach = hi;
  }
  const lines = [`${format(first, cidr)} – ${format(last, cidr)}: ${formatCount(size)}`];
  if (removedCount > 0n) lines.push(`except removes ${formatCount(removedCount)}, leaving ${formatCount(size - removedCount)}`);
  return lines.join('; ');
}

function bounds(cidr: ParsedCidr): { first: bigint; last: bigint; size: bigint } {
  const hostBits = BigInt(cidr.addressBits - cidr.prefixLength);
  const size = 1n << hostBits;
  return { first: cidr.network, last: cidr.network + size - 1n, size };
}

function format(value: bigint, cidr: ParsedCidr): string {
  return cidr.addressBits === 32 ? IPv4.fromNumber(value).toString() : collapseIPv6Number(IPv6.fromBigInt(value).toString());
}

function formatCount(count: bigint): string {
  const exponent = count.toString(2).length - 1;
  const text = count < 10n ** 15n ? Number(count).toLocaleString('en-US') : (count & (count - 1n)) === 0n ? `2^${exponent}` : `about 2^${exponent}`;
  return `${text} address${count === 1n ? '' : 'es'}`;
}
