import type { Finding } from '../findings';
import type { WorkspaceLintContext } from '../lints/workspaceLint';
import type { Manifest } from '../model/manifest';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';

/** A replacement of `[start, end)` (file offsets) by `newText`. Edits of one fix never overlap. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type FixKind = 'quickfix' | 'refactor.rewrite';

/**
 * A code action. Every edit is the smallest text change that does the job: comments, formatting and every
 * untouched byte stay as they were.
 */
export interface QuickFix {
  readonly title: string;
  readonly kind: FixKind;
  /** The finding it fixes (quick fixes), absent for refactorings. */
  readonly fixes?: Finding;
  readonly isPreferred?: boolean;
  readonly edits: readonly OffsetEdit[];
}

/** What a fix provider sees: the file, the finding, and the policy it is in (paths are relative to the policy). */
export interface FixContext {
  readonly file: ParsedFile;
  readonly finding: Finding;
  readonly policy: Manifest;
  readonly settings: ServiceSettings;
  /** The workspace, when the caller has one: fixes of workspace lints read other objects through it. */
  readonly workspace?: WorkspaceFixContext;
}

/**
 * What a caller with a workspace (the language server) passes so that the findings of workspace-aware lints get
 * their fixes too, e.g. a DNS egress rule, or a Service port replaced by the pod's targetPort.
 */
export interface WorkspaceFixContext {
  /** The file's workspace-aware findings at file offsets (they are not recomputed here: the model is costly). */
  readonly findings: readonly Finding[];
  /** What the workspace lints saw: the cluster model and its facts. */
  readonly lintContext?: WorkspaceLintContext;
}

/** Offers fixes for findings with one of its codes. One file per fix; never throws on odd input. */
export interface FixProvider {
  readonly codes: readonly string[];
  provide(context: FixContext): QuickFix[];
}

/** Offers refactorings at a cursor or selection, independent of any finding (e.g. split an AND peer). */
export interface RefactoringProvider {
  provide(file: ParsedFile, start: number, end: number, settings: ServiceSettings): QuickFix[];
}
