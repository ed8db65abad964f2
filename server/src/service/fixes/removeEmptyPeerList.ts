import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { findingPath } from './findingPath';
import { deleteDataAt, offered, PolicyEditor } from './policyEditor';
import type { FixContext, FixProvider, OffsetEdit, QuickFix } from './quickFix';
import { dashBefore, isLineStart, lineEndAt } from './sourceText';
import { removePair, type SourceView } from './yamlEdits';
import { pairEnd } from './yamlNodes';

/**
 * `peers.empty-list-allows-all`: `from: []`, or `from:` with no value (null), matches every source, exactly as no
 * `from` does. The fix removes the key, which says what the rule does. Not preferred: when "no one" was meant, the
 * rule itself should go, and when peers were forgotten, they should be written; only the user knows which.
 */
export const removeEmptyPeerList: FixProvider = {
  codes: ['peers.empty-list-allows-all'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    const field = path?.[path.length - 1];
    if (!path || (field !== 'from' && field !== 'to')) return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const value = editor.value(path);
    if (value !== null && !(Array.isArray(value) && value.length === 0)) return [];
    const located = editor.find(path);
    if (!located?.pair || !isMap(located.parent)) return [];
    const everyone = field === 'from' ? 'every source' : 'every destination';
    return offered(
      editor.propose({
        title: `Remove ${value === null ? `\`${field}:\` with no peers` : `\`${field}: []\``} (it matches ${everyone}, like no \`${field}\`)`,
        fixes: context.finding,
        edits: removePair(editor, located.parent, located.pair) ?? removeAfterDash(editor, located.parent, located.pair),
        expect: (policy) => deleteDataAt(policy, path),
      }),
    );
  },
};

/**
 * The first pair of a rule written on the item's `-` line, when a comment follows it there or stands before the
 * next key (`- from: # TODO`, `- from:` then `# peers to come`), which `removePair` leaves alone rather than move
 * the next key past the comment: the pair's text goes, and the `-` stays with whatever followed the pair on its
 * line (`- # TODO`). The rest of the rule stays where it is.
 */
function removeAfterDash(source: SourceView, map: YAMLMap, pair: Pair<Node, Node | null>): OffsetEdit[] | undefined {
  if (map.flow || map.items[0] !== pair || map.items.length < 2) return undefined;
  const { text } = source;
  const keyStart = pair.key?.range?.[0];
  const end = pairEnd(pair);
  if (keyStart === undefined || end === undefined || isLineStart(text, keyStart) || dashBefore(text, keyStart) === undefined) return undefined;
  const rest = text.slice(end, lineEndAt(text, end));
  if (!/^[ \t]*(?:#.*)?$/.test(rest)) return undefined;
  // Up to the comment (keeping one space before it), or to the line's end with the spaces before the key.
  const comment = rest.indexOf('#');
  if (comment !== -1) return [{ start: keyStart, end: end + comment, newText: '' }];
  let start = keyStart;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return [{ start, end: end + rest.length, newText: '' }];
}
