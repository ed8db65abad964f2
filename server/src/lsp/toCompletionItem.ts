import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import type { CompletionKind, CompletionProposal, LineCharacter } from '../service';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  enum: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
};

export function toCompletionItem(proposal: CompletionProposal, positionAt: (offset: number) => LineCharacter): CompletionItem {
  return {
    label: proposal.label,
    kind: KIND[proposal.kind],
    detail: proposal.detail,
    documentation: proposal.documentation ? { kind: 'markdown', value: proposal.documentation } : undefined,
    textEdit: { range: { start: positionAt(proposal.start), end: positionAt(proposal.end) }, newText: proposal.insertText },
    insertTextFormat: proposal.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
}
