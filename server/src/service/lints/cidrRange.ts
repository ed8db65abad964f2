import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from 'ip-num';
import { boundedMemo } from '../boundedMemo';

/** A CIDR as a range of addresses, with the prefix length and the address family. */
export interface CidrRange {
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
  /**
   * False when the address has bits set beyond the prefix (`10.1.2.3/16`). Validation reports such a CIDR (an
   * error from Kubernetes 1.36, a warning before); lints leave it alone rather than report the same text twice.
   */
  readonly canonical: boolean;
}

/**
 * Reads a CIDR as the API server's parser does for the range it covers: host bits beyond the prefix are masked
 * off (`10.1.2.3/16` covers 10.1.0.0/16). Undefined for anything that is not a plain IPv4 or IPv6 CIDR; whether
 * it is valid is validation's concern, not the lints'.
 */
export function parseCidrRange(text: unknown): CidrRange | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  return parseCidrText(text);
}

const parseCidrText = boundedMemo((text: string): CidrRange | undefined => {
  try {
    if (Validator.isValidIPv4CidrNotation(text)[0]) {
      const range = IPv4CidrRange.fromCidr(text);
      const first = range.getFirst().getValue();
      const canonical = IPv4.fromString(text.split('/')[0]).getValue() === first;
      return { family: 4, prefix: Number(range.getPrefix().getValue()), first, last: range.getLast().getValue(), canonical };
    }
    if (Validator.isValidIPv6CidrNotation(text)[0]) {
      const range = IPv6CidrRange.fromCidr(text);
      const first = range.getFirst().getValue();
      const canonical = IPv6.fromString(text.split('/')[0]).getValue() === first;
      return { family: 6, prefix: Number(range.getPrefix().getValue()), first, last: range.getLast().getValue(), canonical };
    }
  } catch {
    // ip-num throws on some inputs its validator lets through; such a CIDR is simply not understood.
  }
  return undefined;
});

/** True when `outer` covers every address of `inner`. */
export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** A CIDR the lints may judge: parsable and canonical (anything else is validation's to report). */
export function parseCanonicalCidr(text: unknown): CidrRange | undefined {
  const range = parseCidrRange(text);
  return range?.canonical ? range : undefined;
}
