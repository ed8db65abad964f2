import { collapseIPv6Number, IPv4, IPv4Prefix, IPv6, IPv6Prefix } from 'ip-num';
import { boundedMemo } from '../boundedMemo';

/**
 * CIDR values as the Kubernetes API server reads them.
 *
 * The API server parses `ipBlock.cidr` and `ipBlock.except` with `netutils.ParseCIDRSloppy` (k8s.io/utils: a fork
 * of Go 1.16's `net.ParseCIDR` that still reads IPv4 octets with leading zeros as *decimal*, `010` = 10), and
 * since StrictIPCIDRValidation also with `netip.ParsePrefix`, which rejects those leading zeros. This module
 * reproduces both, bit for bit, including Go's representation quirks (a dotted-quad CIDR is a 4-byte network, an
 * IPv6-syntax one a 16-byte network, and an IPv4-mapped IPv6 network prints as IPv4). Address arithmetic and
 * formatting use `ip-num`.
 */

export type IpFamily = 4 | 6;

/** A CIDR value that `ParseCIDRSloppy` accepts. */
export interface ParsedCidr {
  readonly text: string;
  /** 4 when the address part is a dotted quad (Go's `iplen` of 4), 6 when it is IPv6 syntax. */
  readonly family: IpFamily;
  /** The address as written: 32 bits for family 4, 128 for family 6. */
  readonly address: bigint;
  readonly prefixLength: number;
  /** 32 or 128: the size of the mask (Go's `Mask.Size()` bits). */
  readonly addressBits: 32 | 128;
  /** The address with every bit beyond the prefix cleared (Go's `ipnet.IP`). */
  readonly network: bigint;
  /**
   * `netip.ParsePrefix` rejects the text although `ParseCIDRSloppy` accepts it: a leading zero in an IPv4
   * octet (`010`), in the prefix length (`/08`), or an IPv6 group of more than four digits (`00001::`).
   */
  readonly hasLeadingZeros: boolean;
  /** IPv6 syntax for an IPv4 address (`::ffff:10.0.0.0`): netip's `Is4In6` on the address as written. */
  readonly isIPv4Mapped: boolean;
}

const BIG = 0xffffff; // Go's net package: "bigger than we need, not too big to worry about overflow"
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;
const LOW_32_BITS = 0xffffffffn;

interface Parsed<T> {
  readonly value: T;
  /** Characters consumed. */
  readonly length: number;
}

/** Go's `dtoi`: decimal digits at the start of `s`, failing past 0xFFFFFF. */
function decimalPrefix(s: string): Parsed<number> | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return undefined;
  }
  return i === 0 ? undefined : { value: n, length: i };
}

/** Go's `xtoi`: hexadecimal digits at the start of `s`, failing past 0xFFFFFF. */
function hexPrefix(s: string): Parsed<number> | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const digit = parseInt(s[i], 16);
    if (Number.isNaN(digit)) break;
    n = n * 16 + digit;
    if (n >= BIG) return undefined;
  }
  return i === 0 ? undefined : { value: n, length: i };
}

interface ParsedAddress {
  readonly value: bigint;
  readonly hasLeadingZeros: boolean;
}

/** The forked `parseIPv4`: four decimal octets of up to 255, leading zeros read as decimal. */
function parseIPv4Sloppy(text: string): ParsedAddress | undefined {
  let s = text;
  let value = 0n;
  let hasLeadingZeros = false;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const octet = decimalPrefix(s);
    if (!octet || octet.value > 0xff) return undefined;
    // netip.ParseAddr rejects what Go 1.17 stopped accepting: "Reject non-zero components with leading zeroes".
    if (octet.length > 1 && s[0] === '0') hasLeadingZeros = true;
    s = s.slice(octet.length);
    value = (value << 8n) | BigInt(octet.value);
  }
  return s.length === 0 ? { value, hasLeadingZeros } : undefined;
}

/** The forked `parseIPv6` (RFC 4291 text, an optional trailing dotted quad, no zone). */
function parseIPv6Sloppy(text: string): ParsedAddress | undefined {
  const bytes = new Array<number>(16).fill(0);
  let s = text;
  let ellipsis = -1;
  let hasLeadingZeros = false;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { value: 0n, hasLeadingZeros: false };
  }
  let i = 0;
  while (i < 16) {
    const group = hexPrefix(s);
    if (!group || group.value > 0xffff) return undefined;
    if (group.length < s.length && s[group.length] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const ipv4 = parseIPv4Sloppy(s);
      if (!ipv4) return undefined;
      hasLeadingZeros ||= ipv4.hasLeadingZeros;
      for (let b = 0; b < 4; b++) bytes[i + b] = Number((ipv4.value >> BigInt(24 - 8 * b)) & 0xffn);
      s = '';
      i += 4;
      break;
    }
    // netip.ParseAddr allows at most four digits a group.
    if (group.length > 4) hasLeadingZeros = true;
    bytes[i] = group.value >> 8;
    bytes[i + 1] = group.value & 0xff;
    i += 2;
    s = s.slice(group.length);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) bytes[j + n] = bytes[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) bytes[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return { value, hasLeadingZeros };
}

function maskOf(prefixLength: number, bits: 32 | 128): bigint {
  return bits === 32 ? IPv4Prefix.fromNumber(BigInt(prefixLength)).toMask().value : IPv6Prefix.fromNumber(BigInt(prefixLength)).toMask().value;
}

/** True for a 128-bit value in `::ffff:0:0/96`. */
function isIPv4MappedValue(value: bigint): boolean {
  return value >> 32n === IPV4_MAPPED_PREFIX >> 32n;
}

/**
 * `netutils.ParseCIDRSloppy`: `address/prefix-length`, split at the first `/`; a dotted quad is IPv4 (prefix up
 * to 32), anything else must be IPv6 (prefix up to 128). Undefined when the API server rejects it outright.
 */
export const parseCidr = boundedMemo((text: string): ParsedCidr | undefined => {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  let family: IpFamily = 4;
  let parsed = parseIPv4Sloppy(addressText);
  if (!parsed) {
    family = 6;
    parsed = parseIPv6Sloppy(addressText);
  }
  const addressBits = family === 4 ? 32 : 128;
  const prefix = decimalPrefix(maskText);
  if (!parsed || !prefix || prefix.length !== maskText.length || prefix.value > addressBits) return undefined;
  const prefixLength = prefix.value;
  return {
    text,
    family,
    address: parsed.value,
    prefixLength,
    addressBits,
    network: parsed.value & maskOf(prefixLength, addressBits),
    hasLeadingZeros: parsed.hasLeadingZeros || (maskText.length > 1 && maskText[0] === '0'),
    isIPv4Mapped: family === 6 && isIPv4MappedValue(parsed.value),
  };
});

/** The address has bits set beyond the prefix length (`10.0.0.1/24`): an address, not a network. */
export function hasHostBits(cidr: ParsedCidr): boolean {
  return cidr.address !== cidr.network;
}

function ipv4String(value: bigint): string {
  return IPv4.fromNumber(value).toString();
}

function ipv6String(value: bigint): string {
  return collapseIPv6Number(IPv6.fromBigInt(value).toString());
}

/** Go's `net.IP.String()` of a 16-byte address: dotted for IPv4-mapped ones, RFC 5952 otherwise. */
function goIPString(value: bigint, family: IpFamily): string {
  if (family === 4) return ipv4String(value);
  return isIPv4MappedValue(value) ? ipv4String(value & LOW_32_BITS) : ipv6String(value);
}

/**
 * Go's `ipnet.String()`: the network the API server (and the warnings it gives) makes of the value, e.g.
 * `10.0.0.0/24` for `10.0.0.7/24`, `10.0.0.0/8` for `010.0.0.0/8` or `::ffff:10.0.0.0/104`.
 */
export function networkString(cidr: ParsedCidr): string {
  if (cidr.family === 6 && isIPv4MappedValue(cidr.network)) {
    return `${ipv4String(cidr.network & LOW_32_BITS)}/${cidr.prefixLength - 96}`;
  }
  return `${goIPString(cidr.network, cidr.family)}/${cidr.prefixLength}`;
}

/**
 * The single-address reading of a value with host bits (`10.0.0.7/32` for `10.0.0.7/24`), as upstream's
 * warning names it, except that an IPv4-mapped address gets `/32` where Go prints a meaningless `/128`.
 */
export function singleAddressString(cidr: ParsedCidr): string {
  const bits = cidr.family === 6 && isIPv4MappedValue(cidr.address) ? 32 : cidr.addressBits;
  return `${goIPString(cidr.address, cidr.family)}/${bits}`;
}

/**
 * netip's `Prefix.String()` of the value as written (host bits kept): the RFC 5952 form of an IPv6 CIDR. Only
 * meaningful without leading zeros.
 */
export function canonicalString(cidr: ParsedCidr): string {
  return `${cidr.family === 4 ? ipv4String(cidr.address) : ipv6String(cidr.address)}/${cidr.prefixLength}`;
}

/** Go's `networkNumberAndMask`: an IPv4-mapped network is compared as a 4-byte IPv4 network. */
function networkNumberAndMask(cidr: ParsedCidr): { readonly bytes: 4 | 16; readonly value: bigint; readonly maskOnes: number } {
  if (cidr.family === 4) return { bytes: 4, value: cidr.network, maskOnes: cidr.prefixLength };
  if (isIPv4MappedValue(cidr.network)) return { bytes: 4, value: cidr.network & LOW_32_BITS, maskOnes: cidr.prefixLength - 96 };
  return { bytes: 16, value: cidr.network, maskOnes: cidr.prefixLength };
}

/** Go's `IPNet.Contains(ip)` for the network address of `inner`. */
function networkContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  const net = networkNumberAndMask(outer);
  // `ip.To4()`: a 4-byte address, or a 16-byte IPv4-mapped one, compares as IPv4.
  let bytes: 4 | 16 = inner.family === 4 ? 4 : 16;
  let ip = inner.network;
  if (bytes === 16 && isIPv4MappedValue(ip)) {
    bytes = 4;
    ip &= LOW_32_BITS;
  }
  if (bytes !== net.bytes) return false;
  const mask = maskOf(net.maskOnes, bytes === 4 ? 32 : 128);
  return (net.value & mask) === (ip & mask);
}

/** How `except` relates to `cidr`, for the message when it is not a strict subset. */
export type ExceptRelation = 'strict-subset' | 'equal' | 'larger' | 'outside' | 'other-family' | 'mixed-notation';

/**
 * `ValidateIPBlock`'s test, exactly: `cidrIPNet.Contains(exceptCIDR.IP) && cidrMaskLen < exceptMaskLen` on the
 * networks (host bits cleared) and the raw mask sizes (so `::ffff:10.0.0.0/104` has a mask length of 104).
 */
export function relateExcept(cidr: ParsedCidr, except: ParsedCidr): ExceptRelation {
  const contains = networkContains(cidr, except);
  if (contains && cidr.prefixLength < except.prefixLength) return 'strict-subset';
  const cidrFamily = networkNumberAndMask(cidr).bytes;
  const exceptFamily = except.family === 4 || isIPv4MappedValue(except.network) ? 4 : 16;
  if (cidrFamily !== exceptFamily) return 'other-family';
  if (!contains) {
    // Not inside: is it around the cidr instead?
    return networkContains(except, cidr) ? 'larger' : 'outside';
  }
  // Inside, but the raw prefix lengths compare one IPv4 and one IPv4-mapped IPv6 notation (/16 against /104).
  if (cidr.addressBits !== except.addressBits) return 'mixed-notation';
  return cidr.prefixLength === except.prefixLength ? 'equal' : 'larger';
}

/**
 * Why `text` is not a CIDR and what would be: a hint for the message (undefined when there is nothing better
 * to say than the general form).
 */
export function explainInvalidCidr(text: string): string | undefined {
  if (text === '') return 'the entry is empty: write a CIDR, or remove it';
  if (text.trim() !== text) {
    const trimmed = text.trim();
    return parseCidr(trimmed) ? `remove the spaces: "${trimmed}"` : 'remove the spaces';
  }
  const hash = text.indexOf('#');
  if (hash > 0) {
    const before = text.slice(0, hash);
    return parseCidr(before)
      ? `in YAML, "#" starts a comment only after a space: write "${before} ${text.slice(hash)}"`
      : `"#" starts a YAML comment only after a space`;
  }
  const slash = text.indexOf('/');
  if (slash < 0) {
    const ipv4 = parseIPv4Sloppy(text);
    if (ipv4) return `it is a single address: write "${ipv4String(ipv4.value)}/32" for it alone, or give the network's prefix length`;
    const ipv6 = parseIPv6Sloppy(text);
    if (ipv6) return `it is a single address: write "${ipv6String(ipv6.value)}/128" for it alone, or give the network's prefix length`;
    return undefined;
  }
  const addressText = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  const ipv4 = parseIPv4Sloppy(addressText);
  const ipv6 = ipv4 ? undefined : parseIPv6Sloppy(addressText);
  if (ipv4 || ipv6) {
    const max = ipv4 ? 32 : 128;
    if (/^\d+$/.test(maskText)) return `the prefix length of an ${ipv4 ? 'IPv4' : 'IPv6'} CIDR is 0 to ${max}`;
    return `the prefix length after "/" must be a number from 0 to ${max}`;
  }
  if (/^[\d.]+$/.test(addressText)) {
    const octets = addressText.split('.');
    if (octets.length !== 4) return `an IPv4 address has four numbers separated by dots, not ${octets.length}`;
    if (octets.some((octet) => octet !== '' && Number(octet) > 255)) return 'each number of an IPv4 address is 0 to 255';
  }
  if (addressText.includes('%')) return 'a CIDR cannot carry an IPv6 zone (`%eth0`)';
  if (addressText.startsWith('[')) return 'write the IPv6 address without brackets';
  return undefined;
}
