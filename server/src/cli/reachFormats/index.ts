import {
  buildReachabilityView,
  describeExplanation,
  type ClusterModel,
  type ConnectionExplanation,
  type Protocol,
  type ReachabilityResult,
  type SourceRef,
} from '../../service';
import type { FormatEntry } from '../formatTable';
import { renderHtmlReport } from './htmlFormat';
import { formatCompactJson } from './compactFormat';
import { formatDot, formatPictureJson, formatPictureText, formatPortJson, formatPortText } from './matrixFormats';

/** What `reach` asks for, for a format to compute and print. */
export interface ReachContext {
  readonly model: ClusterModel;
  /** `--port`: a number or a container port name; absent: every port. */
  readonly port?: number | string;
  /** `--protocol` (TCP when not given). */
  readonly protocol: Protocol;
  readonly protocolGiven: boolean;
  /** `--all`: the text lists the pairs with nothing allowed too. */
  readonly all: boolean;
  /** The paths, as given. */
  readonly paths: readonly string[];
  readonly formatRef: (ref: SourceRef) => string;
  /** Reachability of the endpoints `--from`, `--to` and `--endpoints` ask for, for one port or (none) every port. */
  reachability(query: { readonly port?: number | string; readonly protocol?: Protocol }): ReachabilityResult;
}

/**
 * A report, and the reachability it shows (what `-o` says it wrote). The text comes in chunks, written as they are
 * made: a large workspace's report is longer than the longest string (and than the memory it would take).
 */
export interface ReachReport {
  readonly chunks: Iterable<string>;
  readonly result: ReachabilityResult;
}

export interface ReachFormat extends FormatEntry {
  render(context: ReachContext): ReachReport;
  /** `--explain FROM TO` in this format; absent: the format cannot explain. */
  explain?(explanation: ConnectionExplanation, formatRef: (ref: SourceRef) => string): string;
}

/** `reach`'s output formats: a new format is one entry here (--format and --help follow). The first is the default. */
export const REACH_FORMATS = {
  text: {
    help: ['the allowed ports per connection (--all: also the pairs with', "none); with --port, a table: '.' allowed, 'X' denied"],
    render: (context) => {
      const { result, view } = matrix(context);
      return { chunks: context.port !== undefined ? formatPortText(view) : formatPictureText(view, context.all), result };
    },
    explain: (explanation, formatRef) => `${describeExplanation(explanation, formatRef).join('\n')}\n`,
  },
  json: {
    help: [
      '{"endpoints","matrix","leftOut"}: matrix[from][to] is the',
      'allowed ports per protocol; with --port,',
      '{"port","protocol","pods","matrix"}: matrix[from][to] is',
      'true iff a new connection is allowed; null between two external',
      'address ranges (outside the cluster: no policy applies)',
    ],
    render: (context) => {
      const { result, view } = matrix(context);
      return { chunks: context.port !== undefined ? formatPortJson(view) : formatPictureJson(view), result };
    },
    explain: (explanation) => `${JSON.stringify(explanation, null, 1)}\n`,
  },
  'json-compact': {
    help: ['the json matrix per class of endpoints (identical rows or', 'columns), for large workspaces: see below'],
    render: (context) => {
      const { result, view } = matrix(context);
      return { chunks: formatCompactJson(view), result };
    },
  },
  html: { help: ["one self-contained page: the editor's reachability panel,", 'for CI to publish'], render: renderHtmlReport },
  dot: {
    help: ['a Graphviz graph of the allowed connections'],
    render: (context) => {
      const { result, view } = matrix(context);
      return { chunks: formatDot(view), result };
    },
  },
} as const satisfies Record<string, ReachFormat>;

export const DEFAULT_REACH_FORMAT: keyof typeof REACH_FORMATS = 'text';

/** The reachability asked for (one port, or every port), and its view: what the text, JSON and dot formats print. */
function matrix(context: ReachContext) {
  const result = context.reachability({ port: context.port, protocol: context.protocol });
  return { result, view: buildReachabilityView(result, { title: context.paths.join(', '), formatRef: context.formatRef }) };
}
