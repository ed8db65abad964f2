import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { LineCharacter, OutlineSymbol, SymbolKindName } from '../service';

const KIND: Record<SymbolKindName, SymbolKind> = {
  policy: SymbolKind.Class,
  direction: SymbolKind.Namespace,
  rule: SymbolKind.Field,
  object: SymbolKind.Module,
};

export function toDocumentSymbol(symbol: OutlineSymbol, positionAt: (offset: number) => LineCharacter): DocumentSymbol {
  const range = { start: positionAt(symbol.start), end: positionAt(symbol.end) };
  const selection = { start: positionAt(symbol.selectionStart), end: positionAt(symbol.selectionEnd) };
  // LSP requires the selection inside the range; a name outside the object's span (never expected) falls back.
  const inside = symbol.selectionStart >= symbol.start && symbol.selectionEnd <= symbol.end;
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: KIND[symbol.kind],
    range,
    selectionRange: inside ? selection : range,
    children: symbol.children.map((child) => toDocumentSymbol(child, positionAt)),
  };
}
