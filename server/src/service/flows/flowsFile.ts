import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ParsedFile } from '../parse/parsedFile';
import { MAX_PORT, MIN_PORT, PROTOCOLS, type Protocol } from '../reachability/portSet';

/**
 * A flows file: intended connections, as a contract the policies must keep.
 *
 * ```yaml
 * flows:
 *   - from: shop/Deployment/frontend        # a key, a glob over keys, a selector, `outside` or `any-namespace`
 *     to: {namespace: shop, labels: {app: backend}}
 *     port: 8080                            # a number, a container port name, a range "8000-8100"; absent: all
 *     protocol: TCP                         # TCP, UDP or SCTP
 *     expect: allow                         # allow | deny
 *     why: the shop's API                   # shown when the flow fails
 *     except: [shop/Deployment/backend]     # endpoints the statement does not cover (sources or destinations)
 * ```
 *
 * Parsed with offsets (into the file's text), so that every finding sits on its entry or on the bad field.
 */

/** Files that are flows files by name: `netpol-flows.yaml` and `*.netpol-flows.yaml` (`.yml` too). */
export function isFlowsFileUri(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1).toLowerCase();
  return /(^|\.)netpol-flows\.ya?ml$/.test(name);
}

/** Offsets into the file's text, end exclusive. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** What a `from`, `to` or `except` entry names. */
export type EndpointPattern =
  /** An endpoint key, or a glob over keys (`*` any text, `?` one character). */
  | { readonly kind: 'glob'; readonly glob: string }
  /** Pods and workloads in a namespace (any, when absent) whose labels include these. */
  | { readonly kind: 'selector'; readonly namespace?: string; readonly labels: Readonly<Record<string, string>> }
  /** Any address outside the cluster. */
  | { readonly kind: 'outside' }
  /** A pod in a namespace the workspace does not mention. */
  | { readonly kind: 'any-namespace' };

export interface EndpointField {
  readonly pattern: EndpointPattern;
  /** As shown in reports: the key or glob, `{namespace: shop, labels: {app: web}}` for a selector, `outside`, `any-namespace`. */
  readonly text: string;
  readonly span: TextSpan;
}

/** The ports a flow is about: every port of its protocols, a range (one port: low = high), or a container port name. */
export type PortPattern =
  { readonly kind: 'all' } | { readonly kind: 'range'; readonly low: number; readonly high: number } | { readonly kind: 'named'; readonly name: string };

export type Expectation = 'allow' | 'deny';

export interface FlowEntry {
  /** Index of the entry in its document's `flows` list. */
  readonly index: number;
  /** The entry's span. */
  readonly span: TextSpan;
  readonly from: EndpointField;
  readonly to: EndpointField;
  readonly port: PortPattern;
  /** As written (`8080`, `http`, `8000-8100`); undefined for every port. */
  readonly portText?: string;
  /** TCP by default; every protocol when neither `port` nor `protocol` is given. */
  readonly protocols: readonly Protocol[];
  /** Whether `protocol` was written. */
  readonly protocolGiven: boolean;
  readonly expect: Expectation;
  readonly why?: string;
  readonly except: readonly EndpointField[];
}

/** A malformed part of a flows file, on the bad field. */
export interface FlowsProblem {
  readonly message: string;
  readonly span: TextSpan;
  /** Where in the file: `flows[2].port`. */
  readonly path: string;
}

export interface ParsedFlows {
  readonly uri: string;
  /** The well-formed entries, in order. */
  readonly entries: readonly FlowEntry[];
  readonly problems: readonly FlowsProblem[];
}

const ENTRY_KEYS = ['from', 'to', 'port', 'protocol', 'expect', 'why', 'except'];
const SELECTOR_KEYS = ['namespace', 'labels'];

/** IANA_SVC_NAME, as a container port name: 1-15 characters, lowercase letters, digits and `-`, with a letter. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** Reads the flows of every document of a parsed file. YAML syntax errors are the file findings' business. */
export function parseFlowsFile(file: ParsedFile): ParsedFlows {
  const entries: FlowEntry[] = [];
  const problems: FlowsProblem[] = [];
  for (const { offset, document } of file.documents) {
    if (document.isTemplate) continue;
    const root = document.yaml.contents as Node | null;
    const span = (node: unknown, fallback?: TextSpan): TextSpan => {
      const range = (node as Node | null | undefined)?.range;
      if (!range) return fallback ?? { start: offset, end: offset };
      let end = Math.max(range[1], range[0]);
      while (end > range[0] && /\s/.test(document.text[end - 1])) end--;
      return { start: offset + range[0], end: offset + end };
    };
    const problem = (message: string, node: unknown, path: string, fallback?: TextSpan): void => {
      problems.push({ message, span: span(node, fallback), path });
    };
    if (root === null || root === undefined) {
      // An empty document (a comment, a trailing `---`): nothing to check, unless it is the only one.
      if (file.documents.length === 1 && document.problems.length === 0)
        problem('A flows file has a `flows:` list of intended connections.', root, '', { start: 0, end: 0 });
      continue;
    }
    if (document.problems.some((p) => p.severity === 'error')) continue;
    if (!isMap(root)) {
      problem('A flows file is a mapping with a `flows:` list.', root, '');
      continue;
    }
    let flowsNode: unknown;
    for (const pair of root.items as Pair[]) {
      const key = keyText(pair);
      if (key === 'flows') flowsNode = pair.value;
      else problem(`Unknown field ${JSON.stringify(key)}: a flows file has only \`flows:\`.`, pair.key, key ?? '');
    }
    if (flowsNode === undefined) {
      problem('A flows file has a `flows:` list of intended connections.', root, '');
      continue;
    }
    if (!isSeq(flowsNode)) {
      problem('`flows` is a list of intended connections (`- from: ... to: ... expect: allow`).', flowsNode, 'flows', span(root));
      continue;
    }
    flowsNode.items.forEach((item, index) => {
      const parsed = readEntry(item, index, span, problem);
      if (parsed) entries.push(parsed);
    });
  }
  return { uri: file.uri, entries, problems };
}

type SpanOf = (node: unknown, fallback?: TextSpan) => TextSpan;
type Report = (message: string, node: unknown, path: string, fallback?: TextSpan) => void;

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function readEntry(item: unknown, index: number, span: SpanOf, report: Report): FlowEntry | undefined {
  const path = `flows[${index}]`;
  if (!isMap(item)) {
    report('A flow is a mapping: `{from: ..., to: ..., expect: allow}`.', item, path);
    return undefined;
  }
  const entrySpan = span(item);
  const fields = new Map<string, { key: unknown; value: unknown }>();
  let ok = true;
  const fail = (message: string, node: unknown, field: string): undefined => {
    ok = false;
    report(message, node, `${path}.${field}`, entrySpan);
    return undefined;
  };
  for (const pair of item.items as Pair[]) {
    const key = keyText(pair);
    if (key === undefined || !ENTRY_KEYS.includes(key)) {
      fail(`Unknown field ${JSON.stringify(key ?? '')}: a flow has ${ENTRY_KEYS.map((k) => `\`${k}\``).join(', ')}.`, pair.key, key ?? '');
      continue;
    }
    fields.set(key, { key: pair.key, value: pair.value });
  }
  const required = (name: string): { key: unknown; value: unknown } | undefined => {
    const field = fields.get(name);
    if (!field) {
      ok = false;
      report(`The flow has no \`${name}\`.`, item, `${path}.${name}`, entrySpan);
      return undefined;
    }
    if (field.value === null || (isScalar(field.value) && field.value.value === null)) {
      fail(`\`${name}\` is empty.`, field.key, name);
      return undefined;
    }
    return field;
  };

  const endpoint = (name: 'from' | 'to'): EndpointField | undefined => {
    const field = required(name);
    return field && readEndpoint(field.value, span, (message, node) => fail(message, node, name), true);
  };
  const from = endpoint('from');
  const to = endpoint('to');

  let expect: Expectation | undefined;
  const expectField = required('expect');
  if (expectField) {
    const value = scalarValue(expectField.value);
    if (value === 'allow' || value === 'deny') expect = value;
    else
      fail(
        `\`expect\` is \`allow\` (every matching connection is allowed) or \`deny\` (none is), not ${describe(expectField.value)}.`,
        expectField.value,
        'expect',
      );
  }

  let port: PortPattern = { kind: 'all' };
  let portText: string | undefined;
  const portField = fields.get('port');
  if (portField) {
    const read = readPort(portField.value);
    if (typeof read === 'string') fail(read, portField.value ?? portField.key, 'port');
    else {
      port = read;
      portText = String(scalarValue(portField.value));
    }
  }

  let protocols: readonly Protocol[] = port.kind === 'all' ? PROTOCOLS : ['TCP'];
  const protocolField = fields.get('protocol');
  if (protocolField) {
    const value = scalarValue(protocolField.value);
    if (typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value)) protocols = [value as Protocol];
    else {
      const hint =
        typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value.toUpperCase())
          ? ` (write ${value.toUpperCase()}: protocols are case-sensitive)`
          : '';
      fail(`\`protocol\` is TCP, UDP or SCTP, not ${describe(protocolField.value)}${hint}.`, protocolField.value ?? protocolField.key, 'protocol');
    }
  }

  let why: string | undefined;
  const whyField = fields.get('why');
  if (whyField) {
    const value = scalarValue(whyField.value);
    if (typeof value === 'string') why = value;
    else if (value !== null && value !== undefined && !isMap(whyField.value) && !isSeq(whyField.value)) why = String(value);
    else fail('`why` is a sentence, shown when the flow fails.', whyField.value ?? whyField.key, 'why');
  }

  const except: EndpointField[] = [];
  const exceptField = fields.get('except');
  if (exceptField) {
    const items = isSeq(exceptField.value) ? exceptField.value.items : [exceptField.value];
    items.forEach((node, i) => {
      const fieldPath = isSeq(exceptField.value) ? `except[${i}]` : 'except';
      const read = readEndpoint(node, span, (message, bad) => fail(message, bad, fieldPath), false);
      if (read) except.push(read);
    });
  }

  if (from && to) {
    if (from.pattern.kind === 'outside' && to.pattern.kind === 'outside')
      fail('Traffic from outside the cluster to outside it never meets a NetworkPolicy.', fields.get('to')!.value, 'to');
    if (port.kind === 'named' && (to.pattern.kind === 'outside' || to.pattern.kind === 'any-namespace')) {
      fail(
        `A named port is looked up in the destination's container ports, which ${to.text} does not have: give a number or a range.`,
        portField!.value,
        'port',
      );
    }
  }
  if (!ok || !from || !to || !expect) return undefined;
  return {
    index,
    span: entrySpan,
    from,
    to,
    port,
    ...(portText !== undefined ? { portText } : {}),
    protocols,
    protocolGiven: protocolField !== undefined,
    expect,
    ...(why !== undefined ? { why } : {}),
    except,
  };
}

function readEndpoint(node: unknown, span: SpanOf, fail: (message: string, node: unknown) => undefined, special: boolean): EndpointField | undefined {
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value !== 'string' || value === '')
      return fail(
        `An endpoint is a key (\`shop/Deployment/web\`), a glob (\`shop/*\`), a selector (\`{namespace: shop, labels: {app: web}}\`)${special ? ', `outside` or `any-namespace`' : ''}, not ${describe(node)}.`,
        node,
      );
    if (value === 'outside' || value === 'any-namespace') {
      if (!special) return fail(`\`${value}\` cannot be excepted: except names keys, globs or selectors.`, node);
      return { pattern: { kind: value }, text: value, span: span(node) };
    }
    return { pattern: { kind: 'glob', glob: value }, text: value, span: span(node) };
  }
  if (isMap(node)) {
    let namespace: string | undefined;
    const labels: Record<string, string> = {};
    for (const pair of node.items as Pair[]) {
      const key = keyText(pair);
      if (key === 'namespace') {
        const value = scalarValue(pair.value);
        if (typeof value !== 'string' || value === '')
          return fail(`A selector's \`namespace\` is a namespace name, not ${describe(pair.value)}.`, pair.value ?? pair.key);
        namespace = value;
      } else if (key === 'labels') {
        if (!isMap(pair.value)) return fail("A selector's `labels` is a map of labels (`{app: web}`) that the pods must all have.", pair.value ?? pair.key);
        for (const label of pair.value.items as Pair[]) {
          const labelKey = keyText(label);
          const labelValue = scalarValue(label.value);
          if (labelKey === undefined || labelKey === '') return fail('A label key is a string.', label.key);
          if (labelValue === null || labelValue === undefined || typeof labelValue === 'object')
            return fail(`The label ${JSON.stringify(labelKey)} needs a value.`, label.value ?? label.key);
          if (typeof labelValue !== 'string')
            return fail(`The value of the label ${JSON.stringify(labelKey)} is ${describe(label.value)}: quote it, label values are strings.`, label.value);
          labels[labelKey] = labelValue;
        }
      } else {
        return fail(`Unknown field ${JSON.stringify(key ?? '')}: a selector has ${SELECTOR_KEYS.map((k) => `\`${k}\``).join(' and ')}.`, pair.key);
      }
    }
    const labelText = Object.keys(labels)
      .sort()
      .map((key) => `${key}: ${labels[key]}`)
      .join(', ');
    const parts = [...(namespace !== undefined ? [`namespace: ${namespace}`] : []), ...(labelText ? [`labels: {${labelText}}`] : [])];
    return { pattern: { kind: 'selector', ...(namespace !== undefined ? { namespace } : {}), labels }, text: `{${parts.join(', ')}}`, span: span(node) };
  }
  return fail(`An endpoint is a key, a glob or a selector, not ${describe(node)}.`, node);
}

/** A port field: the pattern, or why it is malformed. */
function readPort(node: unknown): PortPattern | string {
  const value = scalarValue(node);
  const inRange = (port: number): boolean => Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;
  if (typeof value === 'number') {
    return inRange(value) ? { kind: 'range', low: value, high: value } : `A port is between ${MIN_PORT} and ${MAX_PORT}, not ${value}.`;
  }
  if (typeof value !== 'string') return `\`port\` is a number, a container port name or a range ("8000-8100"), not ${describe(node)}.`;
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(value);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    if (!inRange(low) || !inRange(high)) return `The ports of a range are between ${MIN_PORT} and ${MAX_PORT}: "${value}".`;
    if (low > high) return `The range "${value}" ends before it starts: write "${high}-${low}".`;
    return { kind: 'range', low, high };
  }
  if (/^\d+$/.test(value)) {
    const port = Number(value);
    return inRange(port) ? { kind: 'range', low: port, high: port } : `A port is between ${MIN_PORT} and ${MAX_PORT}, not ${value}.`;
  }
  if (!PORT_NAME.test(value))
    return `${JSON.stringify(value)} is not a container port name (1-15 lowercase letters, digits and "-", with a letter), a number or a range ("8000-8100").`;
  return { kind: 'named', name: value };
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value = scalarValue(node);
  if (value === null || value === undefined) return 'empty';
  // kubectl's YAML 1.1 reads `y`, `yes`, `on`, `off` as booleans, as the service does.
  if (typeof value === 'boolean' && isScalar(node) && node.source !== undefined && !/^(true|false)$/i.test(node.source))
    return `${JSON.stringify(value)} (YAML 1.1 reads ${node.source} as a boolean: quote it)`;
  return JSON.stringify(value);
}
