import {
  Composer,
  Parser,
  parseDocument,
  Schema,
  YAMLParseError,
  type CST,
  type Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { asGoYamlV2 } from './goYamlScalars';
import { withSyntaxHint } from './syntaxHints';
import { estimateBlockDepth, MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH, measureNesting, measureTokenDepth, unsafeShape } from './nesting';

/** A YAML syntax error or warning, at offsets relative to its document. */
export interface SyntaxProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
  /** The `yaml` package's error code, e.g. `DUPLICATE_KEY`, `BAD_INDENT`. */
  readonly yamlCode: string;
}

/** One YAML document, parsed on its own. Offsets are relative to the document's text, never to the file. */
export interface ParsedDocument {
  readonly text: string;
  readonly yaml: Document.Parsed;
  /** The document as plain data (what the API server would decode), or undefined if it has none or cannot be built. */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /** A Helm or other `{{ ... }}` template: not YAML until rendered, so neither broken YAML nor a manifest. */
  readonly isTemplate: boolean;
}

/** Aliases a document may expand; more is an "alias bomb" (billion laughs) and the document is left out. */
export const MAX_ALIAS_COUNT = 1000;

/** The `yamlCode` of a document nested too deeply (or infinitely, through an alias) to be read. */
export const TOO_DEEP = 'TOO_DEEP';

/** The `yamlCode` of a document with a list or a mapping as a key. */
export const COLLECTION_KEY = 'COLLECTION_KEY';

/**
 * A `{{` with a `}}` somewhere after it. Two `indexOf`s rather than `/\{\{[\s\S]*?\}\}/`, which rescans the rest
 * of the text from every `{{` and is quadratic: 200 KB of `{` took 12 s.
 */
function looksLikeTemplate(text: string): boolean {
  const open = text.indexOf('{{');
  return open !== -1 && text.indexOf('}}', open + 2) !== -1;
}

/**
 * The YAML 1.1 schema (as `yaml` builds it for `version: '1.1'`), built once: a document given a schema object
 * shares it instead of building its own (the tag list, each time), which was a tenth of the time of opening a file
 * of thousands of small documents. Composing reads a schema and never changes it.
 */
const YAML_1_1_SCHEMA = new Schema({
  schema: 'yaml-1.1',
  resolveKnownTags: false,
  // Plain scalars typed as go-yaml v2 (kubectl, the API server) types them: `e80` and `1:20` are strings.
  customTags: asGoYamlV2,
});

/** How manifests are read (see {@link parseYamlDocument}). */
const YAML_OPTIONS = {
  version: '1.1',
  schema: YAML_1_1_SCHEMA,
  prettyErrors: false,
  uniqueKeys: true,
  keepSourceTokens: false,
  strict: true,
  // Not 'warn': the `yaml` package would print its warnings (e.g. on a `[a, b]:` key) with process.emitWarning,
  // onto the CLI's stderr and the server's log, once per parse.
  logLevel: 'error',
} satisfies ParseOptions & DocumentOptions & SchemaOptions;

/** A document left unread (yaml.too-deep, on its first line), with an empty YAML document in its place. */
function notRead(text: string, message: string): ParsedDocument {
  const start = Math.max(text.search(/\S/), 0);
  return {
    text,
    yaml: parseDocument('', YAML_OPTIONS),
    value: undefined,
    problems: [tooDeep(message, start, lineEnd(text, start))],
    isTemplate: looksLikeTemplate(text),
  };
}

/** `parseDocument` on tokens already parsed (it is `Composer` over `Parser`, with `prettyErrors: false`). */
function composeDocument(tokens: readonly CST.Token[], length: number): Document.Parsed {
  let document: Document.Parsed | undefined;
  for (const composed of new Composer(YAML_OPTIONS).compose(tokens, true, length)) {
    if (!document) document = composed;
    else {
      document.errors.push(new YAMLParseError(composed.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return document!;
}

/**
 * Parses one YAML document as kubectl reads manifests: YAML 1.1 scalars (`yes`, `on` are booleans, as in
 * go-yaml v2 which sigs.k8s.io/yaml uses), merge keys, and duplicate keys as errors (strict field validation).
 */
export function parseYamlDocument(text: string): ParsedDocument {
  // A lone `\r` is a line break to YAML (and to go-yaml, LSP and the document splitter), but not to the `yaml`
  // package, which read `a:\r  - x` as the string "\r  - x" without an error. Same length: offsets are unchanged.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // Three steps, each guarding the next against recursing too deep: the indentation (the parser recurses at
  // dedents), the parsed tokens (the composer recurses per level), the composed nodes (toJS; aliases expanded).
  const blockDepth = estimateBlockDepth(source);
  if (blockDepth > MAX_NESTING_DEPTH)
    return notRead(
      text,
      `The document nests about ${blockDepth} levels of indentation deep, more than the ${MAX_NESTING_DEPTH} this extension reads: it was not analysed.`,
    );
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(source));
  } catch (error) {
    // The parser's own stack overflow, should the estimate above ever fall short.
    return notRead(text, `The document nests too deeply for the YAML parser (${(error as Error).message}): it was not analysed.`);
  }
  const tokenDepth = measureTokenDepth(tokens);
  if (tokenDepth > MAX_NESTING_DEPTH)
    return notRead(text, `The document nests ${tokenDepth} levels deep, more than the ${MAX_NESTING_DEPTH} this extension reads: it was not analysed.`);
  const yaml = composeDocument(tokens, text.length);
  const problems: SyntaxProblem[] = [];
  let stackOverflowSeen = false;
  for (const error of yaml.errors) {
    // The parser reports its stack overflow once per level it unwinds: once is enough.
    if (error.code === 'RESOURCE_EXHAUSTION' && stackOverflowSeen) continue;
    stackOverflowSeen ||= error.code === 'RESOURCE_EXHAUSTION';
    problems.push(toProblem(error, 'error', text.length, source));
  }
  for (const warning of yaml.warnings) problems.push(toProblem(warning, 'warning', text.length));
  if (yaml.directives?.yaml.explicit && yaml.directives.yaml.version !== '1.1') problems.push(incompatibleVersion(source, yaml.directives.yaml.version));
  let value: unknown;
  // A duplicate key alone leaves a document that can be read (the last value wins, as in go-yaml): the rest of
  // it is still checked, so that a type error beside a duplicate key is reported too.
  const readable = yaml.errors.every((error) => error.code === 'DUPLICATE_KEY');
  const nesting = readable && yaml.contents ? measureNesting(yaml) : undefined;
  const unsafe = nesting && unsafeShape(nesting);
  const root = yaml.contents as Node | null;
  if (nesting && unsafe === 'recursive-alias') {
    const alias = nesting.recursiveAlias!;
    problems.push(
      tooDeep(
        `The alias *${alias.source} is inside the node of its own anchor &${alias.source}: the document would be infinitely deep (kubectl rejects it too). It was not analysed.`,
        alias.range?.[0] ?? 0,
        alias.range?.[1] ?? 0,
      ),
    );
  } else if (nesting && unsafe === 'too-deep') {
    const start = root?.range?.[0] ?? 0;
    problems.push(
      tooDeep(
        `The document nests ${nesting.depth} levels deep (aliases expanded), more than the ${MAX_NESTING_DEPTH} this extension reads: it was not analysed.`,
        start,
        lineEnd(text, start),
      ),
    );
  } else if (nesting && unsafe === 'alias-expansion') {
    const start = root?.range?.[0] ?? 0;
    problems.push(
      aliasLimit(
        `The document's aliases expand it from ${nesting.nodes} to ${expandedCount(nesting.expandedNodes)} nodes, more than ${MAX_ALIAS_EXPANSION} added: an alias bomb ("billion laughs")? It was not analysed.`,
        start,
        lineEnd(text, start),
      ),
    );
  } else if (nesting && unsafe === 'collection-key') {
    const key = nesting.collectionKey!;
    problems.push({
      message:
        'A mapping key is a list or a mapping: Kubernetes objects are JSON, whose keys are strings (kubectl rejects it: "unsupported map key"). The document was not analysed.',
      start: key.range?.[0] ?? 0,
      end: key.range?.[1] ?? 0,
      severity: 'error',
      yamlCode: COLLECTION_KEY,
    });
  } else if (nesting) {
    try {
      value = yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const node = yaml.contents as Node;
      problems.push(
        aliasLimit(
          /alias count/i.test((error as Error).message)
            ? `The document's aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses, weighted by their own aliases): an alias bomb ("billion laughs")? It was not analysed.`
            : /Unresolved alias/.test((error as Error).message)
              ? `An unquoted \`*\` starts an alias (a reference to an \`&anchor\`): quote a value that starts with \`*\`. (YAML parser: ${(error as Error).message})`
              : `The document cannot be read: ${(error as Error).message}`,
          node.range?.[0] ?? 0,
          node.range?.[1] ?? 0,
        ),
      );
    }
  }
  return { text, yaml, value, problems, isTemplate: looksLikeTemplate(text) };
}

/**
 * go-yaml v2 (kubectl, the API server) reads a `%YAML` directive of version 1.1 only: any other is "found
 * incompatible YAML document" (libyaml's parser). The `yaml` package reads 1.2 and goes on; the directive's
 * place is looked up only then.
 */
function incompatibleVersion(source: string, version: string): SyntaxProblem {
  const directive = /^%YAML[ \t]+\S+/m.exec(source);
  const start = directive?.index ?? 0;
  return {
    message: `found incompatible YAML document: kubectl reads YAML 1.1 only (go-yaml v2 rejects %YAML ${version}). Write %YAML 1.1 or remove the directive.`,
    start,
    end: start + (directive?.[0].length ?? 0),
    severity: 'error',
    yamlCode: 'INCOMPATIBLE_VERSION',
  };
}

/**
 * An error at the end of the input (an unterminated quote) has `pos` one past the text: clamped into it. The
 * parser's stack overflow (`RESOURCE_EXHAUSTION`, "Maximum call stack size exceeded") is told as what it is.
 */
function toProblem(
  error: { message: string; pos: [number, number]; code: string },
  severity: 'error' | 'warning',
  length: number,
  source?: string,
): SyntaxProblem {
  const start = Math.min(Math.max(error.pos[0], 0), length);
  const end = Math.min(Math.max(error.pos[1], start), length);
  if (error.code === 'RESOURCE_EXHAUSTION') {
    return tooDeep(`The document nests too deeply for the YAML parser (hundreds of levels; ${error.message}): it was not analysed.`, start, end);
  }
  const message = source === undefined ? error.message : withSyntaxHint(source, { code: error.code, message: error.message, start });
  return { message, start, end, severity, yamlCode: error.code };
}

function aliasLimit(message: string, start: number, end: number): SyntaxProblem {
  return { message, start, end, severity: 'error', yamlCode: 'ALIAS_LIMIT' };
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) return i;
  return text.length;
}

function expandedCount(count: number): string {
  return Number.isFinite(count) && count < 1e15 ? String(count) : 'more than 10^15';
}

/** A document nested too deeply to be read (reported as `yaml.too-deep`). */
function tooDeep(message: string, start: number, end: number): SyntaxProblem {
  return { message, start, end, severity: 'error', yamlCode: TOO_DEEP };
}
