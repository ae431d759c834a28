import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type { ServerContext } from './context.js';
import type { EditSync } from './sync.js';

/** The answer to a request cancelled before it ran, as the protocol advises. */
export function cancelled(): ResponseError {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Wraps a request handler: pending edits analyzed first, cancellation honoured, an exception logged and answered with a fallback. */
export type Guard = <P, R>(
  what: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R,
) => (params: P, token: CancellationToken) => R | ResponseError;

/** What each handler group is given. */
export interface HandlerContext {
  ctx: ServerContext;
  sync: EditSync;
  guarded: Guard;
}

export function guardFor(ctx: ServerContext, sync: EditSync): Guard {
  return (what, fallback, handler) => (params, token) => {
    try {
      sync.flush();
      if (token.isCancellationRequested) return cancelled();
      return handler(params, token);
    } catch (err) {
      ctx.failure(what, err);
      return fallback;
    }
  };
}
