import { isRecord, type Manifest } from '../model/manifest';
import { hasTooManyRules, MAX_POLICY_RULES } from '../model/policySize';
import { locate } from '../parse/locate';
import type { ParsedFile } from '../parse/parsedFile';
import { manifestsOfFile } from '../workspace';

export type SymbolKindName = 'policy' | 'direction' | 'rule' | 'object';

/** An outline entry, at offsets in the file. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKindName;
  readonly start: number;
  readonly end: number;
  /** The part to highlight when the symbol is selected (the name). */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: readonly OutlineSymbol[];
}

/** The outline of a file: each NetworkPolicy with its ingress and egress rules, and the other objects by kind. */
export function getDocumentSymbols(file: ParsedFile): OutlineSymbol[] {
  return manifestsOfFile(file).map((manifest) => (manifest.kind === 'NetworkPolicy' ? policySymbol(manifest) : objectSymbol(manifest)));
}

function policySymbol(manifest: Manifest): OutlineSymbol {
  const spec = isRecord(manifest.value.spec) ? manifest.value.spec : {};
  const children: OutlineSymbol[] = [];
  // A policy over the rule limit (policy.too-many-rules) lists its directions without their rules.
  const listRules = !hasTooManyRules(manifest.value);
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    const ruleSymbols = (listRules ? rules : []).map((rule, index) => {
      const span = place(manifest, ['spec', direction, index]);
      return {
        name: `rule ${index + 1}`,
        detail: describeRuleBriefly(rule, direction),
        kind: 'rule' as const,
        ...span,
        selectionStart: span.start,
        selectionEnd: span.end,
        children: [],
      };
    });
    const span = place(manifest, ['spec', direction]);
    const key = place(manifest, ['spec', direction], true);
    children.push({
      name: direction,
      detail: `${rules.length} rule${rules.length === 1 ? '' : 's'}${listRules ? '' : ` (not listed: the policy has more than ${MAX_POLICY_RULES})`}`,
      kind: 'direction',
      start: key.start,
      end: span.end,
      selectionStart: key.start,
      selectionEnd: key.end,
      children: ruleSymbols,
    });
  }
  return { ...header(manifest), kind: 'policy', children };
}

function objectSymbol(manifest: Manifest): OutlineSymbol {
  return { ...header(manifest), kind: 'object', children: [] };
}

function header(manifest: Manifest): Omit<OutlineSymbol, 'kind' | 'children'> {
  const whole = place(manifest, []);
  const name = place(manifest, ['metadata', 'name']);
  const namespace = manifest.namespace ? `${manifest.namespace}/` : '';
  return {
    name: `${namespace}${manifest.name ?? '(no name)'}`,
    detail: manifest.kind ?? '',
    start: whole.start,
    end: whole.end,
    selectionStart: name.start,
    selectionEnd: name.end,
  };
}

function describeRuleBriefly(rule: unknown, direction: 'ingress' | 'egress'): string {
  if (!isRecord(rule)) return '';
  const peers = rule[direction === 'ingress' ? 'from' : 'to'];
  const ports = rule.ports;
  const peerText = Array.isArray(peers) && peers.length > 0 ? `${peers.length} peer${peers.length === 1 ? '' : 's'}` : 'all peers';
  const portText = Array.isArray(ports) && ports.length > 0 ? `${ports.length} port entr${ports.length === 1 ? 'y' : 'ies'}` : 'all ports';
  return `${peerText}, ${portText}`;
}

function place(manifest: Manifest, path: readonly (string | number)[], onKey = false): { start: number; end: number } {
  const span = locate(manifest.document, [...manifest.basePath, ...path], onKey);
  return { start: span.start + manifest.documentOffset, end: span.end + manifest.documentOffset };
}
