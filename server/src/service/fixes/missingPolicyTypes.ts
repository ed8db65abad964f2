import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { findingPath } from './findingPath';
import { mappingAt, offered, PolicyEditor } from './policyEditor';
import type { FixContext, FixProvider, OffsetEdit, QuickFix } from './quickFix';
import { columnOf, dashBefore, isLineStart, lineStartAt, nextLineStart } from './sourceText';
import { asEdits, insertLines, insertSeqItem, scalarLike } from './yamlEdits';
import { pairEnd, pairOf } from './yamlNodes';

type PolicyType = 'Ingress' | 'Egress';

/**
 * The policy types a policy is missing:
 * - `policytypes.rules-ignored`: the direction whose rules `policyTypes` leaves out is added to the list, in its
 *   style (a `-` line at the items' indentation, or a flow entry), `Ingress` before and `Egress` after. Not
 *   preferred: it isolates the selected pods in that direction, which the author should decide;
 * - `policytypes.egress-without-policytypes`: the API server defaults an absent `policyTypes` to
 *   `[Ingress, Egress]` when there are egress rules, so this egress-only policy also denies all ingress. Offered:
 *   `[Egress]` (ingress left alone) and `[Ingress, Egress]` (the default, written out). Neither is preferred: one
 *   opens ingress, the other keeps it closed, and only the author knows which is meant. A new `policyTypes` goes
 *   after `podSelector`, in block style at the file's indentation.
 */
export const missingPolicyTypes: FixProvider = {
  codes: ['policytypes.rules-ignored', 'policytypes.egress-without-policytypes'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    if (!path || path.length !== 2 || path[0] !== 'spec') return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const spec = editor.find(['spec'])?.node;
    if (!isMap(spec)) return [];
    if (context.finding.code === 'policytypes.rules-ignored') {
      const missing: PolicyType | undefined = path[1] === 'ingress' ? 'Ingress' : path[1] === 'egress' ? 'Egress' : undefined;
      return missing ? offered(addToList(editor, context, spec, missing)) : [];
    }
    return offered(
      setPolicyTypes(editor, context, spec, ['Egress'], 'Add policyTypes: [Egress] (leave ingress alone: the default also isolated it, denying all ingress)'),
      setPolicyTypes(editor, context, spec, ['Ingress', 'Egress'], 'Add policyTypes: [Ingress, Egress] (keep denying all ingress, written out)'),
    );
  },
};

function addToList(editor: PolicyEditor, context: FixContext, spec: YAMLMap, missing: PolicyType): QuickFix | undefined {
  const seq = pairOf(spec, 'policyTypes')?.value;
  // Two entries already (a duplicate, which its own lint reports): a third would be rejected.
  if (!isSeq(seq) || seq.items.length !== 1) return undefined;
  const present = editor.value(['spec', 'policyTypes', 0]);
  if (present !== (missing === 'Ingress' ? 'Egress' : 'Ingress')) return undefined;
  const types: PolicyType[] = ['Ingress', 'Egress'];
  return editor.propose({
    title: `Add ${missing} to policyTypes (its rules then take effect)`,
    fixes: context.finding,
    edits: asEdits(insertSeqItem(editor, seq, scalarLike(seq.items[0] as Node, missing), missing === 'Ingress' ? 'first' : 'last')),
    expect: (policy) => {
      mappingAt(policy, ['spec']).policyTypes = types;
    },
  });
}

function setPolicyTypes(editor: PolicyEditor, context: FixContext, spec: YAMLMap, types: PolicyType[], title: string): QuickFix | undefined {
  return editor.propose({
    title,
    fixes: context.finding,
    edits: asEdits(policyTypesEdit(editor, spec, types)),
    expect: (policy) => {
      mappingAt(policy, ['spec']).policyTypes = types;
    },
  });
}

/** The edit that makes `policyTypes` list `types`, when it is absent, empty (`[]`) or has no value. */
function policyTypesEdit(editor: PolicyEditor, spec: YAMLMap, types: PolicyType[]): OffsetEdit | undefined {
  const { text } = editor;
  const existing = pairOf(spec, 'policyTypes');
  if (existing) {
    const value = existing.value;
    if (isSeq(value) && value.flow && value.items.length === 0) return insertSeqItem(editor, value, types.join(', '), 'last');
    const keyStart = existing.key.range?.[0];
    const keyEnd = existing.key.range?.[1];
    if (!isScalar(value) || value.value !== null || keyStart === undefined || keyEnd === undefined || spec.flow) return undefined;
    const [start, end] = value.range!;
    // `policyTypes: null` or `~`: the value is replaced by a flow list.
    if (end > start) return { start, end, newText: `[${types.join(', ')}]` };
    // `policyTypes:` with nothing after it: block items on the next lines.
    if (!isLineStart(text, keyStart)) return undefined;
    const indent = text.slice(lineStartAt(text, keyStart), keyStart) + ' '.repeat(sequenceIndent(editor, spec));
    return insertLines(
      text,
      nextLineStart(text, keyEnd),
      types.map((type) => `${indent}- ${type}`),
    );
  }
  const podSelector = pairOf(spec, 'podSelector');
  if (spec.flow) {
    const end = podSelector && pairEnd(podSelector);
    return end === undefined ? undefined : { start: end, end, newText: `, policyTypes: [${types.join(', ')}]` };
  }
  // After podSelector's block, or, without one, before the egress rules.
  const anchor = podSelector ?? pairOf(spec, 'egress');
  const keyStart = anchor?.key.range?.[0];
  if (!anchor || keyStart === undefined || !isLineStart(text, keyStart)) return undefined;
  const keyIndent = text.slice(lineStartAt(text, keyStart), keyStart);
  const itemIndent = keyIndent + ' '.repeat(sequenceIndent(editor, spec));
  const lines = [`${keyIndent}policyTypes:`, ...types.map((type) => `${itemIndent}- ${type}`)];
  if (anchor === podSelector) {
    const end = pairEnd(podSelector);
    return end === undefined ? undefined : insertLines(text, nextLineStart(text, end), lines);
  }
  return insertLines(text, lineStartAt(text, keyStart), lines);
}

/** Inserts whole lines at a line start (or at the end of a text whose last line has no terminator). */

/**
 * How far the file indents a block sequence under its key: 2 for `ingress:` / `  - from:`, 0 for `- from:` at
 * the key's column (kubectl's style). Read from the first such sequence in the spec, 2 when there is none.
 */
function sequenceIndent(editor: PolicyEditor, spec: YAMLMap): number {
  const found = findSequenceIndent(editor.text, spec, 0);
  return found ?? 2;
}

function findSequenceIndent(text: string, node: unknown, depth: number): number | undefined {
  if (depth > 20) return undefined;
  if (isMap(node) && !node.flow) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const value = pair.value;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (isSeq(value) && !value.flow && value.items.length > 0 && keyStart !== undefined && isLineStart(text, keyStart)) {
        const first = (value.items[0] as Node | null)?.range?.[0];
        const dash = first === undefined ? undefined : dashBefore(text, first);
        if (dash !== undefined) return Math.max(0, columnOf(text, dash) - columnOf(text, keyStart));
      }
      const inner = findSequenceIndent(text, value, depth + 1);
      if (inner !== undefined) return inner;
    }
  } else if (isSeq(node) && !node.flow) {
    for (const item of node.items) {
      const inner = findSequenceIndent(text, item, depth + 1);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}
