import {
  sideEndpoint,
  type ConnectionChange,
  type PortRanges,
  type ReachabilityDiff,
  type RuleReason,
  type SideReason,
  type SourceRef,
  type StateReason,
} from '../service';
import type { FormatEntry } from './formatTable';

/** A place in one side's files, for people: the file (relative to the repository root or as given) and the line. */
export interface Place {
  readonly file: string;
  readonly line: number;
}

/** What a format needs: the diff, the two sides' names, and where a source reference of each side is. */
export interface DiffContext {
  readonly diff: ReachabilityDiff;
  readonly base: string;
  readonly head: string;
  readonly paths: readonly string[];
  readonly placeBefore: (ref: SourceRef) => Place;
  readonly placeAfter: (ref: SourceRef) => Place;
}

export interface DiffFormat extends FormatEntry {
  render(context: DiffContext): string;
}

/** `5432`, `8000-8100`, `80,443`, `all`. */
export function formatRanges(ranges: PortRanges): string {
  if (ranges.length === 1 && ranges[0][0] === 1 && ranges[0][1] === 65535) return 'all';
  return ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(',');
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** `This change opens 2 connections and closes 1`, and the ports changed and endpoints when there are some. */
export function summaryLine(diff: ReachabilityDiff): string {
  const parts = [`This change opens ${plural(diff.added, 'connection', 'connections')} and closes ${diff.removed}`];
  if (diff.portsChanged > 0) parts.push(`changes the ports of ${plural(diff.portsChanged, 'connection', 'connections')}`);
  const endpoints: string[] = [];
  if (diff.appeared.length > 0) endpoints.push(`${plural(diff.appeared.length, 'endpoint', 'endpoints')} appeared`);
  if (diff.disappeared.length > 0) endpoints.push(`${plural(diff.disappeared.length, 'endpoint', 'endpoints')} disappeared`);
  return `${parts.join('; ')}${endpoints.length > 0 ? ` (${endpoints.join(', ')})` : ''}.`;
}

function changeText(change: ConnectionChange): string {
  const mark = change.change === 'added' ? '+' : change.change === 'removed' ? '-' : '~';
  const ports =
    change.change === 'ports-changed'
      ? `${formatRanges(change.before)} -> ${formatRanges(change.after)}${change.gained.length > 0 ? ` (+${formatRanges(change.gained)})` : ''}${change.lost.length > 0 ? ` (-${formatRanges(change.lost)})` : ''}`
      : formatRanges(change.ports);
  return `${mark} ${change.from} -> ${change.to} ${change.protocol} ${ports}  (${change.why.summary})`;
}

function placeJson(ref: SourceRef, place: (ref: SourceRef) => Place) {
  const { file, line } = place(ref);
  return { file, line, path: ref.path };
}

function sideJson(side: SideReason, endpoint: string, place: (ref: SourceRef) => Place) {
  return {
    endpoint,
    verdict: side.verdict,
    isolatedBy: side.isolatedBy.map((policy) => ({ policy: policy.policy, ...placeJson(policy.ref, place) })),
    allowedBy: side.allowedBy.map((rule) => ({
      policy: rule.policy,
      rule: placeJson(rule.rule, place),
      peer: rule.peer && placeJson(rule.peer, place),
      port: rule.port && placeJson(rule.port, place),
    })),
  };
}

function stateJson(state: StateReason | undefined, change: ConnectionChange, place: (ref: SourceRef) => Place) {
  return state ? { allowed: state.allowed, egress: sideJson(state.egress, change.from, place), ingress: sideJson(state.ingress, change.to, place) } : null;
}

/** A rule with its place: `shop/db spec.ingress[0] (k8s/db.yaml:12)`. */
function ruleWithPlace(rule: RuleReason, place: (ref: SourceRef) => Place): string {
  const { file, line } = place(rule.rule);
  return `\`${rule.policy}\` ${rule.rule.path} (${file}:${line})`;
}

function allowedByCell(change: ConnectionChange, state: StateReason | undefined, place: (ref: SourceRef) => Place): string {
  const summary = change.why.summary;
  if (!state) return escapeCell(summary);
  const rules = [...state.egress.allowedBy, ...state.ingress.allowedBy].map((rule) => ruleWithPlace(rule, place));
  const open = [state.egress, state.ingress]
    .filter((side) => side.verdict === 'open')
    .map((side) => `${side.direction} of \`${sideEndpoint(side, change.from, change.to)}\` not isolated`);
  return [...rules, ...open].join('<br>') || escapeCell(summary);
}

function deniedByCell(change: ConnectionChange, state: StateReason | undefined, place: (ref: SourceRef) => Place): string {
  const summary = change.why.summary;
  if (!state) return escapeCell(summary.replace(/^.*; /, ''));
  const denied = [state.egress, state.ingress].filter((side) => side.verdict === 'denied');
  if (denied.length === 0) return escapeCell(summary);
  return denied
    .map(
      (side) =>
        `${side.direction} of \`${sideEndpoint(side, change.from, change.to)}\` isolated by ${side.isolatedBy
          .map((policy) => {
            const { file, line } = place(policy.ref);
            return `\`${policy.policy}\` (${file}:${line})`;
          })
          .join(', ')}`,
    )
    .join('<br>');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;

/** Rows per table in markdown: a PR comment holds at most 65,536 characters. */
const MARKDOWN_ROWS = 50;

function markdownTable(title: string, header: readonly string[], rows: readonly string[][], more: string): string[] {
  if (rows.length === 0) return [];
  const lines = [`#### ${title} (${rows.length})`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows.slice(0, MARKDOWN_ROWS)) lines.push(`| ${row.join(' | ')} |`);
  if (rows.length > MARKDOWN_ROWS) lines.push('', `... and ${rows.length - MARKDOWN_ROWS} more ${more}.`);
  lines.push('');
  return lines;
}

/** `diff`'s output formats: a new format is one entry here (--format and --help follow). The first is the default. */
export const DIFF_FORMATS = {
  text: {
    help: ["one line per change ('+' opened, '-' closed, '~' other ports),", 'with the rules responsible, then a summary line'],
    render: ({ diff }) => {
      const lines = diff.connections.map(changeText);
      for (const key of diff.appeared) lines.push(`appeared: ${key}`);
      for (const key of diff.disappeared) lines.push(`disappeared: ${key}`);
      lines.push(summaryLine(diff));
      return `${lines.join('\n')}\n`;
    },
  },
  json: {
    help: [
      '{"base","head","connections","endpoints"}: per change "change"',
      '(added, removed, ports-changed), "from", "to", "protocol", "ports",',
      '"before"/"after" (allowed ports, null for none) and "why"',
    ],
    render: ({ diff, base, head, placeBefore, placeAfter }) => {
      const connections = diff.connections.map((change) => ({
        change: change.change,
        from: change.from,
        to: change.to,
        protocol: change.protocol,
        ports: formatRanges(change.ports),
        before: change.before.length > 0 ? formatRanges(change.before) : null,
        after: change.after.length > 0 ? formatRanges(change.after) : null,
        why: {
          summary: change.why.summary,
          port: change.why.port,
          before: stateJson(change.why.before, change, placeBefore),
          after: stateJson(change.why.after, change, placeAfter),
        },
      }));
      return `${JSON.stringify({ base, head, connections, endpoints: { appeared: diff.appeared, disappeared: diff.disappeared } }, null, 1)}\n`;
    },
  },
  markdown: {
    help: ['a pull request comment: a summary line, then tables of the', 'connections opened and closed, with the policies responsible'],
    render: ({ diff, base, head, paths, placeBefore, placeAfter }) => {
      const lines = [
        '### NetworkPolicy reachability',
        '',
        `**${summaryLine(diff)}**`,
        '',
        `Compared ${code(base)} with ${head === 'the working tree' ? head : code(head)} in ${paths.map(code).join(', ')}.`,
        '',
      ];
      const opened = diff.connections.filter((change) => change.change === 'added');
      const closed = diff.connections.filter((change) => change.change === 'removed');
      const changed = diff.connections.filter((change) => change.change === 'ports-changed');
      const more = '(run `netpol-lens diff` for the full list)';
      lines.push(
        ...markdownTable(
          'Opened',
          ['From', 'To', 'Protocol', 'Ports', 'Allowed by'],
          opened.map((change) => [
            code(change.from),
            code(change.to),
            change.protocol,
            formatRanges(change.ports),
            allowedByCell(change, change.why.after, placeAfter),
          ]),
          more,
        ),
      );
      lines.push(
        ...markdownTable(
          'Closed',
          ['From', 'To', 'Protocol', 'Ports', 'Was allowed by', 'Now denied by'],
          closed.map((change) => [
            code(change.from),
            code(change.to),
            change.protocol,
            formatRanges(change.ports),
            allowedByCell(change, change.why.before, placeBefore),
            deniedByCell(change, change.why.after, placeAfter),
          ]),
          more,
        ),
      );
      lines.push(
        ...markdownTable(
          'Ports changed',
          ['From', 'To', 'Protocol', 'Before', 'After', 'Why'],
          changed.map((change) => [
            code(change.from),
            code(change.to),
            change.protocol,
            formatRanges(change.before),
            formatRanges(change.after),
            escapeCell(change.why.summary),
          ]),
          more,
        ),
      );
      if (diff.appeared.length > 0) lines.push(`Endpoints that appeared: ${diff.appeared.map(code).join(', ')}.`, '');
      if (diff.disappeared.length > 0) lines.push(`Endpoints that disappeared: ${diff.disappeared.map(code).join(', ')}.`, '');
      return `${lines.join('\n').trimEnd()}\n`;
    },
  },
} as const satisfies Record<string, DiffFormat>;

export const DEFAULT_DIFF_FORMAT: keyof typeof DIFF_FORMATS = 'text';
