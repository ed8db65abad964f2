import { getFileFindings } from '../diagnostics/fileFindings';
import type { Finding } from '../findings';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { manifestAt } from '../features/findManifestAt';
import { FIX_PROVIDERS, REFACTORING_PROVIDERS } from './fixProviders';
import type { QuickFix, WorkspaceFixContext } from './quickFix';

export { applyEdits } from './offsetEdits';

/**
 * How much one request may check: each quick fix is checked on its document, re-parsed with the edit, so a range
 * over many findings of one huge document (a selection of a 1 MB line of 87,000 ports) would re-parse that
 * document once per finding (measured: 95 s for 1,000 ports). Findings past these bounds get no quick fix in this
 * request; the editor asks again, for the cursor's place, as the user moves. A cursor touches one or two findings.
 * A document larger than `documentSize` (no hand-written policy is) gets no quick fixes: one check would take
 * seconds.
 */
export const FIX_CHECK_BUDGET = { findings: 50, documentText: 1_000_000, documentSize: 250_000 };

/**
 * The code actions for a range of a file: quick fixes for the findings that touch it (recomputed here from the
 * cached per-document results, so the client's copy of the diagnostics is never trusted; workspace-aware findings
 * come from the caller's `workspace`), then refactorings. The same edit offered for two findings (a CIDR with
 * host bits and leading zeros has both) is listed once.
 */
export function getCodeActions(file: ParsedFile, start: number, end: number, settings: ServiceSettings, workspace?: WorkspaceFixContext): QuickFix[] {
  const actions: QuickFix[] = [];
  const seen = new Set<string>();
  const add = (fixes: readonly QuickFix[]): void => {
    for (const fix of fixes) {
      const key = JSON.stringify([fix.kind, fix.title, fix.edits]);
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push(fix);
    }
  };
  const findings: readonly Finding[] = workspace ? [...getFileFindings(file, settings), ...workspace.findings] : getFileFindings(file, settings);
  let findingsChecked = 0;
  let textChecked = 0;
  for (const finding of findings) {
    if (finding.end < start || finding.start > end) continue;
    const providers = FIX_PROVIDERS.filter((provider) => provider.codes.includes(finding.code));
    if (providers.length === 0) continue;
    if (findingsChecked >= FIX_CHECK_BUDGET.findings || textChecked >= FIX_CHECK_BUDGET.documentText) break;
    findingsChecked++;
    const found = manifestAt(file, finding.start);
    if (!found || found.manifest.kind !== 'NetworkPolicy' || found.manifest.document.text.length > FIX_CHECK_BUDGET.documentSize) continue;
    textChecked += providers.length * found.manifest.document.text.length;
    for (const provider of providers) {
      try {
        add(provider.provide({ file, finding, policy: found.manifest, settings, ...(workspace ? { workspace } : {}) }));
      } catch {
        // A fix that cannot be computed is not offered; the finding stays.
      }
    }
  }
  const here = manifestAt(file, start);
  for (const provider of here && here.manifest.document.text.length > FIX_CHECK_BUDGET.documentSize ? [] : REFACTORING_PROVIDERS) {
    try {
      add(provider.provide(file, start, end, settings));
    } catch {
      // idem
    }
  }
  return actions;
}
