import { canonicalString, hasHostBits, networkString, parseCidr, singleAddressString, type ParsedCidr } from '../validation/cidr';
import { findingPath } from './findingPath';
import { offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { asEdits, replaceScalarValue } from './yamlEdits';
import { asScalar } from './yamlNodes';

interface Candidate {
  readonly value: string;
  readonly title: string;
  readonly isPreferred: boolean;
}

/**
 * `ipblock.cidr-host-bits`, `ipblock.cidr-non-standard`, `ipblock.cidr-ipv6-not-canonical` (on `cidr` and on
 * `except` entries): writes the value the way the API server wants it, with validation's own readings of it.
 * - bits beyond the prefix (`10.0.0.1/24`): the network `10.0.0.0/24` (preferred: what the API server has always
 *   made of it) or the single address `10.0.0.1/32`;
 * - leading zeros or IPv4-mapped IPv6 (`010.0.0.0/8`, `::ffff:10.0.0.0/104`): the network as the API server reads
 *   it (`10.0.0.0/8`), or both readings when it also has host bits. An IPv4-mapped value with a prefix shorter than
 *   /96 has no IPv4 equivalent: nothing is offered;
 * - an IPv6 value not in RFC 5952 form (`2001:DB8:0::/64`): the canonical `2001:db8::/64`.
 */
export const canonicalCidr: FixProvider = {
  codes: ['ipblock.cidr-host-bits', 'ipblock.cidr-non-standard', 'ipblock.cidr-ipv6-not-canonical'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    if (!path || path.length === 0) return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const scalar = asScalar(editor.find(path)?.node);
    if (!scalar || typeof scalar.value !== 'string') return [];
    const cidr = parseCidr(scalar.value);
    if (!cidr) return [];
    return offered(
      ...candidatesFor(context.finding.code, cidr)
        .filter((candidate) => candidate.value !== scalar.value)
        .map((candidate) =>
          editor.propose({
            title: candidate.title,
            fixes: context.finding,
            isPreferred: candidate.isPreferred,
            edits: asEdits(replaceScalarValue(editor, scalar, candidate.value)),
            expect: (policy) => setDataAt(policy, path, candidate.value),
          }),
        ),
    );
  },
};

function candidatesFor(code: string, cidr: ParsedCidr): Candidate[] {
  if (code === 'ipblock.cidr-ipv6-not-canonical') {
    if (cidr.family !== 6 || cidr.hasLeadingZeros || cidr.isIPv4Mapped) return [];
    const value = canonicalString(cidr);
    return [{ value, title: `Write ${value} (the RFC 5952 form of the same network)`, isPreferred: true }];
  }
  // `::ffff:10.0.0.0/64` reaches beyond the IPv4-mapped range: no IPv4 CIDR means the same.
  if (cidr.isIPv4Mapped && cidr.prefixLength < 96) return [];
  if (hasHostBits(cidr)) {
    const network = networkString(cidr);
    const single = singleAddressString(cidr);
    return [
      { value: network, title: `Write the network ${network} (what the API server reads)`, isPreferred: true },
      { value: single, title: `Write the single address ${single}`, isPreferred: false },
    ];
  }
  if (code !== 'ipblock.cidr-non-standard') return [];
  const value = networkString(cidr);
  return [{ value, title: `Write ${value} (the standard form the API server reads)`, isPreferred: true }];
}
