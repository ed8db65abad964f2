import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type IOnigLib } from 'vscode-textmate';

/** The repository's root, where package.json and syntaxes/ are. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const INJECTION_PATH = path.join(REPO_ROOT, 'syntaxes/netpol.injection.tmLanguage.json');
export const INJECTION_SCOPE = 'netpol.injection';
export const DOCUMENT_INJECTION_PATH = path.join(REPO_ROOT, 'syntaxes/netpol.document.injection.tmLanguage.json');
export const DOCUMENT_INJECTION_SCOPE = 'netpol.injection.document';
export const TEXTMATE_DOCUMENT_INJECTION_PATH = path.join(REPO_ROOT, 'syntaxes/netpol.document.textmate.injection.tmLanguage.json');
export const TEXTMATE_DOCUMENT_INJECTION_SCOPE = 'netpol.injection.document.textmate';
export const TEXTMATE_INJECTION_PATH = path.join(REPO_ROOT, 'syntaxes/netpol.textmate.injection.tmLanguage.json');
export const TEXTMATE_INJECTION_SCOPE = 'netpol.injection.textmate';

/** The injection grammars package.json contributes into `source.yaml`, by scope name. */
export const INJECTIONS: Readonly<Record<string, string>> = {
  [DOCUMENT_INJECTION_SCOPE]: DOCUMENT_INJECTION_PATH,
  [TEXTMATE_DOCUMENT_INJECTION_SCOPE]: TEXTMATE_DOCUMENT_INJECTION_PATH,
  [INJECTION_SCOPE]: INJECTION_PATH,
  [TEXTMATE_INJECTION_SCOPE]: TEXTMATE_INJECTION_PATH,
};

/** A YAML base grammar: the files of its scopes (the root is always `source.yaml`). */
export interface BaseGrammar {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

const VSCODE_YAML = path.join(__dirname, 'vscode-yaml');

/**
 * The YAML grammars the injection must work with: VS Code's current one (RedCMD's, vendored in `vscode-yaml/`) and
 * the TextMate one VS Code used before it (textmate/yaml.tmbundle, from the `tm-grammars` package).
 */
export const BASE_GRAMMARS: readonly BaseGrammar[] = [
  {
    name: "VS Code's YAML grammar (RedCMD)",
    files: {
      'source.yaml': path.join(VSCODE_YAML, 'yaml.tmLanguage.json'),
      'source.yaml.1.3': path.join(VSCODE_YAML, 'yaml-1.3.tmLanguage.json'),
      'source.yaml.1.2': path.join(VSCODE_YAML, 'yaml-1.2.tmLanguage.json'),
      'source.yaml.1.1': path.join(VSCODE_YAML, 'yaml-1.1.tmLanguage.json'),
      'source.yaml.1.0': path.join(VSCODE_YAML, 'yaml-1.0.tmLanguage.json'),
      'source.yaml.embedded': path.join(VSCODE_YAML, 'yaml-embedded.tmLanguage.json'),
    },
  },
  {
    name: 'the TextMate YAML grammar (tm-grammars)',
    files: { 'source.yaml': require.resolve('tm-grammars/grammars/yaml.json') },
  },
];

/** One token: its text, where it is, and its scopes without the root `source.yaml`. */
export interface Token {
  readonly line: number;
  readonly start: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let onigLib: Promise<IOnigLib> | undefined;

/** The Oniguruma engine VS Code uses (vscode-oniguruma's wasm, from node_modules), loaded once per process. */
function loadOnigLib(): Promise<IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

/**
 * Loads `source.yaml` from a base grammar, with the injection grammar injected as VS Code does for a grammar
 * contributed with `injectTo: ["source.yaml"]`, or without it.
 */
export async function loadYamlGrammar(base: BaseGrammar, withInjection: boolean): Promise<IGrammar> {
  const files: Record<string, string> = { ...base.files, ...(withInjection ? INJECTIONS : {}) };
  const registry = new Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (withInjection && scopeName === 'source.yaml' ? Object.keys(INJECTIONS) : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  if (!grammar) throw new Error(`cannot load source.yaml of ${base.name}`);
  return grammar;
}

/** Tokenizes a text line by line, carrying the rule stack across lines as the editor does. */
export function tokenize(grammar: IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let stack = INITIAL;
  text.split('\n').forEach((line, lineNumber) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const end = Math.min(token.endIndex, line.length);
      if (end <= token.startIndex) continue;
      tokens.push({ line: lineNumber, start: token.startIndex, text: line.slice(token.startIndex, end), scopes: token.scopes.slice(1) });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** True for a scope the injection grammar contributes. */
export function isOurScope(scope: string): boolean {
  return scope.endsWith('.netpol');
}

/** The scopes of every character of a text, one array per character, as `line:column` keys. */
export function scopesByCharacter(tokens: readonly Token[]): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const token of tokens) for (let i = 0; i < token.text.length; i++) map.set(`${token.line}:${token.start + i}`, token.scopes);
  return map;
}
