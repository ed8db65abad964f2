/**
 * `netpol-lens`: the command line for CI and other editors. Every command calls the same language service as the
 * editor, so the findings agree by construction.
 */
import packageJson from '../../../package.json';
import { CHECK_HELP, runCheck } from './check';
import { EXIT_USAGE, UsageError, type CliIo } from './cliIo';
import { DIFF_HELP, runDiff } from './diff';
import { runTest, TEST_HELP } from './flowsTest';
import { REACH_HELP, runReach } from './reach';

const HELP = `Usage: netpol-lens COMMAND [options]

Commands:
  check PATH...      validate NetworkPolicy manifests (text, JSON or SARIF output)
  reach PATH...      who can reach whom, per port and protocol, and why (text, JSON, HTML, DOT)
  test PATH...       check intended flows (netpol-flows.yaml) against the policies (text, JSON, JUnit)
  diff PATH...       what a change opens and closes, against a git revision or a folder
  lsp --stdio        start the language server (for Neovim, Helix, Emacs, ...)

Run 'netpol-lens COMMAND --help' for a command's options.
Options: -h, --help   show this help;  -v, --version   print the version
`;

const LSP_HELP = `Usage: netpol-lens lsp --stdio

Starts the NetworkPolicy Lens language server on standard input and output.
It publishes diagnostics (pushed), and reads the 'netpol' settings section
(kubernetesVersion, rules, defaultNamespace, maxFileSize, exclude, maxFiles,
clusterFiles) through workspace/configuration or initializationOptions.settings.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { help: string; run: Command }> = {
  check: { help: CHECK_HELP, run: (argv, io) => runCheck(argv, io, packageJson.version) },
  reach: { help: REACH_HELP, run: runReach },
  test: { help: TEST_HELP, run: runTest },
  diff: { help: DIFF_HELP, run: runDiff },
  lsp: { help: LSP_HELP, run: runLsp },
};

async function runLsp(argv: readonly string[]): Promise<number> {
  if (!argv.includes('--stdio') && !argv.some((a) => a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    throw new UsageError('lsp needs a transport: --stdio');
  }
  // The server reads its transport from process.argv, and runs until the client asks it to exit.
  await import('../server');
  return new Promise<number>(() => undefined);
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  // Own keys only: `netpol-lens constructor` must be an unknown command, not Object.prototype's.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`netpol-lens: unknown command "${name}"\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`netpol-lens ${name}: ${(error as Error).message}\nRun 'netpol-lens ${name} --help' for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Runs the CLI on this process's arguments and streams, setting the exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stdoutDrained: () => drained(process.stdout),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`netpol-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/** Resolves when a stream has written what it buffered, or has closed or failed (then nothing more is taken). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

if (require.main === module) runFromProcess();
