import { parseDocument, type Document, type Node } from 'yaml';

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

/**
 * A `{{` with a `}}` somewhere after it. Two `indexOf`s rather than `/\{\{[\s\S]*?\}\}/`, which rescans the rest
 * of the text from every `{{` and is quadratic: 200 KB of `{` took 12 s.
 */
function looksLikeTemplate(text: string): boolean {
  const open = text.indexOf('{{');
  return open !== -1 && text.indexOf('}}', open + 2) !== -1;
}

/**
 * Parses one YAML document as kubectl reads manifests: YAML 1.1 scalars (`yes`, `on` are booleans, as in
 * go-yaml v2 which sigs.k8s.io/yaml uses), merge keys, and duplicate keys as errors (strict field validation).
 */
export function parseYamlDocument(text: string): ParsedDocument {
  const yaml = parseDocument(text, {
    version: '1.1',
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false,
    strict: true,
  });
  const problems: SyntaxProblem[] = [];
  for (const error of yaml.errors) problems.push(toProblem(error, 'error'));
  for (const warning of yaml.warnings) problems.push(toProblem(warning, 'warning'));
  let value: unknown;
  if (yaml.errors.length === 0 && yaml.contents) {
    try {
      value = yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const node = yaml.contents as Node;
      problems.push({
        message: `The document cannot be read: ${(error as Error).message}`,
        start: node.range?.[0] ?? 0,
        end: node.range?.[1] ?? 0,
        severity: 'error',
        yamlCode: 'ALIAS_LIMIT',
      });
    }
  }
  return { text, yaml, value, problems, isTemplate: looksLikeTemplate(text) };
}

function toProblem(error: { message: string; pos: [number, number]; code: string }, severity: 'error' | 'warning'): SyntaxProblem {
  const [start, end] = error.pos;
  return { message: error.message, start, end: Math.max(end, start), severity, yamlCode: error.code };
}

