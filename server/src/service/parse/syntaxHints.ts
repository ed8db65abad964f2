/**
 * A human hint for the usual causes of a YAML syntax error, whose words are the parser's ("Nested mappings are
 * not allowed in compact mappings" for `- key: app.kubernetes.io/name:`): a stray colon, a tab, an indentation
 * that leaves a key out of its mapping, an unquoted `*` or a `{{` of a Helm template. The message keeps the
 * parser's words after the hint. Judged from the line of the error (and the one after it), never guessed wider.
 */
export function withSyntaxHint(source: string, error: { readonly code: string; readonly message: string; readonly start: number }): string {
  const hint = syntaxHint(source, error.code, error.message, error.start);
  return hint ? `${hint} (YAML parser: ${error.message})` : error.message;
}

function syntaxHint(source: string, code: string, message: string, offset: number): string | undefined {
  const line = lineAt(source, offset);
  const next = lineAt(source, line.end + 1);
  if (line.text.includes('{{') || (/^Flow (map|sequence)/.test(message) && source.includes('{{'))) {
    return 'A `{{` looks like a Helm (Go) template, which is not YAML until it is rendered: render it first (`helm template`), or quote the value if the braces belong to it.';
  }
  if (code === 'TAB_AS_INDENT' || /^ *\t/.test(line.text)) {
    return 'A tab indents this line: YAML indents with spaces only. Replace the tab with spaces.';
  }
  if (code === 'BAD_ALIAS' || code === 'UNRESOLVED_ALIAS') {
    return 'An unquoted `*` starts an alias (a reference to an `&anchor`): quote a value that starts with `*`, e.g. "*".';
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    const value = valueOf(line.text);
    if (value !== undefined && /:$/.test(value) && !/^["']/.test(value)) {
      return `\`${short(value)}\` ends with a colon, which makes it a key of a nested mapping: remove the stray colon, or quote the value if the colon belongs to it.`;
    }
    if (value !== undefined && /:\s/.test(value) && !/^["']/.test(value)) {
      return `\`${short(value)}\` holds a colon followed by a space, which starts a nested mapping: quote the value, or remove the colon.`;
    }
    if (indentOf(next.text) > indentOf(line.text) && next.text.trim() !== '') {
      return "The next line is indented more than this one, which puts it inside this line's value: indent it as much as the key it belongs beside.";
    }
  }
  if ((code === 'BAD_INDENT' && /same column/.test(message)) || (code === 'MISSING_CHAR' && /without - indicator/.test(message))) {
    return 'This line is indented differently from the lines above it, which leaves its key out of the mapping it belongs to: indent it with as many spaces as the key it belongs beside.';
  }
  return undefined;
}

function lineAt(source: string, offset: number): { text: string; end: number } {
  const at = Math.min(Math.max(offset, 0), source.length);
  const start = source.lastIndexOf('\n', at - 1) + 1;
  let end = source.indexOf('\n', at);
  if (end === -1) end = source.length;
  return { text: source.slice(start, end), end };
}

/** The value of a `key: value` line (or `- key: value`), without its comment; linear in the line's length. */
function valueOf(text: string): string | undefined {
  const key = /^\s*(?:-\s+)?[^\s:#][^:#]*:\s/.exec(text);
  if (!key) return undefined;
  let rest = text.slice(key[0].length);
  const comment = rest.search(/\s#/);
  if (comment !== -1) rest = rest.slice(0, comment);
  return rest.trim();
}

/** A value as quoted in a hint: at most 60 characters. */
function short(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

function indentOf(text: string): number {
  return /^ */.exec(text)![0].length;
}
