import type { Plugin } from 'graphql-yoga';
import { describePrincipal } from '../auth/principal.js';
import type { UpstreamAttempt } from '../http/client.js';
import type { UpstreamFailureReport } from '../http/json-api.js';
import { scrub, type Logger } from '../log/logger.js';
import type { BillgraphMetrics } from '../metrics/billgraph-metrics.js';
import type { RequestState, RequestStates } from './request-state.js';

const MAX_LOGGED_UPSTREAM_CALLS = 50;

export interface RequestLogOptions {
  states: RequestStates;
  logger: Logger;
  metrics: BillgraphMetrics;
  /** Configured secrets, scrubbed from logged upstream paths and errors. */
  secrets: readonly string[];
}

const loggedCall = (call: UpstreamAttempt, secrets: readonly string[]) => ({
  provider: call.provider,
  method: call.method,
  path: scrub(call.path, secrets),
  status: call.status,
  durationMs: call.durationMs,
  attempt: call.attempt,
  ...(call.error ? { error: scrub(call.error, secrets) } : {}),
});

/** The upstream's own words about a failure: in the log, scrubbed, and nowhere else (docs/ARCHITECTURE.md section 8). */
const loggedFailure = (failure: UpstreamFailureReport, secrets: readonly string[]) => ({
  provider: failure.provider,
  status: failure.status,
  code: failure.code,
  upstreamCode: failure.upstreamCode === null ? null : scrub(failure.upstreamCode, secrets),
  upstreamRequestId: failure.upstreamRequestId,
  said: failure.said === null ? null : scrub(failure.said, secrets),
});

/** One log line per request, with what the other plugins learnt about it. */
function requestLine(request: Request, status: number, durationMs: number, state: RequestState, secrets: readonly string[]) {
  return {
    requestId: state.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    operationName: state.operationName,
    principal: state.principal ? describePrincipal(state.principal) : null,
    upstreamCallCount: state.upstreamCalls.length,
    upstreamCalls: state.upstreamCalls.slice(0, MAX_LOGGED_UPSTREAM_CALLS).map((call) => loggedCall(call, secrets)),
    ...(state.upstreamFailures.length
      ? { upstreamFailures: state.upstreamFailures.slice(0, MAX_LOGGED_UPSTREAM_CALLS).map((failure) => loggedFailure(failure, secrets)) }
      : {}),
    errorCodes: [...new Set(state.errorCodes)],
  };
}

/** Answers every request with its x-request-id, counts GraphQL requests in the metrics and logs all but health checks. */
export function useRequestLog({ states, logger, metrics, secrets }: RequestLogOptions): Plugin {
  return {
    onResponse({ request, response }) {
      const state = states.of(request);
      try {
        response.headers.set('x-request-id', state.requestId);
      } catch {
        // Some responses have immutable headers; the id is still in the log.
      }
      const path = new URL(request.url).pathname;
      if (path === '/healthz') return;
      const durationMs = performance.now() - state.startedAt;
      if (path === '/graphql') {
        metrics.observeRequest({
          status: response.status,
          durationMs,
          operationType: state.operationType,
          errorCodes: state.errorCodes,
          upstreamCalls: state.upstreamCalls,
        });
      }
      logger.info(requestLine(request, response.status, durationMs, state, secrets), 'request');
    },
  };
}
