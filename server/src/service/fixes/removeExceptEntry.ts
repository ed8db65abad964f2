import { isMap, isSeq } from 'yaml';
import { findingPath } from './findingPath';
import { deleteDataAt, offered, PolicyEditor } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { removePair, removeSeqItem } from './yamlEdits';

/**
 * `ipblock.except-not-in-cidr` (an entry the API server rejects: not a strict subset of `cidr`) and
 * `ipblock.except-overlap` (an entry another one already covers): removes the entry. A block item goes with its
 * line(s), a flow item with its comma; the only entry takes the `except` key with it.
 */
export const removeExceptEntry: FixProvider = {
  codes: ['ipblock.except-not-in-cidr', 'ipblock.except-overlap'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    const index = path?.[path.length - 1];
    if (!path || typeof index !== 'number' || path[path.length - 2] !== 'except') return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const located = editor.find(path);
    const seq = located?.parent;
    if (!isSeq(seq)) return [];
    const entry = String(editor.value(path));
    const reason = context.finding.code === 'ipblock.except-overlap' ? 'another entry covers it' : 'it is not strictly inside cidr';
    if (seq.items.length > 1) {
      return offered(
        editor.propose({
          title: `Remove the except entry ${entry} (${reason})`,
          fixes: context.finding,
          edits: removeSeqItem(editor, seq, index),
          expect: (policy) => deleteDataAt(policy, path),
        }),
      );
    }
    const exceptPath = path.slice(0, -1);
    const except = editor.find(exceptPath);
    if (!except?.pair || !isMap(except.parent)) return [];
    return offered(
      editor.propose({
        title: `Remove except: its only entry ${entry} (${reason})`,
        fixes: context.finding,
        edits: removePair(editor, except.parent, except.pair),
        expect: (policy) => deleteDataAt(policy, exceptPath),
      }),
    );
  },
};
