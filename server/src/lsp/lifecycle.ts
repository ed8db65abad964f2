import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type RequestHandler,
  type RequestType,
} from 'vscode-languageserver';
import { RequestCancelled } from '../service';
import { describeError } from './guard';

/** Where the server is in the LSP lifecycle: requests are answered only between `initialize` and `shutdown`. */
export class Lifecycle {
  private state: 'created' | 'initialized' | 'shutdown' = 'created';

  initialized(): void {
    if (this.state === 'created') this.state = 'initialized';
  }

  shutdown(): void {
    this.state = 'shutdown';
  }

  /** The error the LSP specification asks for a request in the wrong state, or undefined when it may run. */
  refusal(): ResponseError<void> | undefined {
    if (this.state === 'created') return new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized: send initialize first.');
    if (this.state === 'shutdown') return new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down: no request is answered after shutdown.');
    return undefined;
  }
}

/**
 * Registers a request handler that can never throw across the connection: a request in the wrong lifecycle state
 * gets the specification's error, params that are not an object get InvalidParams, a cancelled request gets
 * RequestCancelled, and anything the handler throws is logged and answered with `fallback`.
 *
 * The handlers are registered on the request types themselves, not through `connection.onHover` and the like:
 * those wrappers read `params.workDoneToken` before any of our code runs, so `params: null` was answered with
 * a TypeError's text.
 */
export function onGuardedRequest<P, R>(
  connection: Connection,
  lifecycle: Lifecycle,
  type: RequestType<P, R, unknown>,
  what: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  const guarded = async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
    const refusal = lifecycle.refusal();
    if (refusal) return refusal;
    if (typeof params !== 'object' || params === null) return new ResponseError(ErrorCodes.InvalidParams, `${what}: the params must be an object.`);
    try {
      return await handler(params, token);
    } catch (error) {
      if (error instanceof RequestCancelled || token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${what}: cancelled`);
      connection.console.error(`${what} failed: ${describeError(error)}`);
      return fallback;
    }
  };
  connection.onRequest(type as RequestType<P, R, void>, guarded as RequestHandler<P, R, void>);
}
