import { createNetpolService } from '../netpolService';
import type { ServiceSettings } from '../settings';
import { diffReachability, type DiffQuery, type ReachabilityDiff, type ReachabilityState } from './reachabilityDiff';

/** A file of one side: its URI (the same on both sides for the same file) and its text. */
export interface DiffFile {
  readonly uri: string;
  readonly text: string;
}

export interface ReachabilityDiffRun {
  readonly base: ReachabilityState;
  readonly head: ReachabilityState;
  readonly diff: ReachabilityDiff;
}

/**
 * What a change opens and closes: the reachability of the `base` files, then of the `head` files, compared. One
 * language service does both, one after the other, so a file whose text is the same on both sides is parsed once
 * (the head side keeps its parse), a changed file re-parses only its changed documents, and the head's reachability
 * is computed incrementally from the base's (a policy whose document did not change keeps its evaluation). The
 * base's model and result are immutable, so they stay valid for the explanations after the workspace moved on.
 */
export function computeReachabilityDiff(input: {
  readonly base: Iterable<DiffFile>;
  readonly head: Iterable<DiffFile>;
  readonly settings: ServiceSettings;
  readonly query?: DiffQuery;
}): ReachabilityDiffRun {
  const service = createNetpolService();
  const baseUris = new Set<string>();
  for (const file of input.base) {
    service.setFile(file.uri, file.text);
    baseUris.add(file.uri);
  }
  const base: ReachabilityState = { model: service.getClusterModel(input.settings), result: service.getReachability(input.settings) };
  const headFiles = [...input.head];
  const headUris = new Set(headFiles.map((file) => file.uri));
  for (const uri of baseUris) if (!headUris.has(uri)) service.deleteFile(uri);
  for (const file of headFiles) service.setFile(file.uri, file.text);
  const head: ReachabilityState = { model: service.getClusterModel(input.settings), result: service.getReachability(input.settings) };
  return { base, head, diff: diffReachability(base, head, input.query) };
}
