import type { CodeAction } from 'vscode-languageserver';
import type { LineCharacter, QuickFix } from '../service';
import { toDiagnostic } from './toDiagnostic';

export function toCodeAction(fix: QuickFix, uri: string, positionAt: (offset: number) => LineCharacter): CodeAction {
  return {
    title: fix.title,
    kind: fix.kind,
    isPreferred: fix.isPreferred,
    diagnostics: fix.fixes ? [toDiagnostic(fix.fixes, positionAt)] : undefined,
    edit: {
      changes: {
        [uri]: fix.edits.map((edit) => ({ range: { start: positionAt(edit.start), end: positionAt(edit.end) }, newText: edit.newText })),
      },
    },
  };
}
