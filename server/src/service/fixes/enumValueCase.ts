import { findingPath } from './findingPath';
import { offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { asEdits, replaceScalarValue } from './yamlEdits';
import { asScalar } from './yamlNodes';

/** The values the API server accepts, by the code validation reports a wrong one with. */
const ACCEPTED: Readonly<Record<string, readonly string[]>> = {
  'ports.protocol-unsupported': ['TCP', 'UDP', 'SCTP'],
  'policytypes.unsupported': ['Ingress', 'Egress'],
};

/**
 * `ports.protocol-unsupported`, `policytypes.unsupported`: a value that differs from an accepted one only in case
 * (`tcp`, `Tcp`, `ingress`). The API server compares these enums exactly, so `tcp` is rejected, not read as `TCP`.
 * Other misspellings are left to the message's suggestion: a guess is not a fix.
 */
export const enumValueCase: FixProvider = {
  codes: Object.keys(ACCEPTED),
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    const accepted = ACCEPTED[context.finding.code];
    if (!path || !accepted) return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const scalar = asScalar(editor.find(path)?.node);
    if (!scalar || typeof scalar.value !== 'string') return [];
    const written = scalar.value;
    const value = accepted.find((candidate) => candidate.toLowerCase() === written.toLowerCase());
    if (!value) return [];
    return offered(
      editor.propose({
        title: `Change ${written} to ${value} (values are case-sensitive)`,
        fixes: context.finding,
        isPreferred: true,
        edits: asEdits(replaceScalarValue(editor, scalar, value)),
        expect: (policy) => setDataAt(policy, path, value),
      }),
    );
  },
};
