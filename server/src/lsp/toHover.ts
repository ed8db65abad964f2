import type { Hover } from 'vscode-languageserver';
import type { HoverResult } from '../service';
import type { PositionAt } from './positions';

export function toHover(hover: HoverResult, positionAt: PositionAt): Hover {
  return { contents: { kind: 'markdown', value: hover.markdown }, range: { start: positionAt(hover.start), end: positionAt(hover.end) } };
}
