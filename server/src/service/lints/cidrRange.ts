import { IPv4CidrRange, IPv6CidrRange, Validator } from 'ip-num';

/** A CIDR as a range of addresses, with the prefix length and the address family. */
export interface CidrRange {
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Reads a CIDR as the API server's parser does for the range it covers: host bits beyond the prefix are masked
 * off (`10.1.2.3/16` covers 10.1.0.0/16). Undefined for anything that is not a plain IPv4 or IPv6 CIDR; whether
 * it is valid is validation's concern, not the lints'.
 */
export function parseCidrRange(text: unknown): CidrRange | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  try {
    if (Validator.isValidIPv4CidrNotation(text)[0]) {
      const range = IPv4CidrRange.fromCidr(text);
      return { family: 4, prefix: Number(range.getPrefix().getValue()), first: range.getFirst().getValue(), last: range.getLast().getValue() };
    }
    if (Validator.isValidIPv6CidrNotation(text)[0]) {
      const range = IPv6CidrRange.fromCidr(text);
      return { family: 6, prefix: Number(range.getPrefix().getValue()), first: range.getFirst().getValue(), last: range.getLast().getValue() };
    }
  } catch {
    // ip-num throws on some inputs its validator lets through; such a CIDR is simply not understood.
  }
  return undefined;
}

/** True when `outer` covers every address of `inner`. */
export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}
