/**
 * Architecture fences, read from the source (every import, export ... from, dynamic import(), require() and
 * `import x = require()`, found with the TypeScript parser, not a regex).
 *
 * 1. server/src/service/ is the editor-independent core: the language server, the CLI and (one day) a web worker
 *    run it. It may import only:
 *    - relative paths that stay inside server/src/service/;
 *    - the packages `yaml`, `ajv` and `ip-num` (pure JavaScript, no Node built-ins);
 *    - the JSON schema in server/schema/ (data, bundled by esbuild into dist/; it sits outside src/ because the
 *      benchmarks give the same file to yaml-language-server).
 *    Type-only imports (`import type`, `export type ... from`, `import('x').T` in a type) follow the same rules: they
 *    cost nothing at run time, but a type from `vscode-languageserver` or `node:*` would tie the service's API to
 *    the protocol or to Node, which is what the fence is for. Nothing else: no `node:` module, no LSP package, no
 *    `minimatch` (file selection belongs to server/src/node/ and the CLI), no path into lsp/, cli/, node/ or
 *    protocol/. It also uses none of Node's globals (`Buffer`, `process`, `require`, `__dirname`, ...).
 * 2. server/src/lsp/ and server/src/cli/ reach the service only through its facade, server/src/service/index.ts.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { builtinModules } from 'node:module';
import ts from 'typescript';

const SERVER_SRC = resolve(__dirname, '../../../server/src');
const SERVICE = join(SERVER_SRC, 'service');
const SCHEMA = resolve(SERVER_SRC, '../schema');

/** Packages the service may import, and why each is allowed. */
const SERVICE_PACKAGES: Record<string, string> = {
  yaml: 'the YAML parser (pure JavaScript)',
  ajv: 'the structural check against the JSON schema (pure JavaScript)',
  'ip-num': 'CIDR arithmetic (pure JavaScript)',
};

/** Node's globals, which a web worker does not have. */
const NODE_GLOBALS = new Set(['Buffer', 'process', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate']);

/** Node's built-in modules, by their bare names (`fs`, `path`, ...). */
const NODE_BUILTINS = new Set(builtinModules);

interface ModuleReference {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return tsFiles(path);
      return entry.endsWith('.ts') ? [path] : [];
    });
}

function sourceOf(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every module a file names: static and dynamic imports, re-exports, require(), `import x = require()`, import types. */
function moduleReferences(file: string, source: ts.SourceFile = sourceOf(file)): ModuleReference[] {
  const found: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    // A computed specifier (`require(name)`) cannot be checked: it is a breach of its own.
    found.push({ file, line, specifier: specifier && ts.isStringLiteralLike(specifier) ? specifier.text : '<computed>' });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Identifiers that name one of Node's globals as a value (not a property name, a declaration or a type). */
function nodeGlobals(file: string): string[] {
  const source = sourceOf(file);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      const isDeclaration =
        (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === node;
      const isMember =
        (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) &&
        parent.name === node;
      if (!isPropertyName && !isDeclaration && !isMember && !ts.isTypeReferenceNode(parent) && !ts.isQualifiedName(parent)) {
        found.push(`${relative(SERVER_SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isRelative = (specifier: string): boolean => specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(folder + sep);
const where = (reference: ModuleReference): string => `${relative(SERVER_SRC, reference.file)}:${reference.line}: ${reference.specifier}`;

/** Why the service may not import this, or undefined when it may. */
function serviceFenceBreach(reference: ModuleReference): string | undefined {
  const { specifier } = reference;
  if (!isRelative(specifier)) return specifier in SERVICE_PACKAGES ? undefined : 'a package the service may not use';
  const target = resolve(dirname(reference.file), specifier);
  if (inside(target, SERVICE)) return undefined;
  if (inside(target, SCHEMA) && target.endsWith('.json')) return undefined;
  return 'a path outside server/src/service/';
}

describe('architecture: fences', () => {
  it('server/src/service/ imports only itself, yaml, ajv, ip-num and the schema JSON', () => {
    const files = tsFiles(SERVICE);
    assert.ok(files.length > 50, 'the service is where it was');
    const breaches = files
      .flatMap((file) => moduleReferences(file))
      .map((reference) => ({ reference, why: serviceFenceBreach(reference) }))
      .filter(({ why }) => why !== undefined)
      .map(({ reference, why }) => `${where(reference)} (${why})`);
    assert.deepEqual(breaches, []);
  });

  it("server/src/service/ uses none of Node's globals", () => {
    assert.deepEqual(tsFiles(SERVICE).flatMap(nodeGlobals), []);
  });

  it('the fence check itself sees every form of import', () => {
    const forms = [
      "import a from 'node:fs';",
      "import type { B } from 'vscode-languageserver';",
      "export { c } from '../lsp/x';",
      "export * from 'minimatch';",
      "const d = await import('node:path');",
      "const e = require('node:os');",
      "import f = require('node:url');",
      "type G = import('node:crypto').Hash;",
      'const h = require(name);',
    ];
    const file = join(SERVICE, 'probe.ts');
    const source = ts.createSourceFile(file, forms.join('\n'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const references = moduleReferences(file, source).map((reference) => reference.specifier);
    assert.deepEqual(references, [
      'node:fs',
      'vscode-languageserver',
      '../lsp/x',
      'minimatch',
      'node:path',
      'node:os',
      'node:url',
      'node:crypto',
      '<computed>',
    ]);
    for (const specifier of references) assert.ok(serviceFenceBreach({ file, line: 1, specifier }), `${specifier} is fenced out`);
    const inFeatures = join(SERVICE, 'features', 'probe.ts');
    for (const specifier of ['yaml', 'ajv', 'ip-num', './hover', '../findings', '../../../schema/networkpolicy.schema.json']) {
      assert.equal(serviceFenceBreach({ file: inFeatures, line: 1, specifier }), undefined, `${specifier} is allowed`);
    }
    for (const specifier of ['../../lsp/guard', '../../../schema/other.ts', '../../../../package.json']) {
      assert.ok(serviceFenceBreach({ file: inFeatures, line: 1, specifier }), `${specifier} is fenced out`);
    }
  });

  it('server/src/lsp/, server/src/cli/ and the golden runners reach the service only through server/src/service/index.ts', () => {
    const facade = [SERVICE, join(SERVICE, 'index'), join(SERVICE, 'index.ts')];
    const hosts = [
      ...[join(SERVER_SRC, 'lsp'), join(SERVER_SRC, 'cli')].flatMap(tsFiles),
      resolve(SERVER_SRC, '../../test/unit/goldenRunner.ts'),
      resolve(SERVER_SRC, '../../test/unit/goldenServer.ts'),
    ];
    const breaches = hosts
      .flatMap((file) => moduleReferences(file))
      .filter((reference) => isRelative(reference.specifier))
      .filter((reference) => {
        const target = resolve(dirname(reference.file), reference.specifier);
        return inside(target, SERVICE) && !facade.includes(target);
      })
      .map(where);
    assert.deepEqual(breaches, []);
  });

  it('server/src/lsp/ needs no Node: no `node:` module, no Node flavour of the LSP library, nothing from server/src/node/', () => {
    // The web extension runs these same modules in a web worker (server/src/browserServer.ts); what needs Node
    // comes in through the entry's ServerEnvironment (server.ts: node/nodeFileSource.ts).
    const lsp = join(SERVER_SRC, 'lsp');
    const node = join(SERVER_SRC, 'node');
    const breaches = tsFiles(lsp)
      .flatMap((file) => moduleReferences(file))
      .filter((reference) => {
        const { specifier } = reference;
        if (!isRelative(specifier))
          return specifier.startsWith('node:') || /^vscode-(languageserver|jsonrpc)(-protocol)?\/node$/.test(specifier) || NODE_BUILTINS.has(specifier);
        return inside(resolve(dirname(reference.file), specifier), node);
      })
      .map(where);
    assert.deepEqual(breaches, []);
    assert.deepEqual(tsFiles(lsp).flatMap(nodeGlobals), []);
  });

  it('client/ reaches the server only through the contracts in server/src/protocol/', () => {
    const protocol = join(SERVER_SRC, 'protocol');
    const server = resolve(SERVER_SRC, '..');
    const breaches = tsFiles(resolve(SERVER_SRC, '../../client'))
      .flatMap((file) => moduleReferences(file))
      .filter((reference) => isRelative(reference.specifier))
      .filter((reference) => {
        const target = resolve(dirname(reference.file), reference.specifier);
        return inside(target, server) && !inside(target, protocol);
      })
      .map(where);
    assert.deepEqual(breaches, []);
  });

  it("package.json's commands are the ids declared in server/src/protocol/commands.ts", async () => {
    const commands = await import('../../../server/src/protocol/commands');
    const manifest = JSON.parse(readFileSync(resolve(SERVER_SRC, '../../package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    const ids = Object.entries(commands)
      .filter(([name]) => name.endsWith('_COMMAND'))
      .map(([, id]) => id as string)
      .sort();
    assert.deepEqual(declared, ids);
  });
});
