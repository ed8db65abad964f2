import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspServerProcess } from './lspClient';

/** The two language servers the editor benchmarks compare, started the way an editor starts them. */
export interface ServerUnderTest {
  readonly name: string;
  readonly version: string;
  /** How long the server waits after a change before it validates. */
  readonly debounceMs: number;
  readonly initializationOptions: Readonly<Record<string, unknown>>;
  process(options: { logFile: string; cpuProfileDir?: string }): LspServerProcess;
  /** The answer to `workspace/configuration` for one section. */
  configuration(section: string | undefined): unknown;
}

export const repoRoot = path.resolve(__dirname, '..', '..');

function packageVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** Our server's default wait after a change (`DEFAULT_DIAGNOSTICS_DELAY_MS` in server/src/lsp/netpolServer.ts). */
export const NETPOL_LENS_DEFAULT_DELAY_MS = 120;

/**
 * Our server, from a copy of `dist/server.js` in the run folder: another build of the work tree during the run
 * cannot change what is measured. `diagnosticsDelayMs` (an initialization option of the server) replaces its
 * wait after a change: 0 measures the work of a keystroke over the protocol with no wait to subtract.
 */
export async function netpolLens(runDir: string, diagnosticsDelayMs?: number): Promise<ServerUnderTest> {
  const bundleDir = path.join(runDir, 'netpol-lens');
  await fs.mkdir(bundleDir, { recursive: true });
  for (const file of ['server.js', 'server.js.map']) {
    const from = path.join(repoRoot, 'dist', file);
    if (existsSync(from)) await fs.copyFile(from, path.join(bundleDir, file));
  }
  const bundle = path.join(bundleDir, 'server.js');
  return {
    name: 'netpol-lens',
    version: packageVersion(path.join(repoRoot, 'package.json')),
    debounceMs: diagnosticsDelayMs ?? NETPOL_LENS_DEFAULT_DELAY_MS,
    initializationOptions: diagnosticsDelayMs === undefined ? {} : { diagnosticsDelayMs },
    process: ({ logFile, cpuProfileDir }) => ({
      command: process.execPath,
      args: [...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []), bundle, '--stdio'],
      logFile,
    }),
    configuration: () => ({}), // every netpol.* setting at its default
  };
}

/**
 * Our web extension's server (dist/web/server.js, the web worker build) in a worker thread behind stdio
 * (webWorkerHost.ts), from a copy in the run folder like {@link netpolLens}: the same protocol messages as the
 * Node server, so that the two are compared edit for edit.
 */
export async function netpolLensWebWorker(runDir: string, diagnosticsDelayMs?: number): Promise<ServerUnderTest> {
  const bundleDir = path.join(runDir, 'netpol-lens-web');
  await fs.mkdir(bundleDir, { recursive: true });
  for (const file of ['server.js', 'server.js.map']) {
    const from = path.join(repoRoot, 'dist', 'web', file);
    if (existsSync(from)) await fs.copyFile(from, path.join(bundleDir, file));
  }
  const bundle = path.join(bundleDir, 'server.js');
  return {
    name: 'netpol-lens (web worker)',
    version: packageVersion(path.join(repoRoot, 'package.json')),
    debounceMs: diagnosticsDelayMs ?? NETPOL_LENS_DEFAULT_DELAY_MS,
    initializationOptions: diagnosticsDelayMs === undefined ? {} : { diagnosticsDelayMs },
    process: ({ logFile, cpuProfileDir }) => ({
      command: process.execPath,
      args: [...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []), '--import', 'tsx', path.join(__dirname, 'webWorkerHost.ts'), bundle],
      cwd: repoRoot,
      logFile,
    }),
    configuration: () => ({}),
  };
}

/**
 * yaml-language-server (Red Hat's, the server behind the YAML extension) with a local NetworkPolicy schema and
 * nothing downloaded: no schema store, no Kubernetes CRD store.
 */
export async function yamlLanguageServer(runDir: string): Promise<ServerUnderTest & { schemaSource: string }> {
  const packageDir = path.join(repoRoot, 'node_modules', 'yaml-language-server');
  const schema = await writeNetworkPolicyOnlySchema(runDir);
  const yamlSettings = {
    schemas: { [schema.uri]: '*.yaml' },
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  return {
    name: 'yaml-language-server',
    version: packageVersion(path.join(packageDir, 'package.json')),
    debounceMs: 200, // validationDelayMs in its yamlSettings: a constant
    initializationOptions: {},
    schemaSource: schema.source,
    process: ({ logFile, cpuProfileDir }) => ({
      command: process.execPath,
      args: [...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []), path.join(packageDir, 'bin', 'yaml-language-server'), '--stdio'],
      logFile,
    }),
    configuration: (section) => (section === 'yaml' ? yamlSettings : {}),
  };
}

/**
 * The project's NetworkPolicy schema (or the bench's minimal copy while it does not exist), wrapped so that it
 * applies to NetworkPolicy documents only: the generated files also hold Namespaces, Deployments and Services.
 */
async function writeNetworkPolicyOnlySchema(runDir: string): Promise<{ uri: string; source: string }> {
  const projectSchema = path.join(repoRoot, 'server', 'schema', 'networkpolicy.schema.json');
  const source = existsSync(projectSchema) ? projectSchema : path.join(__dirname, 'networkpolicy.schema.json');
  const { definitions, $id: _id, $schema: _schema, ...policy } = JSON.parse(await fs.readFile(source, 'utf8')) as Record<string, unknown>;
  const wrapper = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: { ...(definitions as object), NetworkPolicyDocument: policy },
    if: { required: ['kind'], properties: { kind: { const: 'NetworkPolicy' } } },
    then: { $ref: '#/definitions/NetworkPolicyDocument' },
  };
  const file = path.join(runDir, 'networkpolicy-documents.schema.json');
  await fs.writeFile(file, JSON.stringify(wrapper, null, 2));
  return { uri: pathToFileURL(file).toString(), source: path.relative(repoRoot, source) };
}
