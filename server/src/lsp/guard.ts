import type { Connection } from 'vscode-languageserver';

/**
 * Runs a handler so that nothing it throws can take the server down: the error is logged and the request gets
 * the fallback answer. One bad file must never stop diagnostics for the others.
 */
export function guard<T>(connection: Connection, what: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    connection.console.error(`${what} failed: ${describeError(error)}`);
    return fallback;
  }
}

/** The async variant of {@link guard}. */
export async function guardAsync<T>(connection: Connection, what: string, fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    connection.console.error(`${what} failed: ${describeError(error)}`);
    return fallback;
  }
}

/** An error as a log line: its stack when it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
