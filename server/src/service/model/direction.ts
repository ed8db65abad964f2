/** The two directions of NetworkPolicy rules. */
export type Direction = 'ingress' | 'egress';

export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** The field of a rule that lists its peers: `from` on ingress rules, `to` on egress rules. */
export function peersField(direction: Direction): 'from' | 'to' {
  return direction === 'ingress' ? 'from' : 'to';
}

/** The policy type that makes a direction's rules count: `Ingress` or `Egress`. */
export function policyTypeOf(direction: Direction): 'Ingress' | 'Egress' {
  return direction === 'ingress' ? 'Ingress' : 'Egress';
}
