import type { FieldPath } from './fieldPath';
import type { RuleCode } from './ruleCatalog';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A rule's severity as configured by `netpol.rules`: a severity, or `off` to silence the rule. */
export type SeverityOverride = Severity | 'off';

/**
 * A diagnostic code: its default severity and a one-line title. Each has `docs/rules/<code>.md`. The catalog of codes
 * is `RULES` (ruleCatalog.ts); the rule lists it gathers (validation, lints, workspace lints) type themselves with this.
 */
export interface RuleInfo {
  readonly severity: Severity;
  readonly title: string;
}

/**
 * What a rule reports, before it is placed in the text: the API server's field path of what is wrong, and where
 * in the YAML it should be shown (by default the value at `path`).
 */
export interface Issue {
  /** Stable code, e.g. `ipblock.except-not-in-cidr`; documented in `docs/rules/<code>.md`. */
  readonly code: RuleCode;
  readonly message: string;
  /** The API server's field path (`spec.ingress[0].ports[1].endPort`). */
  readonly path: FieldPath;
  /** Where to show it, when that differs from `path` (e.g. a label key, which the API server reports on the map). */
  readonly at?: FieldPath;
  /** Show it on the key of `at` rather than on its value. */
  readonly onKey?: boolean;
  /** Overrides the rule's default severity (e.g. the API server's warnings). */
  readonly severity?: Severity;
}

/** A finding placed in a file: offsets stay offsets until the LSP or CLI boundary. */
export interface Finding {
  /** A code of the catalog (`RULES`): a misspelled code does not compile. */
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly message: string;
  /** Offsets into the file's text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The API server's field path; absent only for YAML syntax errors. */
  readonly path?: string;
}
