import { readBlockItem, readBlockNode } from './blockYaml';
import { parseYamlDocument, type ParsedDocument } from './parsedDocument';
import type { ParsedFile, PlacedDocument } from './parsedFile';

/**
 * Cluster dumps (`kubectl get pods,namespaces,networkpolicies -A -o yaml` or `-o json`): one `kind: List` (or a
 * typed list such as `PodList`) whose items are mostly Pods, Namespaces and ReplicaSets. Such a file can hold
 * 100,000 Pods (200 MB); composing it into one YAML document model takes minutes and gigabytes.
 *
 * The light reading path reads such a file as what it is used for. The context objects ({@link LIGHT_KINDS}) are
 * read for what the cluster model reads of them (labels, namespace, owners, ports, IPs, hostNetwork) and nothing
 * else is kept: no document, no source ranges (a lazy document is parsed from the item's text on the rare
 * occasion that one of them needs a place, e.g. to be reported as left out). Every other item (the
 * NetworkPolicies, which findings and explanations point into) becomes a document of its own, parsed from its
 * text as any document is, at its place in the file: its findings are the same as in any other file.
 *
 * YAML items are read by {@link readBlockItem} (kubectl's block style) or, where it gives up, by the `yaml`
 * package, item by item. JSON goes through `JSON.parse`, and only the items that keep documents are parsed again
 * from their text spans, found by a light scan. A file that is not such a list, or whose text has a syntax error
 * anywhere, is not read this way (undefined): the full path reads it and reports what it finds.
 */

/** The kinds read lightly from a dump: context for the policies, never pointed into. */
export const LIGHT_KINDS: ReadonlySet<string> = new Set(['Pod', 'Namespace', 'ReplicaSet']);

/** An item read lightly: the fields the cluster model reads, and where its text is. */
export interface LightObject {
  readonly kind: string | undefined;
  readonly apiVersion: string | undefined;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** The object, pruned to what the cluster model reads of its kind. */
  readonly value: Readonly<Record<string, unknown>>;
  /** The item's text: `[start, end)` of the file; in YAML from the start of its `- ` line. */
  readonly start: number;
  readonly end: number;
  /** The offset of the item's `- ` in YAML (replaced by two spaces to read the item alone); -1 in JSON. */
  readonly dash: number;
}

/** The text of a light object as a document of its own: offsets in it plus `object.start` are file offsets. */
export function lightObjectText(fileText: string, object: LightObject): string {
  if (object.dash < 0) return fileText.slice(object.start, object.end);
  return `${fileText.slice(object.start, object.dash)}  ${fileText.slice(object.dash + 2, object.end)}`;
}

/**
 * Where a scalar at a path of keys (`['metadata', 'name']`: what endpoint summaries point at) is in a light
 * object's document, as `locate` would find it, found by a scan of the item's text instead of a parse; undefined
 * when the scan is not sure (the caller parses the document then).
 */
export function locateLight(fileText: string, object: LightObject, path: readonly unknown[]): { start: number; end: number } | undefined {
  if (path.length === 0 || !path.every((segment) => typeof segment === 'string')) return undefined;
  const span = object.dash < 0 ? locateJson(fileText, object.start, object.end, path as string[]) : locateYaml(fileText, object, path as string[]);
  return span && { start: span.start - object.start, end: span.end - object.start };
}

function locateYaml(text: string, object: LightObject, path: readonly string[]): { start: number; end: number } | undefined {
  // The item's content starts after `- `: its keys are at that column.
  let content = object.dash + 1;
  while (content < object.end && text.charCodeAt(content) === 32) content++;
  let column = content - object.start;
  let depth = 0;
  let at = object.start;
  let childColumn = -1;
  while (at < object.end) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1 || lineEnd > object.end) lineEnd = object.end;
    const first = at === object.start ? content : firstNonSpace(text, at, lineEnd);
    const col = first - at;
    if (first < lineEnd && text.charCodeAt(first) !== 35) {
      if (at !== object.start && col < column) return undefined;
      if (depth > 0 && childColumn === -1) {
        if (col <= column) return undefined;
        childColumn = col;
      }
      const wanted = depth === 0 ? column : childColumn;
      if (col === wanted && text.startsWith(`${path[depth]}:`, first)) {
        const after = first + path[depth].length + 1;
        if (depth === path.length - 1) {
          let start = after;
          while (start < lineEnd && text.charCodeAt(start) === 32) start++;
          let end = lineEnd;
          while (end > start && text.charCodeAt(end - 1) === 32) end--;
          const value = text.slice(start, end);
          if (value === '' || /[#&*!|>{[]/.test(value[0]) || value.includes(' #')) return undefined;
          return { start, end };
        }
        depth++;
        column = wanted;
        childColumn = -1;
      }
    }
    at = lineEnd + 1;
  }
  return undefined;
}

function firstNonSpace(text: string, from: number, to: number): number {
  while (from < to && text.charCodeAt(from) === 32) from++;
  return from;
}

function locateJson(text: string, start: number, end: number, path: readonly string[]): { start: number; end: number } | undefined {
  let depth = 0;
  let matched = 0;
  let expectKey = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const close = stringEnd(text, i);
      if (close === -1) return undefined;
      // A key of the object we are in, at the depth of the next path segment.
      if (expectKey && depth === matched + 1) {
        let colon = close + 1;
        while (colon < end && /\s/.test(text[colon])) colon++;
        if (text.charCodeAt(colon) === 58 && JSON.parse(text.slice(i, close + 1)) === path[matched]) {
          let value = colon + 1;
          while (value < end && /\s/.test(text[value])) value++;
          if (matched === path.length - 1) {
            if (text.charCodeAt(value) !== 34) return undefined;
            const valueEnd = stringEnd(text, value);
            return valueEnd === -1 ? undefined : { start: value, end: valueEnd + 1 };
          }
          if (text.charCodeAt(value) !== 123) return undefined;
          matched++;
          depth++;
          i = value;
          expectKey = true;
          continue;
        }
      }
      expectKey = false;
      i = close;
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth < matched + 1 && depth > 0) return undefined;
      expectKey = false;
    } else if (c === 44) expectKey = true;
  }
  return undefined;
}

/** The offset of the quote that closes the JSON string opening at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let end = open + 1;
  for (;;) {
    end = text.indexOf('"', end);
    if (end === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return end;
    end++;
  }
}

/** A quick look: might the text be a dump? (JSON, or YAML with `items:` and a `kind: ...List` at the top level.) */
export function mightBeClusterDump(text: string): boolean {
  const first = text.search(/\S/);
  if (first === -1) return false;
  if (text.charCodeAt(first) === 123 /* { */) return true;
  return /^items:/m.test(text) && /^kind:[ \t]*["']?[A-Za-z]*List["']?[ \t]*$/m.test(text);
}

interface Item {
  readonly start: number;
  readonly end: number;
  readonly dash: number;
  /** The item's value, undefined when the fast reader gave up (read by the `yaml` package then). */
  readonly value: unknown;
}

interface ListShape {
  readonly kind: string;
  readonly apiVersion: string | undefined;
  readonly items: readonly Item[];
}

/**
 * Reads a dump along the light path; undefined when the text is not a list of mostly context objects, or cannot
 * be read this way without doubt (the caller parses it fully then).
 */
export function readClusterDump(uri: string, text: string): ParsedFile | undefined {
  const first = text.search(/\S/);
  if (first === -1) return undefined;
  const shape = text.charCodeAt(first) === 123 ? jsonList(text) : yamlList(text);
  if (!shape) return undefined;
  const element = shape.kind.slice(0, -'List'.length);
  const itemType = element === '' ? undefined : { kind: element, apiVersion: shape.apiVersion };

  // The items the fast reader gave up on are read by the `yaml` package (a syntax error there: the full path's).
  const parsedItems = new Map<Item, ParsedDocument>();
  for (const item of shape.items) {
    if (item.value !== undefined) continue;
    const document = parseYamlDocument(flatCopy(itemText(text, item)));
    if (document.isTemplate || document.problems.some((problem) => problem.severity === 'error')) return undefined;
    parsedItems.set(item, document);
  }
  const valueOf = (item: Item) => typed(parsedItems.get(item)?.value ?? item.value, itemType);
  // Mostly context objects?
  let light = 0;
  for (const item of shape.items) if (isLight(valueOf(item))) light++;
  if (light * 2 <= shape.items.length) return undefined;

  const documents: PlacedDocument[] = [];
  const lightObjects: LightObject[] = [];
  for (const item of shape.items) {
    const value = valueOf(item);
    if (!isLight(value)) {
      // A typed list's item without kind and apiVersion would be no manifest as a document of its own.
      const own = parsedItems.get(item)?.value ?? item.value;
      if (!hasOwnType(own)) return undefined;
      const document = parsedItems.get(item) ?? parseYamlDocument(flatCopy(itemText(text, item)));
      if (document.isTemplate || document.problems.some((problem) => problem.severity === 'error')) return undefined;
      documents.push({ offset: item.start, document });
      continue;
    }
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    lightObjects.push({
      kind: stringOrUndefined(value.kind) || undefined,
      apiVersion: stringOrUndefined(value.apiVersion) || undefined,
      name: stringOrUndefined(metadata.name),
      namespace: stringOrUndefined(metadata.namespace),
      value: prune(value),
      start: item.start,
      end: item.end,
      dash: item.dash,
    });
  }
  return { uri, text, documents, lightObjects };
}

function itemText(text: string, item: Item): string {
  return lightObjectText(text, { ...item, kind: undefined, apiVersion: undefined, name: undefined, namespace: undefined, value: {} });
}

/** The item with the kind and apiVersion of its typed list when it has neither (as manifest.ts reads lists). */
function typed(value: unknown, itemType: { kind: string; apiVersion: string | undefined } | undefined): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  if (!itemType || hasOwnType(value)) return value;
  return { ...value, kind: itemType.kind, apiVersion: itemType.apiVersion };
}

function hasOwnType(value: unknown): boolean {
  return isRecord(value) && (Boolean(stringOrUndefined(value.kind)) || Boolean(stringOrUndefined(value.apiVersion)));
}

function isLight(value: Record<string, unknown> | undefined): value is Record<string, unknown> {
  return value !== undefined && typeof value.kind === 'string' && LIGHT_KINDS.has(value.kind);
}

// --- Pruning: only what readObject reads of a Pod, a Namespace or a ReplicaSet. A field of an unexpected type is
// kept as it is, so that reading it fails as it would on the whole object.

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(record, key)) out[key] = record[key];
  return out;
}

function pruneMeta(metadata: unknown): unknown {
  if (!isRecord(metadata)) return metadata;
  const out = pick(metadata, ['name', 'generateName', 'namespace', 'labels']);
  if (Object.hasOwn(metadata, 'ownerReferences')) {
    const owners = metadata.ownerReferences;
    out.ownerReferences = Array.isArray(owners) ? owners.map((owner) => (isRecord(owner) ? pick(owner, ['kind', 'name']) : owner)) : owners;
  }
  return out;
}

function prunePodSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out = pick(spec, ['hostNetwork']);
  for (const field of ['containers', 'initContainers']) {
    if (!Object.hasOwn(spec, field)) continue;
    const containers = spec[field];
    out[field] = Array.isArray(containers) ? containers.map((container) => (isRecord(container) ? pick(container, ['ports']) : container)) : containers;
  }
  return out;
}

function prune(value: Record<string, unknown>): Record<string, unknown> {
  const out = pick(value, ['apiVersion', 'kind']);
  if (Object.hasOwn(value, 'metadata')) out.metadata = pruneMeta(value.metadata);
  if (value.kind === 'Pod') {
    if (Object.hasOwn(value, 'spec')) out.spec = prunePodSpec(value.spec);
    if (Object.hasOwn(value, 'status')) out.status = isRecord(value.status) ? pick(value.status, ['podIP', 'podIPs']) : value.status;
  } else if (value.kind === 'ReplicaSet' && Object.hasOwn(value, 'spec')) {
    const spec = value.spec;
    if (!isRecord(spec) || !Object.hasOwn(spec, 'template')) out.spec = spec;
    else {
      const template = spec.template;
      out.spec = {
        template: isRecord(template)
          ? {
              ...(Object.hasOwn(template, 'metadata') ? { metadata: pruneMeta(template.metadata) } : {}),
              ...(Object.hasOwn(template, 'spec') ? { spec: prunePodSpec(template.spec) } : {}),
            }
          : template,
      };
    }
  }
  return out;
}

// --- YAML: the top level (`apiVersion`, `items`, `kind`, `metadata` at column 0) and the items' spans.

function yamlList(text: string): ListShape | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const top: Record<string, unknown> = {};
  let items: Item[] | undefined;
  let at = 0;
  const length = text.length;
  while (at < length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = length;
    const c = text.charCodeAt(at);
    if (at === lineEnd || c === 35 /* # */ || (c === 32 && isBlank(text, at, lineEnd))) {
      at = lineEnd + 1;
      continue;
    }
    // A document marker, a directive, an indented or a flow top level: not this shape.
    if (c === 32 || c === 45 || c === 37 || c === 123 || c === 91) return undefined;
    const colon = text.indexOf(':', at);
    if (colon === -1 || colon > lineEnd) return undefined;
    const key = text.slice(at, colon);
    if (!/^[A-Za-z]+$/.test(key) || Object.hasOwn(top, key)) return undefined;
    const rest = text.slice(colon + 1, lineEnd).trim();
    if (key === 'items' && rest === '') {
      const read = yamlItems(text, lineEnd + 1);
      if (!read) return undefined;
      items = read.items;
      top.items = true;
      at = read.end;
      continue;
    }
    // Any other top-level key: its value up to the next line at column 0.
    let end = lineEnd;
    while (end < length) {
      const next = end + 1;
      if (next >= length) {
        end = length;
        break;
      }
      const n = text.charCodeAt(next);
      if (n !== 32 && n !== 10 && n !== 35) break;
      const following = text.indexOf('\n', next);
      end = following === -1 ? length : following;
    }
    const value = readBlockNode(text, at, end);
    if (value === undefined || !isRecord(value)) return undefined;
    top[key] = value[key];
    if (key === 'items') {
      if (!Array.isArray(top.items) || top.items.length !== 0) return undefined;
      items = [];
    }
    at = end + 1;
  }
  const kind = stringOrUndefined(top.kind);
  if (!kind || !kind.endsWith('List') || !items) return undefined;
  return { kind, apiVersion: stringOrUndefined(top.apiVersion) || undefined, items };
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return text.charCodeAt(i) === 35;
  return true;
}

/** The items of a block sequence starting at `from`: each `- ` line at the sequence's indentation starts one. */
function yamlItems(text: string, from: number): { items: Item[]; end: number } | undefined {
  const length = text.length;
  const items: Item[] = [];
  let indent = -1;
  let current: { start: number; dash: number } | undefined;
  const close = (end: number): boolean => {
    if (!current) return true;
    const value = readBlockItem(text, current.start, end);
    items.push({ start: current.start, end, dash: current.dash, value });
    current = undefined;
    return true;
  };
  let at = from;
  while (at < length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = length;
    let content = at;
    while (content < lineEnd && text.charCodeAt(content) === 32) content++;
    if (content === lineEnd || text.charCodeAt(content) === 35) {
      at = lineEnd + 1;
      continue;
    }
    const column = content - at;
    const dash = text.charCodeAt(content) === 45 && (content + 1 === lineEnd || text.charCodeAt(content + 1) === 32);
    if (indent === -1) {
      if (!dash) return undefined;
      indent = column;
    }
    if (column < indent || (column === indent && !dash)) {
      // The end of the sequence: a top-level key (at column 0), anything else is not this shape.
      if (column !== 0) return undefined;
      close(at);
      return { items, end: at };
    }
    if (column === indent) {
      close(at);
      current = { start: at, dash: content };
    }
    at = lineEnd + 1;
  }
  close(length);
  return { items, end: length };
}

// --- JSON: JSON.parse, then the spans of the top-level `items` elements by a scan that skips strings.

function jsonList(text: string): ListShape | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !Array.isArray(value.items)) return undefined;
  const kind = stringOrUndefined(value.kind);
  if (!kind || !kind.endsWith('List')) return undefined;
  const spans = jsonItemSpans(text);
  if (!spans || spans.length !== value.items.length) return undefined;
  const items = value.items.map((item: unknown, index) => ({ start: spans[index].start, end: spans[index].end, dash: -1, value: item }));
  return { kind, apiVersion: stringOrUndefined(value.apiVersion) || undefined, items };
}

/** `[start, end)` of each element of the top-level object's `items` array, in valid JSON text. */
function jsonItemSpans(text: string): { start: number; end: number }[] | undefined {
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let lastKey = '';
  let inItems = false;
  let elementStart = -1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end === -1) return undefined;
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      if (depth === 1) lastKey = text.slice(i + 1, end);
      // A string element: the list is not a dump of objects.
      else if (inItems && depth === 2) return undefined;
      i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 1 && c === 91 && lastKey === 'items') inItems = true;
      else if (inItems && depth === 2) elementStart = i;
      depth++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (inItems && depth === 2 && elementStart !== -1) {
        spans.push({ start: elementStart, end: i + 1 });
        elementStart = -1;
      } else if (inItems && depth === 1) inItems = false;
      continue;
    }
    if (inItems && depth === 2 && c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 44 && elementStart === -1) {
      // A scalar element (not an object): the list is not a dump of objects.
      return undefined;
    }
  }
  return spans;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A copy that does not share memory with the file's text (see parsedFile.ts). */
function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
