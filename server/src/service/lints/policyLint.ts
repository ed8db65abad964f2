import type { Issue } from '../findings';
import type { DocumentManifest } from '../model/manifest';
import type { ValidationOptions } from '../validation/validationOptions';
import type { LINT_RULES } from './lintRules';

/**
 * A lint on one NetworkPolicy on its own: API-valid, but wrong or risky. It sees the plain object (which may
 * hold values of the wrong type: skip them, the structural check reports them) and must never throw.
 */
export interface PolicyLint {
  /** The codes this lint can report (each in `LINT_RULES` with a doc in `docs/rules/`). */
  readonly codes: readonly (keyof typeof LINT_RULES)[];
  check(policy: DocumentManifest, options: ValidationOptions): Issue[];
}
