import {
  MAX_CHANGES_SHOWN,
  ReachabilityDiffRequest,
  type BaseRepository,
  type ChangeReasonLine,
  type ConnectionChangeView,
  type PolicyChangeView,
  type ReachabilityDiffView,
} from '../protocol/changesProtocol';
import {
  computeReachabilityDiff,
  LineIndex,
  RequestCancelled,
  type ConnectionChange,
  type DiffFile,
  type SideReason,
  type SourceRef,
  type StateReason,
} from '../service';
import { onGuardedRequest } from './lifecycle';
import type { ReachabilityHost } from './reachabilityRequest';
import { isInsideFolder, relativeToFolder, uriBasename } from './uris';

/**
 * `netpol/reachabilityDiff` (server/src/protocol/changesProtocol.ts): the live workspace (unsaved edits included)
 * against a base revision whose differing texts the client sends. The files below a repository's root take their
 * base text from the request (or keep their text when it does not name them, or leave the base when added); other
 * files (cluster dumps outside the repository, other folders) are the same on both sides. The diff engine does the
 * rest; places on the base side are computed from the base texts, on the current side from the live documents.
 */
export function registerReachabilityDiffRequest(host: ReachabilityHost): void {
  const { connection, lifecycle, service, settings } = host;
  onGuardedRequest(connection, lifecycle, ReachabilityDiffRequest, 'reachability diff', null, async (params, token) => {
    host.flushPending();
    if (!params || !Array.isArray(params.repositories) || typeof params.base !== 'string') return null;
    const repositories = params.repositories.filter(isRepository);
    const prefix = typeof params.folder === 'string' ? params.folder.replace(/\/?$/, '/') : undefined;
    const inScope = (uri: string) => prefix === undefined || uri.startsWith(prefix);

    const head: DiffFile[] = [];
    for (const file of service.files()) if (inScope(file.uri)) head.push({ uri: file.uri, text: file.text });
    const headUris = new Set(head.map((file) => file.uri));
    const changedText = new Map<string, string>();
    const added = new Set<string>();
    for (const repository of repositories) {
      for (const file of repository.changed) if (inScope(file.uri)) changedText.set(file.uri, file.text);
      for (const uri of repository.added) added.add(uri);
    }
    const base: DiffFile[] = [];
    const modified: string[] = [];
    const addedFiles: string[] = [];
    for (const file of head) {
      const underRepository = repositories.some((repository) => isInsideFolder(file.uri, repository.root));
      if (underRepository && added.has(file.uri)) {
        addedFiles.push(file.uri);
        continue;
      }
      const text = underRepository ? changedText.get(file.uri) : undefined;
      if (text !== undefined && text !== file.text) modified.push(file.uri);
      base.push({ uri: file.uri, text: text ?? file.text });
    }
    const deleted: string[] = [];
    for (const [uri, text] of changedText) {
      if (headUris.has(uri) || !/\.ya?ml$/i.test(uri)) continue;
      deleted.push(uri);
      base.push({ uri, text });
    }
    if (token.isCancellationRequested) throw new RequestCancelled();
    // Nothing differs from the base (the usual state between edits): no engine runs.
    if (modified.length === 0 && addedFiles.length === 0 && deleted.length === 0) {
      return {
        base: params.base,
        added: 0,
        removed: 0,
        portsChanged: 0,
        appeared: [],
        disappeared: [],
        files: { added: [], deleted: [], modified: [] },
        connections: [],
        omitted: 0,
        policies: [],
      };
    }

    const run = computeReachabilityDiff({ base, head, settings: settings.workspace });
    const baseTexts = new Map(base.map((file) => [file.uri, file.text]));
    const lineIndexes = new Map<string, LineIndex>();
    const bases = prefix ? [params.folder as string] : host.roots();
    const shown = (uri: string) => {
      const root = bases.find((candidate) => isInsideFolder(uri, candidate));
      return root ? (bases.length > 1 ? `${uriBasename(root)}/` : '') + relativeToFolder(root, uri) : uri;
    };
    const placeBefore = (ref: SourceRef) => {
      let index = lineIndexes.get(ref.uri);
      if (!index) lineIndexes.set(ref.uri, (index = new LineIndex(baseTexts.get(ref.uri) ?? '')));
      const { line, character } = index.positionAt(ref.start);
      return `${shown(ref.uri)}:${line + 1}:${character + 1}`;
    };
    const placeAfter = (ref: SourceRef) => {
      const { line, character } = host.positionsForUri(ref.uri)(ref.start);
      return `${shown(ref.uri)}:${line + 1}:${character + 1}`;
    };
    const connections = run.diff.connections.slice(0, MAX_CHANGES_SHOWN).map((change) => toView(change, placeBefore, placeAfter));
    const view: ReachabilityDiffView = {
      base: params.base,
      added: run.diff.added,
      removed: run.diff.removed,
      portsChanged: run.diff.portsChanged,
      appeared: run.diff.appeared,
      disappeared: run.diff.disappeared,
      files: { added: addedFiles, deleted, modified },
      connections,
      omitted: run.diff.connections.length - connections.length,
      policies: policiesBehind(run.diff.connections, run.head.model.policies, placeAfter),
    };
    return view;
  });
}

/** The policies present now that some change's explanation names (on either side), with what they open and close. */
function policiesBehind(
  changes: readonly ConnectionChange[],
  policies: readonly { readonly id: string; readonly manifest: { readonly uri: string; readonly documentOffset: number } }[],
  place: (ref: SourceRef) => string,
): PolicyChangeView[] {
  const counts = new Map<string, { opens: number; closes: number }>();
  for (const change of changes) {
    const names = new Set<string>();
    for (const state of [change.why.before, change.why.after]) {
      if (!state) continue;
      for (const side of [state.egress, state.ingress]) {
        for (const policy of side.isolatedBy) names.add(policy.policy);
        for (const rule of side.allowedBy) names.add(rule.policy);
      }
    }
    for (const name of names) {
      let count = counts.get(name);
      if (!count) counts.set(name, (count = { opens: 0, closes: 0 }));
      if (change.gained.length > 0) count.opens++;
      if (change.lost.length > 0) count.closes++;
    }
  }
  const views: PolicyChangeView[] = [];
  for (const policy of policies) {
    const count = counts.get(policy.id);
    if (!count) continue;
    const at = policy.manifest.documentOffset;
    const ref: SourceRef = { uri: policy.manifest.uri, start: at, end: at, path: '' };
    views.push({ policy: policy.id, ref: { ...ref, label: place(ref) }, ...count });
  }
  return views.sort((a, b) => (a.ref.uri < b.ref.uri ? -1 : a.ref.uri > b.ref.uri ? 1 : a.ref.start - b.ref.start));
}

function isRepository(value: unknown): value is BaseRepository {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<BaseRepository>;
  return (
    typeof candidate.root === 'string' &&
    Array.isArray(candidate.changed) &&
    candidate.changed.every((file) => typeof file === 'object' && file !== null && typeof file.uri === 'string' && typeof file.text === 'string') &&
    Array.isArray(candidate.added) &&
    candidate.added.every((uri) => typeof uri === 'string')
  );
}

/** `5432`, `8000-8100`, `80,443`, `all`, `none`. */
function ranges(list: readonly (readonly [number, number])[]): string {
  if (list.length === 0) return 'none';
  if (list.length === 1 && list[0][0] === 1 && list[0][1] === 65535) return 'all';
  return list.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(',');
}

function toView(change: ConnectionChange, placeBefore: (ref: SourceRef) => string, placeAfter: (ref: SourceRef) => string): ConnectionChangeView {
  return {
    change: change.change,
    from: change.from,
    to: change.to,
    protocol: change.protocol,
    ports: ranges(change.ports),
    before: ranges(change.before),
    after: ranges(change.after),
    summary: change.why.summary,
    port: change.why.port,
    beforeWhy: reasonLines(change, change.why.before, placeBefore, false),
    afterWhy: reasonLines(change, change.why.after, placeAfter, true),
  };
}

/** A side's verdict in lines: each direction's, with the policies and rules behind it. */
function reasonLines(change: ConnectionChange, state: StateReason | undefined, place: (ref: SourceRef) => string, live: boolean): ChangeReasonLine[] {
  if (!state) return [{ text: 'an endpoint was not there' }];
  const line = (text: string, ref?: SourceRef): ChangeReasonLine =>
    ref ? { text, place: place(ref), ...(live ? { ref: { uri: ref.uri, start: ref.start, end: ref.end, path: ref.path, label: place(ref) } } : {}) } : { text };
  const lines: ChangeReasonLine[] = [{ text: `${state.allowed ? 'allowed' : 'denied'} on ${change.protocol} ${change.why.port}` }];
  for (const side of [state.egress, state.ingress]) lines.push(...sideLines(side, side.direction === 'egress' ? change.from : change.to, line));
  return lines;
}

function sideLines(side: SideReason, endpoint: string, line: (text: string, ref?: SourceRef) => ChangeReasonLine): ChangeReasonLine[] {
  const who = `${side.direction} of ${endpoint}`;
  switch (side.verdict) {
    case 'outside':
      return [line(`${who}: outside the cluster, no policy applies`)];
    case 'open':
      return [line(`${who}: not isolated (no policy selects it for ${side.direction})`)];
    case 'allowed':
      return side.allowedBy.map((rule) => line(`${who}: allowed by ${rule.policy} ${rule.rule.path}`, rule.port ?? rule.peer ?? rule.rule));
    case 'denied':
      return side.isolatedBy.length === 0
        ? [line(`${who}: denied`)]
        : side.isolatedBy.map((policy) => line(`${who}: isolated by ${policy.policy}, no rule allows it`, policy.ref));
  }
}
