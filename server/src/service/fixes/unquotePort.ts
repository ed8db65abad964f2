import { isMap } from 'yaml';
import { findingPath } from './findingPath';
import { offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { asScalar } from './yamlNodes';

/**
 * `ports.port-name-invalid` on a quoted number (`port: "80"`), and `ports.endport-with-named-port` when that is
 * why `endPort` is refused: `port` is an IntOrString, and a YAML string is a port *name*, which needs a letter.
 * The fix writes the number without quotes. A number outside 1 to 65535 is not offered: it would only trade this
 * error for another.
 */
export const unquotePort: FixProvider = {
  codes: ['ports.port-name-invalid', 'ports.endport-with-named-port'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    if (!path || path.length === 0) return [];
    const portPath = context.finding.code === 'ports.port-name-invalid' ? path : [...path.slice(0, -1), 'port'];
    if (portPath[portPath.length - 1] !== 'port') return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const located = editor.find(portPath);
    const scalar = asScalar(located?.node);
    if (!scalar || !isMap(located?.parent) || (scalar.type !== 'QUOTE_DOUBLE' && scalar.type !== 'QUOTE_SINGLE')) return [];
    if (typeof scalar.value !== 'string' || !/^\s*\d+\s*$/.test(scalar.value)) return [];
    const port = Number(scalar.value.trim());
    if (!Number.isSafeInteger(port) || port < 1 || port > 65535) return [];
    const [start, end] = scalar.range!;
    return offered(
      editor.propose({
        title: `Write port ${port} without quotes (quoted, it is a port name)`,
        fixes: context.finding,
        isPreferred: true,
        edits: [{ start, end, newText: String(port) }],
        expect: (policy) => setDataAt(policy, portPath, port),
      }),
    );
  },
};
