import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { manifestAt } from '../features/findManifestAt';
import type { FieldPath } from '../fieldPath';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { listAt, offered, PolicyEditor } from './policyEditor';
import type { OffsetEdit, QuickFix, RefactoringProvider } from './quickFix';
import { columnOf, dashBefore, hasCommentIn, isLineStart, lineBreakOf, lineStartAt } from './sourceText';
import { pairEnd } from './yamlNodes';

const SELECTORS = ['namespaceSelector', 'podSelector'];

/**
 * At a peer with both a namespaceSelector and a podSelector (AND: those pods in those namespaces), the reverse of
 * the `peers.or-instead-of-and` fix: two peers, either of which matches (OR). In block style a `-` goes at the
 * peer's dash column before the second key; in flow style the mapping is closed and a new one opened between
 * the two pairs.
 */
export const splitAndPeer: RefactoringProvider = {
  provide(file: ParsedFile, start: number, end: number, settings: ServiceSettings): QuickFix[] {
    const found = manifestAt(file, start);
    if (!found || found.manifest.kind !== 'NetworkPolicy') return [];
    const peerPath = peerPathOf(found.path);
    if (!peerPath) return [];
    const editor = new PolicyEditor(found.manifest, settings);
    const located = editor.find(peerPath);
    const peer = located?.node;
    const seq = located?.parent;
    const range = peer?.range;
    if (!isMap(peer) || !isSeq(seq) || !range) return [];
    // The selection must lie in the peer.
    if (end - found.documentOffset > range[1]) return [];
    const pairs = peer.items as Pair<Node, Node | null>[];
    const keys = pairs.map((pair) => String((pair.key as { value?: unknown } | null)?.value));
    if (
      pairs.length !== 2 ||
      !SELECTORS.every((key) => keys.includes(key)) ||
      pairs.some((pair) => pair.value === null || (pair.value as { value?: unknown }).value === null)
    )
      return [];
    const index = peerPath[peerPath.length - 1] as number;
    const listPath = peerPath.slice(0, -1);
    return offered(
      editor.propose({
        title: `Split into two peers (OR): every pod in the namespaces of namespaceSelector, or the pods of podSelector in the policy's namespace`,
        kind: 'refactor.rewrite',
        edits: splitEdit(editor, peer, !!seq.flow),
        expect: (policy) => {
          const peers = listAt(policy, listPath);
          const both = peers[index] as Record<string, unknown>;
          peers.splice(index, 1, { [keys[0]]: both[keys[0]] }, { [keys[1]]: both[keys[1]] });
        },
      }),
    );
  },
};

/** `spec.ingress[i].from[j]` or `spec.egress[i].to[j]` at the start of a path inside a policy. */
function peerPathOf(path: FieldPath): FieldPath | undefined {
  const [spec, direction, rule, field, peer] = path;
  if (spec !== 'spec' || typeof rule !== 'number' || typeof peer !== 'number') return undefined;
  if (!((direction === 'ingress' && field === 'from') || (direction === 'egress' && field === 'to'))) return undefined;
  return path.slice(0, 5);
}

function splitEdit(editor: PolicyEditor, peer: YAMLMap, inFlowList: boolean): OffsetEdit[] | undefined {
  const { text } = editor;
  const [firstPair, secondPair] = peer.items as Pair<Node, Node | null>[];
  const firstStart = firstPair.key?.range?.[0];
  const secondStart = secondPair.key?.range?.[0];
  if (firstStart === undefined || secondStart === undefined) return undefined;
  if (!peer.flow) {
    if (inFlowList || !isLineStart(text, secondStart)) return undefined;
    const dash = dashBefore(text, firstStart);
    if (dash === undefined) return undefined;
    const dashColumn = columnOf(text, dash);
    // `- ` needs the dash and a space before the key: the key must stand at least two columns right of the dash.
    if (columnOf(text, secondStart) < dashColumn + 2) return undefined;
    const at = lineStartAt(text, secondStart) + dashColumn;
    if (text[at] !== ' ') return undefined;
    return [{ start: at, end: at + 1, newText: '-' }];
  }
  const firstEnd = pairEnd(firstPair);
  if (firstEnd === undefined || !/^[ \t]*,[ \t]*$/.test(text.slice(firstEnd, secondStart)) || hasCommentIn(editor.comments, firstEnd, secondStart))
    return undefined;
  if (inFlowList) return [{ start: firstEnd, end: secondStart, newText: '}, {' }];
  const open = peer.range?.[0];
  const dash = open === undefined ? undefined : dashBefore(text, open);
  if (dash === undefined) return undefined;
  const indent = text.slice(lineStartAt(text, dash), dash);
  return [{ start: firstEnd, end: secondStart, newText: `}${lineBreakOf(text)}${indent}- {` }];
}
