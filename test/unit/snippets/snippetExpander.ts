/**
 * Expands a VS Code (TextMate) snippet body as if the user accepted every default: `$1` and `${1}` take the value of
 * their tab stop, `${1:default}` its default (which may hold more tab stops), `${1|a,b|}` its first choice, `$0`
 * nothing. Tab stops with the same number are linked: each takes the value of the first one, in text order, that has
 * a default or a choice. `\$`, `\}` and `\\` are escapes (and `\,`, `\|` inside a choice).
 *
 * Variables (`$TM_FILENAME`, `${CLIPBOARD:x}`) and transforms (`${1/a/b/}`) are refused: a snippet that uses them
 * would insert something that depends on the editor, which these snippets must not.
 */
export function expandSnippet(body: string): string {
  const nodes = new Parser(body).parseAll();
  const values = new Map<number, string>();
  collectDefaults(nodes, values);
  return render(nodes, values);
}

/** What `markTabStops` writes for tab stop `n`: a plain YAML scalar no snippet holds as literal text. */
export const TAB_STOP_MARK = (index: number): string => `TABSTOP${index}`;

/**
 * Expands a snippet body with every tab stop, placeholder and choice (but `$0`) written as `TAB_STOP_MARK(n)`, its
 * default left out: the inserted text as a test sees it, to tell what the user is invited to change (a marked
 * value) from what the snippet writes as it is (a literal).
 */
export function markTabStops(body: string): string {
  const nodes = new Parser(body).parseAll();
  const values = new Map<number, string>();
  const visit = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'text' || node.index === 0) continue;
      values.set(node.index, TAB_STOP_MARK(node.index));
      if (node.kind === 'tabstop' && node.children) visit(node.children);
    }
  };
  visit(nodes);
  return render(nodes, values);
}

type SnippetNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly children?: readonly SnippetNode[] }
  | { readonly kind: 'choice'; readonly index: number; readonly options: readonly string[] };

function collectDefaults(nodes: readonly SnippetNode[], values: Map<number, string>): void {
  for (const node of nodes) {
    if (node.kind === 'choice' && !values.has(node.index)) values.set(node.index, node.options[0]);
    if (node.kind === 'tabstop' && node.children) {
      // The default's own tab stops come first: they are part of its text.
      collectDefaults(node.children, values);
      if (!values.has(node.index)) values.set(node.index, render(node.children, values));
    }
  }
}

function render(nodes: readonly SnippetNode[], values: ReadonlyMap<number, string>): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.index !== 0 || node.kind === 'choice' || node.children) out += values.get(node.index) ?? '';
  }
  return out;
}

class Parser {
  private position = 0;

  constructor(private readonly source: string) {}

  parseAll(): SnippetNode[] {
    const nodes = this.parseUntil(undefined);
    if (this.position < this.source.length) this.fail('unexpected "}"');
    return nodes;
  }

  /** Parses nodes up to `stop` (a `}` closing a placeholder) or the end; escapes apply to `$`, `}` and `\`. */
  private parseUntil(stop: '}' | undefined): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\' && '$}\\'.includes(this.source[this.position + 1] ?? '')) {
        text += this.source[this.position + 1];
        this.position += 2;
      } else if (char === '}' && stop === '}') {
        break;
      } else if (char === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          this.position++;
        }
      } else {
        text += char;
        this.position++;
      }
    }
    flush();
    return nodes;
  }

  /** Parses `$1`, `${1}`, `${1:...}`, `${1|a,b|}`; undefined for a `$` that starts none (it is then literal). */
  private parseDollar(): SnippetNode | undefined {
    const rest = this.source.slice(this.position);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple) {
      this.position += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]) };
    }
    if (/^\$[_a-zA-Z]/.test(rest) || /^\$\{[_a-zA-Z]/.test(rest)) this.fail('variables are not allowed in these snippets');
    const open = /^\$\{(\d+)/.exec(rest);
    if (!open) return undefined;
    this.position += open[0].length;
    const index = Number(open[1]);
    const next = this.source[this.position];
    if (next === '}') {
      this.position++;
      return { kind: 'tabstop', index };
    }
    if (next === ':') {
      this.position++;
      const children = this.parseUntil('}');
      this.expect('}');
      return { kind: 'tabstop', index, children };
    }
    if (next === '|') {
      this.position++;
      return { kind: 'choice', index, options: this.parseChoices() };
    }
    return this.fail(next === '/' ? 'transforms are not allowed in these snippets' : `unexpected "${next}" in a tab stop`);
  }

  private parseChoices(): string[] {
    const options: string[] = [];
    let option = '';
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\' && ',|\\$}'.includes(this.source[this.position + 1] ?? '')) {
        option += this.source[this.position + 1];
        this.position += 2;
      } else if (char === ',') {
        options.push(option);
        option = '';
        this.position++;
      } else if (char === '|' && this.source[this.position + 1] === '}') {
        options.push(option);
        this.position += 2;
        return options;
      } else {
        option += char;
        this.position++;
      }
    }
    return this.fail('unterminated choice');
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) this.fail(`expected "${char}"`);
    this.position++;
  }

  private fail(message: string): never {
    throw new Error(`snippet: ${message} at offset ${this.position}: ${JSON.stringify(this.source.slice(this.position, this.position + 20))}`);
  }
}
