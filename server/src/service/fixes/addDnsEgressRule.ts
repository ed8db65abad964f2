import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { listAt, mappingAt, offered, PolicyEditor } from './policyEditor';
import type { FixContext, FixProvider, OffsetEdit, QuickFix } from './quickFix';
import { columnOf, dashBefore, isLineStart, lineBreakOf, nextLineStart } from './sourceText';
import { asEdits, insertLines, insertSeqItem } from './yamlEdits';
import { pairEnd, pairOf } from './yamlNodes';

/** The rule the fix adds: CoreDNS in kube-system, on UDP and TCP 53 (the ports of the kube-dns Service). */
const DNS_RULE = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

const TITLE = 'Add an egress rule allowing DNS to kube-dns in kube-system (UDP and TCP 53)';

/**
 * `dns.missing-egress`, `dns.udp-only`, `dns.tcp-only`: appends to the policy's `egress` a rule allowing UDP and
 * TCP 53 to the CoreDNS pods (`k8s-app: kube-dns` in the namespace named kube-system), which gives DNS to every
 * pod the policy selects. Written in the file's style: a block item at the other rules' indentation (the file's
 * mapping and sequence indentation inside it), or a flow entry in a flow list; without `egress`, a new `egress:`
 * at the end of `spec`.
 */
export const addDnsEgressRule: FixProvider = {
  codes: ['dns.missing-egress', 'dns.udp-only', 'dns.tcp-only'],
  provide(context: FixContext): QuickFix[] {
    const editor = new PolicyEditor(context.policy, context.settings);
    const spec = editor.find(['spec'])?.node;
    if (!isMap(spec)) return [];
    return offered(
      editor.propose({
        title: TITLE,
        fixes: context.finding,
        isPreferred: true,
        edits: ruleEdits(editor, spec),
        expect: (policy) => {
          const specData = mappingAt(policy, ['spec']);
          if (specData.egress === undefined || specData.egress === null) specData.egress = [structuredClone(DNS_RULE)];
          else listAt(policy, ['spec', 'egress']).push(structuredClone(DNS_RULE));
        },
      }),
    );
  },
};

function ruleEdits(editor: PolicyEditor, spec: YAMLMap): OffsetEdit[] | undefined {
  const { text } = editor;
  const style = blockStyle(text, editor.find([])?.node ?? spec);
  const egress = pairOf(spec, 'egress');
  if (!egress) return asEdits(newEgressPair(editor, spec, style));
  const rules = egress.value;
  if (isSeq(rules)) {
    if (rules.flow) return asEdits(insertSeqItem(editor, rules, flowText(DNS_RULE), 'last'));
    const last = rules.items[rules.items.length - 1] as Node | null;
    const start = last?.range?.[0];
    const dash = start === undefined ? undefined : dashBefore(text, start);
    if (start === undefined || dash === undefined) return undefined;
    // The new item's content starts where the last one's does; its lines below are indented from there.
    const lines = blockLines(DNS_RULE, columnOf(text, start), { ...style, dashGap: text.slice(dash + 1, start) });
    const eol = lineBreakOf(text);
    return asEdits(insertSeqItem(editor, rules, [lines[0].trimStart(), ...lines.slice(1)].join(eol), 'last'));
  }
  // `egress:` with no value, `egress: null` or `egress: ~`: no rules yet.
  if (isScalar(rules) && rules.value === null && !spec.flow) {
    const keyStart = egress.key.range?.[0];
    const keyEnd = egress.key.range?.[1];
    const [start, end] = rules.range ?? [keyEnd ?? 0, keyEnd ?? 0];
    if (keyStart === undefined || keyEnd === undefined || !isLineStart(text, keyStart)) return undefined;
    if (end > start) return [{ start, end, newText: `[${flowText(DNS_RULE)}]` }];
    const lines = blockLines([DNS_RULE], columnOf(text, keyStart) + style.seqIndent, style);
    return [insertLines(text, nextLineStart(text, keyEnd), lines)];
  }
  return undefined;
}

/** `egress:` with the rule, after the last pair of `spec` (block), or `, egress: [...]` (flow). */
function newEgressPair(editor: PolicyEditor, spec: YAMLMap, style: BlockStyle): OffsetEdit | undefined {
  const { text } = editor;
  const pairs = spec.items.filter(isPair);
  const last = pairs[pairs.length - 1];
  if (!last) return undefined;
  const end = pairEnd(last as never);
  if (end === undefined) return undefined;
  if (spec.flow) return { start: end, end, newText: `, egress: [${flowText(DNS_RULE)}]` };
  const keyStart = (pairs[0].key as Node | null)?.range?.[0];
  if (keyStart === undefined || !isLineStart(text, keyStart)) return undefined;
  const column = columnOf(text, keyStart);
  return insertLines(text, nextLineStart(text, end), blockLines({ egress: [DNS_RULE] }, column, style));
}

/** How the file writes block collections. */
interface BlockStyle {
  /** Columns a mapping is indented under its key (`spec:` / `  podSelector:`). */
  readonly mapIndent: number;
  /** Columns a sequence's `-` is indented under its key: 0 (`egress:` / `- to:`) or more. */
  readonly seqIndent: number;
  /** What stands between a `-` and its item (usually one space). */
  readonly dashGap: string;
}

/** The style of the first nested block mapping and block sequence found in the policy, else 2, 2 and one space. */
function blockStyle(text: string, policy: unknown): BlockStyle {
  const found: { mapIndent?: number; seqIndent?: number; dashGap?: string } = {};
  const visit = (node: unknown, depth: number): void => {
    if (depth > 30 || (found.mapIndent !== undefined && found.seqIndent !== undefined)) return;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyStart = (pair.key as Node | null)?.range?.[0];
        const value = pair.value as Node | null;
        if (keyStart !== undefined && isLineStart(text, keyStart)) {
          if (isMap(value) && !value.flow && found.mapIndent === undefined) {
            const childKey = (value.items.find(isPair)?.key as Node | null)?.range?.[0];
            if (childKey !== undefined && isLineStart(text, childKey) && columnOf(text, childKey) > columnOf(text, keyStart))
              found.mapIndent = columnOf(text, childKey) - columnOf(text, keyStart);
          }
          if (isSeq(value) && !value.flow && found.seqIndent === undefined) {
            const first = (value.items[0] as Node | null)?.range?.[0];
            const dash = first === undefined ? undefined : dashBefore(text, first);
            if (first !== undefined && dash !== undefined) {
              found.seqIndent = Math.max(0, columnOf(text, dash) - columnOf(text, keyStart));
              found.dashGap = text.slice(dash + 1, first);
            }
          }
        }
        visit(value, depth + 1);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) visit(item, depth + 1);
    }
  };
  visit(policy, 0);
  return { mapIndent: found.mapIndent ?? 2, seqIndent: found.seqIndent ?? 2, dashGap: found.dashGap ?? ' ' };
}

type Plain = string | number | readonly Plain[] | { readonly [key: string]: Plain };

/**
 * Block YAML lines for plain data (mappings, lists of mappings, plain scalars that need no quotes), keys at
 * `column`; a list's items start with `-` at `column` (the caller puts them under their key).
 */
function blockLines(value: Plain, column: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(column);
  if (Array.isArray(value)) {
    const lines: string[] = [];
    for (const item of value as readonly Plain[]) {
      const itemLines = blockLines(item, column + 1 + style.dashGap.length, style);
      lines.push(`${pad}-${style.dashGap}${itemLines[0].trimStart()}`, ...itemLines.slice(1));
    }
    return lines;
  }
  if (typeof value !== 'object') return [`${pad}${value}`];
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, Plain>)) {
    if (typeof item !== 'object') lines.push(`${pad}${key}: ${item}`);
    else if (Array.isArray(item)) lines.push(`${pad}${key}:`, ...blockLines(item, column + style.seqIndent, style));
    else lines.push(`${pad}${key}:`, ...blockLines(item, column + style.mapIndent, style));
  }
  return lines;
}

/** Flow YAML for plain data: `{to: [{...}], ports: [{protocol: UDP, port: 53}, ...]}`. */
function flowText(value: Plain): string {
  if (Array.isArray(value)) return `[${(value as readonly Plain[]).map(flowText).join(', ')}]`;
  if (typeof value !== 'object') return String(value);
  return `{${Object.entries(value as Record<string, Plain>)
    .map(([key, item]) => `${key}: ${flowText(item)}`)
    .join(', ')}}`;
}

/** Inserts whole lines at a line start (or after the last line, when it has no line break). */
