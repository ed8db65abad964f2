/**
 * The yardstick for "open to first diagnostics": parsing the same file once with the `yaml` package (the version
 * the server bundles), `parseAllDocuments` with its defaults, in a fresh process like a freshly started server.
 *
 *   node --import tsx bench/lsp/yamlParseBaseline.ts POLICIES
 * Prints one JSON object (YamlParseBaseline).
 */
import { parseAllDocuments } from 'yaml';
import { generatePolicyFile } from '../generate/workspaceGenerator';

export interface YamlParseBaseline {
  readonly policies: number;
  /** The first parse in the process: what a server's first open pays. */
  readonly coldMs: number;
  /** CPU time of that first parse (`process.cpuUsage`, every thread). */
  readonly coldCpuMs: number;
  /** The fastest of three more parses, once the parser's code is optimised. */
  readonly warmMs: number;
}

function main(): void {
  const policies = Number(process.argv[2]);
  const { text } = generatePolicyFile(policies);
  const time = () => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const documents = parseAllDocuments(text);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    if (!Array.isArray(documents)) throw new Error('the file did not parse as a stream of documents');
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const cold = time();
  const warmMs = Math.min(time().ms, time().ms, time().ms);
  const result: YamlParseBaseline = { policies, coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
