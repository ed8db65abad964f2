import type { FieldPath } from '../fieldPath';
import { peersField, policyTypeOf, type Direction } from '../model/direction';
import { isRecord, type DocumentManifest } from '../model/manifest';

/**
 * Safe reads of a NetworkPolicy's plain data for the lints. The data may hold anything (the structural check
 * reports wrong types); these helpers return only what has the right shape, so a lint never throws.
 */

export { DIRECTIONS, peersField, policyTypeOf, type Direction } from '../model/direction';

/** `spec`, when it is a mapping. */
export function specOf(manifest: DocumentManifest): Record<string, unknown> | undefined {
  const spec = isRecord(manifest.value) ? manifest.value.spec : undefined;
  return isRecord(spec) ? spec : undefined;
}

/** A rule of a direction, with its index in the list. */
export interface RuleAt {
  readonly rule: Record<string, unknown>;
  readonly index: number;
  /** `spec.ingress[i]` or `spec.egress[i]`. */
  readonly path: FieldPath;
}

/** The rules of a direction that are mappings (other items are left to the structural check). */
export function rulesOf(spec: Record<string, unknown>, direction: Direction): RuleAt[] {
  const rules = spec[direction];
  if (!Array.isArray(rules)) return [];
  const out: RuleAt[] = [];
  rules.forEach((rule, index) => {
    if (isRecord(rule)) out.push({ rule, index, path: ['spec', direction, index] });
  });
  return out;
}

/** True when a direction's list of rules has at least one item. */
export function hasRules(spec: Record<string, unknown>, direction: Direction): boolean {
  const rules = spec[direction];
  return Array.isArray(rules) && rules.length > 0;
}

/**
 * Whether a direction's rules take effect. When `policyTypes` is absent or empty the API server defaults it
 * (SetDefaults_NetworkPolicy): `Ingress` always, plus `Egress` when there are egress rules, so every rule written
 * counts. When it is given, only the directions it names count. When it is invalid (a value other than Ingress or
 * Egress, or more than two entries) the API server rejects the policy; validation reports that, and the lints
 * treat both directions as in effect rather than guess.
 */
export function isDirectionInEffect(spec: Record<string, unknown>, direction: Direction): boolean {
  const types = validPolicyTypes(spec);
  return types === undefined || types.length === 0 || types.includes(policyTypeOf(direction));
}

/**
 * `policyTypes` when the API server accepts it as written: a list of at most two entries, each `Ingress` or
 * `Egress` (duplicates included). Undefined when absent, null or invalid.
 */
export function validPolicyTypes(spec: Record<string, unknown>): readonly ('Ingress' | 'Egress')[] | undefined {
  const types = spec.policyTypes;
  if (!Array.isArray(types) || types.length > 2) return undefined;
  if (!types.every((type) => type === 'Ingress' || type === 'Egress')) return undefined;
  return types as ('Ingress' | 'Egress')[];
}

/** The peers of a rule that are mappings, with their indexes, or undefined when the rule has no peer list. */
export function peersOf(rule: Record<string, unknown>, direction: Direction): { peer: Record<string, unknown>; index: number }[] | undefined {
  const peers = rule[peersField(direction)];
  if (!Array.isArray(peers)) return undefined;
  const out: { peer: Record<string, unknown>; index: number }[] = [];
  peers.forEach((peer, index) => {
    if (isRecord(peer)) out.push({ peer, index });
  });
  return out;
}

/**
 * True when a rule matches every peer: its peer list is absent, null or empty. ("If this field is empty or
 * missing, this rule matches all sources" / "all destinations", NetworkPolicyIngressRule.from, EgressRule.to.)
 */
export function matchesAllPeers(rule: Record<string, unknown>, direction: Direction): boolean {
  const peers = rule[peersField(direction)];
  return peers === undefined || peers === null || (Array.isArray(peers) && peers.length === 0);
}

/** True when a rule matches every port: `ports` is absent, null or empty. */
export function matchesAllPorts(rule: Record<string, unknown>): boolean {
  const ports = rule.ports;
  return ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0);
}

/** True when a list field holds at least one item. */
export function isNonEmptyList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** The keys of a mapping whose values are set: a null value decodes as an absent field. */
export function setKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
}

/**
 * True when a label selector selects everything: `{}`, or no `matchLabels` entries and no `matchExpressions`.
 * ("An empty label selector matches all objects.")
 */
export function isEmptySelector(selector: unknown): boolean {
  if (!isRecord(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  const noLabels = labels === undefined || labels === null || (isRecord(labels) && Object.keys(labels).length === 0);
  const noExpressions = expressions === undefined || expressions === null || (Array.isArray(expressions) && expressions.length === 0);
  return noLabels && noExpressions;
}

/**
 * Deep equality of plain data (what YAML decodes to): mapping keys in any order, lists in order. Gives up (not
 * equal) beyond a depth no real policy reaches, so a self-referencing alias cannot recurse forever.
 */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 64) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index], depth + 1));
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    // YAML 1.1 timestamps and binaries decode to Date and Uint8Array: compare those by their text.
    if (!isPlainObject(a) || !isPlainObject(b)) return !isPlainObject(a) && !isPlainObject(b) && String(a) === String(b);
    const keysA = setKeys(a);
    const keysB = setKeys(b);
    return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key], depth + 1));
  }
  return false;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A peer's `ipBlock` when it is the peer's only field. A peer with an ipBlock and a selector is rejected by the
 * API server ("may not specify both ipBlock and another peer"), which validation reports.
 */
export function ipBlockOf(peer: unknown): Record<string, unknown> | undefined {
  if (!isRecord(peer) || !isRecord(peer.ipBlock)) return undefined;
  return setKeys(peer).length === 1 ? peer.ipBlock : undefined;
}
