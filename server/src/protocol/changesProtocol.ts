/**
 * What the workspace's unsaved and uncommitted changes open and close (issue 14), declared once: the VS Code client
 * reads the base side from git (its git extension's API) and sends the texts that differ; the server compares the
 * base with the live workspace using the reachability diff engine and answers plain data.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { ReachabilityScope } from './reachabilityProtocol';
import type { ViewRef } from './view';

/** A file's text at the base revision. */
export interface BaseFile {
  readonly uri: string;
  readonly text: string;
}

/**
 * One git repository (its root, a folder URI): the files below it whose base text is not what the server holds now.
 * A file below the root that is in neither list has the same text on both sides.
 */
export interface BaseRepository {
  readonly root: string;
  /** Base texts of files changed on disk, deleted, or open with unsaved edits (their base text is the disk's). */
  readonly changed: readonly BaseFile[];
  /** Files absent at the base revision (added, untracked, the target of a rename). */
  readonly added: readonly string[];
}

export interface ReachabilityDiffParams extends ReachabilityScope {
  /** The base revision as the user named it (`HEAD`, `main`, `merge-base of main`): shown, not resolved. */
  readonly base: string;
  readonly repositories: readonly BaseRepository[];
}

/** One line of an explanation; `ref` only on the current side (its offsets are in the live text), `place` always. */
export interface ChangeReasonLine {
  readonly text: string;
  /** `folder/file.yaml:12:5` of the side's text. */
  readonly place?: string;
  readonly ref?: ViewRef;
}

export interface ConnectionChangeView {
  readonly change: 'added' | 'removed' | 'ports-changed';
  /** Endpoint keys. */
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  /** The ports whose verdict changed, and those allowed before and after: `80,443`, `all`, `none`. */
  readonly ports: string;
  readonly before: string;
  readonly after: string;
  /** One line, without places: `allowed by shop/db spec.ingress[0]; was denied: ...`. */
  readonly summary: string;
  /** The port the explanations are for. */
  readonly port: number;
  /** Why at the base revision, and now; empty when an endpoint was not there on that side. */
  readonly beforeWhy: readonly ChangeReasonLine[];
  readonly afterWhy: readonly ChangeReasonLine[];
}

/** A policy (present now) that explains some of the changes: where it starts in the live text, what it opens and closes. */
export interface PolicyChangeView {
  /** `namespace/name`. */
  readonly policy: string;
  /** The start of its YAML document (offsets into the live text, as a ViewRef). */
  readonly ref: ViewRef;
  /** Changed connections it takes part in (before or after) that gained ports, and that lost some. */
  readonly opens: number;
  readonly closes: number;
}

export interface ReachabilityDiffView {
  readonly base: string;
  /** Connections opened (nothing allowed before) and closed (nothing allowed now), and those whose ports changed. */
  readonly added: number;
  readonly removed: number;
  readonly portsChanged: number;
  readonly appeared: readonly string[];
  readonly disappeared: readonly string[];
  /** Files (URIs) that differ from the base. */
  readonly files: { readonly added: readonly string[]; readonly deleted: readonly string[]; readonly modified: readonly string[] };
  /** At most {@link MAX_CHANGES_SHOWN}, sorted by source, destination and protocol; `omitted` counts the rest. */
  readonly connections: readonly ConnectionChangeView[];
  readonly omitted: number;
  /** The policies behind the changes, for CodeLenses (sorted by URI and offset). */
  readonly policies: readonly PolicyChangeView[];
}

export const MAX_CHANGES_SHOWN = 500;

/** What the changes since `base` open and close in the scope; null when it failed. */
export const ReachabilityDiffRequest = new RequestType<ReachabilityDiffParams, ReachabilityDiffView | null, void>('netpol/reachabilityDiff');
