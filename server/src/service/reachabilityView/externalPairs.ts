/**
 * Traffic between two external address ranges (`ipBlock` endpoints on both sides) stays outside the cluster: no
 * NetworkPolicy governs it, so it has no verdict to show. Browser-safe: imports nothing.
 */
export function isExternalPair(from: { readonly kind: string }, to: { readonly kind: string }): boolean {
  return from.kind === 'external' && to.kind === 'external';
}
