import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { findingPath } from './findingPath';
import { listAt, offered, PolicyEditor } from './policyEditor';
import type { FixContext, FixProvider, OffsetEdit, QuickFix } from './quickFix';
import { columnOf, dashBefore, hasCommentIn } from './sourceText';

/**
 * `peers.or-instead-of-and`: a namespaceSelector peer next to a podSelector peer, merged into one peer that must
 * match both (AND). In block style the stray `-` before the second peer becomes a space, so its keys, at the same
 * column, join the first peer's mapping: one character changes. In flow style `}, {` between the two mappings
 * becomes `, `. Any other layout (keys at other columns, a flow peer next to a block one, comments in the way)
 * gets no fix: the edit would not be that small, or not exact.
 */
export const mergeOrPeers: FixProvider = {
  codes: ['peers.or-instead-of-and'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    const index = path?.[path.length - 1];
    if (!path || typeof index !== 'number' || index < 1) return [];
    const listPath = path.slice(0, -1);
    const editor = new PolicyEditor(context.policy, context.settings);
    const seq = editor.find(listPath)?.node;
    if (!isSeq(seq)) return [];
    const first = seq.items[index - 1];
    const second = seq.items[index];
    if (!isMap(first) || !isMap(second)) return [];
    return offered(
      editor.propose({
        title: 'Merge into one peer: the pods of podSelector in the namespaces of namespaceSelector (AND)',
        fixes: context.finding,
        edits: mergeEdit(editor, first, second, !!seq.flow),
        expect: (policy) => {
          const peers = listAt(policy, listPath);
          peers.splice(index - 1, 2, { ...(peers[index - 1] as object), ...(peers[index] as object) });
        },
      }),
    );
  },
};

function mergeEdit(editor: PolicyEditor, first: YAMLMap, second: YAMLMap, inFlowList: boolean): OffsetEdit[] | undefined {
  const { text } = editor;
  const firstStart = (first as Node).range?.[0];
  const secondStart = (second as Node).range?.[0];
  if (firstStart === undefined || secondStart === undefined) return undefined;
  if (!first.flow && !second.flow && !inFlowList) {
    const dash = dashBefore(text, secondStart);
    // The second peer's keys must already stand where the first peer's keys are.
    if (dash === undefined || columnOf(text, secondStart) !== columnOf(text, firstStart)) return undefined;
    return [{ start: dash, end: dash + 1, newText: ' ' }];
  }
  if (first.flow && second.flow) {
    const firstEnd = first.range?.[1];
    if (firstEnd === undefined || text[firstEnd - 1] !== '}' || text[secondStart] !== '{') return undefined;
    const gap = text.slice(firstEnd, secondStart);
    const separator = inFlowList ? /^\s*,\s*$/ : /^[ \t]*\r?\n[ \t]*-[ \t]+$/;
    if (!separator.test(gap) || hasCommentIn(editor.comments, firstEnd - 1, secondStart + 1)) return undefined;
    return [{ start: firstEnd - 1, end: secondStart + 1, newText: ', ' }];
  }
  return undefined;
}
