/** What a CLI command reads and writes, passed in so that tests can run commands in process. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  /**
   * Resolves once standard output has taken what was written (a pipe to a slow reader holds the rest in memory):
   * long outputs are written in chunks, each waiting for this. Absent (the tests' in-memory io): at once.
   */
  readonly stdoutDrained?: () => Promise<void>;
  readonly stderr: (text: string) => void;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {}
