import type { ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import { scrub, type Logger } from '../log/logger.js';
import { errorCodeOf, shapeResultError } from './error-shaping.js';
import type { RequestState, RequestStates } from './request-state.js';

export interface ErrorCodeOptions {
  states: RequestStates;
  logger: Logger;
  /** Configured secrets, scrubbed from logged internal errors. */
  secrets: readonly string[];
}

/**
 * Every error leaves with a docs/ARCHITECTURE.md section 8 code (src/server/error-shaping.ts); INTERNAL ones
 * with the request id, their details logged. The codes are kept for the request log and metrics.
 */
export function useErrorCodes({ states, logger, secrets }: ErrorCodeOptions): Plugin {
  const shape = (error: GraphQLError, state: RequestState): GraphQLError => {
    const code = errorCodeOf(error);
    state.errorCodes.push(code);
    if (code === 'INTERNAL') {
      const cause = error.originalError ?? error;
      logger.error(
        {
          requestId: state.requestId,
          err: { name: cause.name, message: scrub(cause.message, secrets), stack: scrub(cause.stack ?? '', secrets) },
        },
        'internal error',
      );
    }
    return shapeResultError(error, code, state.requestId);
  };
  return {
    onResultProcess({ request, result, setResult }) {
      const state = states.of(request);
      const fix = (one: ExecutionResult): ExecutionResult =>
        one.errors?.length ? { ...one, errors: one.errors.map((error) => shape(error, state)) } : one;
      if (Array.isArray(result)) setResult(result.map(fix));
      // A subscription's events are shaped one by one as they are sent (src/live).
      else if (isAsyncIterable(result)) setResult(mapAsyncIterator(result as AsyncIterable<ExecutionResult>, fix));
      else setResult(fix(result as ExecutionResult));
    },
  };
}
