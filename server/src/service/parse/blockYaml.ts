import { goYamlFloat, goYamlInteger } from './goYamlScalars';

/**
 * A fast reader of the block YAML that kubectl writes (go-yaml v2 output): block mappings and sequences indented
 * with spaces, one `key: value` per line, plain scalars, single-line quoted scalars, `{}` and `[]`. It reads one
 * item of a cluster dump (`kubectl get pods -A -o yaml`) about twenty times faster than the `yaml` package composes
 * it, and yields the same plain value.
 *
 * Anything outside that subset (flow collections, anchors, aliases, tags, block scalars, multi-line scalars,
 * comments after a value, tabs, merge keys, duplicate keys, a scalar whose type it does not know for sure) makes
 * it give up: `undefined`, and the caller reads the item with the `yaml` package as any other document. So it
 * never reads a value differently; it only reads fewer of them.
 *
 * Plain scalars are typed as the project's YAML 1.1 schema types them (go-yaml v2): the decimal, hex, octal
 * and float forms through {@link goYamlInteger} and {@link goYamlFloat}; anything that could be a boolean or a
 * null in YAML 1.1, in any case, gives up.
 */
export function readBlockItem(text: string, lineStart: number, end: number): unknown {
  const lines = splitLines(text, lineStart, end);
  if (!lines) return undefined;
  const reader = new BlockReader(text, lines);
  // The item's first line: `- ` at its indentation, the item's content after it.
  if (lines.count === 0 || !reader.isDash(0)) return undefined;
  const value = reader.sequenceItem(0, lines.indent[0]);
  if (value === FAIL || reader.next !== lines.count) return undefined;
  return value;
}

/** Reads a block node (a mapping or a sequence) from `lineStart` to `end`: a top-level value of a dump. */
export function readBlockNode(text: string, lineStart: number, end: number): unknown {
  const lines = splitLines(text, lineStart, end);
  if (!lines) return undefined;
  if (lines.count === 0) return null;
  const reader = new BlockReader(text, lines);
  const value = reader.node(0, lines.indent[0]);
  if (value === FAIL || reader.next !== lines.count) return undefined;
  return value;
}

const FAIL = Symbol('fail');
/** A value read, or FAIL (values are returned bare: one allocation fewer per node, on millions of nodes). */
type Read = unknown;

interface Lines {
  count: number;
  /** Column of each line's content. */
  indent: number[];
  /** Offset of each line's content (moved past `- ` when a sequence item's content is read). */
  content: number[];
  /** Offset of each line's end (its line break, or the end). */
  lineEnd: number[];
}

const LINES: Lines = { count: 0, indent: [], content: [], lineEnd: [] };

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const TAB = 9;
const CR = 13;

/** The non-blank lines in `[start, end)`, without comment lines; undefined if some line is indented with a tab. */
function splitLines(text: string, start: number, end: number): Lines | undefined {
  // One set of arrays for every item (reading is synchronous and never nested): no garbage per item.
  const lines = LINES;
  lines.count = 0;
  let at = start;
  while (at < end) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    let content = at;
    while (content < lineEnd && text.charCodeAt(content) === SPACE) content++;
    if (content < lineEnd) {
      const first = text.charCodeAt(content);
      if (first === TAB || first === CR) return undefined;
      if (first !== HASH) {
        let last = lineEnd;
        while (last > content && text.charCodeAt(last - 1) === SPACE) last--;
        if (text.charCodeAt(last - 1) === CR || text.charCodeAt(last - 1) === TAB) return undefined;
        lines.indent[lines.count] = content - at;
        lines.content[lines.count] = content;
        lines.lineEnd[lines.count] = last;
        lines.count++;
      }
    }
    at = lineEnd + 1;
  }
  return lines;
}

class BlockReader {
  /** The line after the last one read. */
  next = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Lines,
  ) {}

  isDash(line: number): boolean {
    const at = this.lines.content[line];
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === this.lines.lineEnd[line] || this.text.charCodeAt(at + 1) === SPACE;
  }

  /** The block node whose first line is `line`, at column `indent`. */
  node(line: number, indent: number): Read {
    if (this.isDash(line)) return this.sequence(line, indent);
    if (this.keyEnd(line) !== -1) return this.mapping(line, indent);
    return FAIL;
  }

  sequence(line: number, indent: number): Read {
    const items: unknown[] = [];
    const { lines } = this;
    while (line < lines.count && lines.indent[line] === indent && this.isDash(line)) {
      const item = this.sequenceItem(line, indent);
      if (item === FAIL) return FAIL;
      items.push(item);
      line = this.next;
    }
    if (line < lines.count && lines.indent[line] > indent) return FAIL;
    this.next = line;
    return items;
  }

  /** The item of the `- ` on `line` (at column `indent`). */
  sequenceItem(line: number, indent: number): Read {
    const { lines, text } = this;
    let at = lines.content[line] + 1;
    while (at < lines.lineEnd[line] && text.charCodeAt(at) === SPACE) at++;
    if (at === lines.lineEnd[line]) return this.nested(line, indent, false);
    // The content after `- ` is read as a line of its own, at its column.
    lines.indent[line] = indent + (at - lines.content[line]);
    lines.content[line] = at;
    if (this.isDash(line) || this.keyEnd(line) !== -1) return this.node(line, lines.indent[line]);
    const value = scalar(text, at, lines.lineEnd[line]);
    if (value === FAIL) return FAIL;
    if (line + 1 < lines.count && lines.indent[line + 1] > indent) return FAIL;
    this.next = line + 1;
    return value;
  }

  /** The value on the lines after `line` (whose value part is empty): a nested node, or null. */
  private nested(line: number, indent: number, sequenceAtSameIndent: boolean): Read {
    const { lines } = this;
    const following = line + 1;
    if (following < lines.count && lines.indent[following] > indent) return this.node(following, lines.indent[following]);
    if (sequenceAtSameIndent && following < lines.count && lines.indent[following] === indent && this.isDash(following))
      return this.sequence(following, indent);
    this.next = following;
    return null;
  }

  mapping(line: number, indent: number): Read {
    const { lines, text } = this;
    const object: Record<string, unknown> = {};
    while (line < lines.count && lines.indent[line] === indent) {
      const colon = this.keyEnd(line);
      if (colon === -1) return FAIL;
      const key = this.keyText(line, colon);
      if (key === undefined || Object.hasOwn(object, key)) return FAIL;
      let at = colon + 1;
      while (at < lines.lineEnd[line] && text.charCodeAt(at) === SPACE) at++;
      let value: Read;
      if (at === lines.lineEnd[line]) value = this.nested(line, indent, true);
      else {
        value = scalar(text, at, lines.lineEnd[line]);
        if (value === FAIL) return FAIL;
        if (line + 1 < lines.count && lines.indent[line + 1] > indent) return FAIL;
        this.next = line + 1;
      }
      if (value === FAIL) return FAIL;
      object[key] = value;
      line = this.next;
    }
    if (line < lines.count && lines.indent[line] > indent) return FAIL;
    this.next = line;
    return object;
  }

  /** The offset of the `:` ending the key of `line`, or -1 if the line is not `key:` / `key: value`. */
  keyEnd(line: number): number {
    const { text, lines } = this;
    const start = lines.content[line];
    const lineEnd = lines.lineEnd[line];
    if (text.charCodeAt(start) === 34 /* " */) {
      const close = text.indexOf('"', start + 1);
      if (close === -1 || close >= lineEnd || text.charCodeAt(close + 1) !== 58) return -1;
      return close + 2 === lineEnd || text.charCodeAt(close + 2) === SPACE ? close + 1 : -1;
    }
    for (let at = start; at < lineEnd; at++) {
      const c = text.charCodeAt(at);
      if (c === 58 /* : */) {
        if (at === start) return -1;
        return at + 1 === lineEnd || text.charCodeAt(at + 1) === SPACE ? at : -1;
      }
      if (!isKeyChar(c)) return -1;
    }
    return -1;
  }

  private keyText(line: number, colon: number): string | undefined {
    const start = this.lines.content[line];
    if (this.text.charCodeAt(start) === 34) {
      const inner = this.text.slice(start + 1, colon - 1);
      return inner.includes('\\') ? undefined : inner;
    }
    const key = this.text.slice(start, colon);
    // A merge key, or a key the plain-object value would treat differently.
    if (key === '<<' || key === '__proto__' || NOT_PLAIN_STRING.test(key)) return undefined;
    // A key that reads as a number would be that number's text (`1e3`: "1000").
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57 && (goYamlInteger(key) !== undefined || goYamlFloat(key) !== undefined)) return undefined;
    return key;
  }
}

/** Characters a plain key may have here: label keys (`app.kubernetes.io/name`), field names. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 47 || c === 45 || c === 95;
}

/** Plain scalars that YAML 1.1 may read as something other than a string (booleans, nulls, in any case). */
const NOT_PLAIN_STRING = /^(?:y|yes|n|no|true|false|on|off|null|~|[-+.].*)$/i;
const YAML11_TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const YAML11_FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const YAML11_NULL = /^(?:~|[Nn]ull|NULL)$/;
/** A plain scalar read as a string when it is none of the above and no number. */
const PLAIN_STRING = /^[A-Za-z0-9_/][A-Za-z0-9_./:@+-]*$/;

function scalar(text: string, start: number, end: number): Read {
  const first = text.charCodeAt(start);
  const raw = text.slice(start, end);
  if (first === 34 /* " */) {
    if (raw.length < 2 || raw.charCodeAt(raw.length - 1) !== 34) return FAIL;
    const inner = raw.slice(1, -1);
    if (!inner.includes('\\') && !inner.includes('"')) return inner;
    try {
      // JSON's escapes mean the same in YAML's double-quoted scalars; anything else throws here.
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? value : FAIL;
    } catch {
      return FAIL;
    }
  }
  if (first === 39 /* ' */) {
    if (raw.length < 2 || raw.charCodeAt(raw.length - 1) !== 39) return FAIL;
    const inner = raw.slice(1, -1);
    const unquoted = inner.replace(/''/g, '');
    if (unquoted.includes("'")) return FAIL;
    return inner.replace(/''/g, "'");
  }
  if (raw === '{}') return {};
  if (raw === '[]') return [];
  // YAML 1.1's booleans and nulls, exactly as the `yaml` package's 1.1 schema spells them.
  if (YAML11_TRUE.test(raw)) return true;
  if (YAML11_FALSE.test(raw)) return false;
  if (YAML11_NULL.test(raw)) return null;
  if (!PLAIN_STRING.test(raw) || NOT_PLAIN_STRING.test(raw) || raw.endsWith(':')) return FAIL;
  if (first >= 48 && first <= 57) {
    const number = goYamlInteger(raw) ?? goYamlFloat(raw);
    if (number !== undefined) return number;
    // Timestamps and base-60 numbers are strings in this schema (go-yaml v2), as any other text is.
  }
  return raw;
}
