import { getFileFindings } from '../diagnostics/fileFindings';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { manifestAt } from '../features/findManifestAt';
import { FIX_PROVIDERS, REFACTORING_PROVIDERS } from './fixProviders';
import type { QuickFix } from './quickFix';

/**
 * The code actions for a range of a file: quick fixes for the findings that touch it (recomputed here from the
 * cached per-document results, so the client's copy of the diagnostics is never trusted), then refactorings.
 */
export function getCodeActions(file: ParsedFile, start: number, end: number, settings: ServiceSettings): QuickFix[] {
  const actions: QuickFix[] = [];
  for (const finding of getFileFindings(file, settings)) {
    if (finding.end < start || finding.start > end) continue;
    const providers = FIX_PROVIDERS.filter((provider) => provider.codes.includes(finding.code));
    if (providers.length === 0) continue;
    const found = manifestAt(file, finding.start);
    if (!found || found.manifest.kind !== 'NetworkPolicy') continue;
    for (const provider of providers) {
      try {
        actions.push(...provider.provide({ file, finding, policy: found.manifest, settings }));
      } catch {
        // A fix that cannot be computed is not offered; the finding stays.
      }
    }
  }
  for (const provider of REFACTORING_PROVIDERS) {
    try {
      actions.push(...provider.provide(file, start, end, settings));
    } catch {
      // idem
    }
  }
  return actions;
}

/** Applies offset edits to a text (for tests and the CLI): edits must not overlap. */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
