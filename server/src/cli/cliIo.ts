/** What a CLI command reads and writes, passed in so that tests can run commands in process. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {}
