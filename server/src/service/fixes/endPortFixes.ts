import { isMap, type Scalar } from 'yaml';
import type { FieldPath } from '../fieldPath';
import { findingPath } from './findingPath';
import { deleteDataAt, offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { removePair } from './yamlEdits';
import { asScalar, pairOf } from './yamlNodes';

/**
 * The fixes of an `endPort` that does not make a range with `port`:
 * - `ports.endport-below-port` (`port: 90`, `endPort: 80`): swap the two values (preferred: the range written
 *   backwards), or remove `endPort`;
 * - `ports.endport-with-named-port`, `ports.endport-without-port`: remove `endPort` (a range needs a numeric
 *   `port`; the unquoting of a quoted number is `unquotePort`'s);
 * - `ports.endport-equals-port` (lint): remove `endPort`, which adds nothing to the single port (preferred).
 * `endPort` goes with its whole line; its comment, if any, stays.
 */
export const endPortFixes: FixProvider = {
  codes: ['ports.endport-below-port', 'ports.endport-with-named-port', 'ports.endport-without-port', 'ports.endport-equals-port'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    if (!path || path[path.length - 1] !== 'endPort') return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const located = editor.find(path);
    const map = located?.parent;
    if (!located?.pair || !isMap(map)) return [];
    const code = context.finding.code;
    const endPort = asScalar(located.node);
    const port = asScalar(pairOf(map, 'port')?.value ?? undefined);
    const fixes: (QuickFix | undefined)[] = [];
    if (code === 'ports.endport-below-port' && endPort && port) fixes.push(swap(editor, context, path, port, endPort));
    const portNumber = String(editor.value([...path.slice(0, -1), 'port']));
    const title =
      code === 'ports.endport-equals-port'
        ? `Remove endPort (the range is the single port ${portNumber})`
        : code === 'ports.endport-below-port'
          ? `Remove endPort (keep only port ${portNumber})`
          : 'Remove endPort (a range needs a numeric port)';
    fixes.push(
      editor.propose({
        title,
        fixes: context.finding,
        isPreferred: code === 'ports.endport-equals-port',
        edits: removePair(editor, map, located.pair),
        expect: (policy) => deleteDataAt(policy, path),
      }),
    );
    return offered(...fixes);
  },
};

/** `port: 90`, `endPort: 80` becomes `port: 80`, `endPort: 90`: each value's text moves to the other's place. */
function swap(editor: PolicyEditor, context: FixContext, endPortPath: FieldPath, port: Scalar, endPort: Scalar): QuickFix | undefined {
  const low = endPort.value;
  const high = port.value;
  if (port.type !== 'PLAIN' || endPort.type !== 'PLAIN' || typeof low !== 'number' || typeof high !== 'number') return undefined;
  // Swapped, both must be valid ports, or the swap trades this error for another.
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high > 65535) return undefined;
  const [portStart, portEnd] = port.range!;
  const [endStart, endEnd] = endPort.range!;
  const portPath = [...endPortPath.slice(0, -1), 'port'];
  return editor.propose({
    title: `Swap port and endPort (ports ${low} to ${high})`,
    fixes: context.finding,
    isPreferred: true,
    edits: [
      { start: portStart, end: portEnd, newText: editor.text.slice(endStart, endEnd) },
      { start: endStart, end: endEnd, newText: editor.text.slice(portStart, portEnd) },
    ],
    expect: (policy) => {
      setDataAt(policy, portPath, low);
      setDataAt(policy, endPortPath, high);
    },
  });
}
