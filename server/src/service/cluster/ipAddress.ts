import { IPv6 } from 'ip-num';
import { parseCidr as parseCidrAsApiServer } from '../validation/cidr';

export type IpFamily = 4 | 6;

/** An IP address as a number in its family's space. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A CIDR range with its host bits cleared: every address from `first` to `last`. */
export interface IpNet {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
  /** Canonical text of the masked range, e.g. `10.0.0.0/8` for `10.1.2.3/8`. */
  readonly text: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const V4_MAPPED_PREFIX = 0xffffn << 32n;

/**
 * Parses an IP address the way Kubernetes reads them (`netutils.ParseIPSloppy`): IPv4 octets with leading zeros
 * are decimal, zones are not allowed, and an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is that IPv4 address,
 * as Go's `net.IP.To4` treats it when matching.
 */
export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.includes('%') || trimmed !== text) return undefined;
  if (!trimmed.includes(':')) {
    const value = parseIPv4(trimmed);
    return value === undefined ? undefined : { family: 4, value };
  }
  let value: bigint;
  try {
    value = IPv6.fromString(trimmed).getValue();
  } catch {
    return undefined;
  }
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/**
 * Parses a CIDR as network plugins evaluate it (Go's `net.ParseCIDR` via `netutils.ParseCIDRSloppy`, the same
 * parser validation mirrors): host bits are cleared, so `10.1.2.3/8` is `10.0.0.0/8` — what the API server stored
 * before 1.36 rejected such values. An IPv4-mapped IPv6 range with a prefix of at least 96 is the IPv4 range it
 * maps (Go's `IPNet.Contains`).
 */
export function parseCidr(text: string): IpNet | undefined {
  const parsed = parseCidrAsApiServer(text);
  if (!parsed) return undefined;
  if (parsed.family === 6 && parsed.prefixLength >= 96 && (parsed.network >> 32n) << 32n === V4_MAPPED_PREFIX) {
    return netOf(4, parsed.network & 0xffffffffn, parsed.prefixLength - 96);
  }
  return netOf(parsed.family, parsed.network, parsed.prefixLength);
}

/** The range of `prefix` bits around `value`. */
export function netOf(family: IpFamily, value: bigint, prefix: number): IpNet {
  const first = value & maskOf(family, prefix);
  const last = first | (((1n << BigInt(BITS[family])) - 1n) >> BigInt(prefix));
  return { family, first, last, prefix, text: `${formatIp({ family, value: first })}/${prefix}` };
}

export function netContains(net: IpNet, address: IpAddress): boolean {
  return net.family === address.family && address.value >= net.first && address.value <= net.last;
}

export function netContainsNet(outer: IpNet, inner: IpNet): boolean {
  return outer.family === inner.family && inner.first >= outer.first && inner.last <= outer.last;
}

export function formatIp(address: IpAddress): string {
  return address.family === 4 ? formatIPv4(address.value) : formatIPv6(address.value);
}

/** Dotted decimal (ip-num's IPv4 formatting, by binary strings, was a fifth of an incremental reachability update). */
function formatIPv4(value: bigint): string {
  const n = Number(value);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952 text: lowercase, the longest run of two or more zero groups written `::`. */
function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function maskOf(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Dotted decimal; `010.001.0.1` is `10.1.0.1`: Kubernetes' sloppy parsing reads leading zeros as decimal, never octal. */
function parseIPv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return BigInt(value);
}
