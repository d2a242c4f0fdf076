import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import { StreamTrace, withStreamTrace } from '../telemetry/stream-trace.js';
import type { Plugin } from 'graphql-yoga';
import { errorCodeOf } from './error-shaping.js';
import type { RequestStates } from './request-state.js';

export interface TracingOptions {
  tracer: Tracer;
  states: RequestStates;
}

const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

/**
 * A SERVER span per GraphQL operation: its name and type, the principal's kind and the error codes, a child
 * of the caller's W3C `traceparent` (docs/ARCHITECTURE.md section 11). Execution runs inside it, so loader
 * batches and upstream attempts (src/telemetry/spans.ts) become its children. A subscription's span lasts as long as
 * its stream; its events' spans are made by src/telemetry/stream-trace.ts.
 *
 * Not @envelop/opentelemetry 9.2.1: it never reads the caller's `traceparent` (its parent is whatever context
 * is active), and it records a failed result as `JSON.stringify(result.errors)` — messages that can name
 * customers — where billgraph records only the error codes.
 */
export function useTracing({ tracer, states }: TracingOptions): Plugin<{ request: Request }> {
  const open = (args: { contextValue: { request: Request }; document: DocumentNode; operationName?: string | null }) => {
    const request = args.contextValue.request;
    const operation = getOperationAST(args.document, args.operationName);
    const type = operation?.operation ?? 'query';
    const name = operation?.name?.value ?? 'anonymous';
    const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
    const span = tracer.startSpan(
      `${type} ${name}`,
      { kind: SpanKind.SERVER, attributes: { 'graphql.operation.name': name, 'graphql.operation.type': type } },
      parent,
    );
    const state = states.of(request);
    state.traceId ??= span.spanContext().traceId;
    return { span, state, active: trace.setSpan(parent, span) };
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { span, state, active } = open(args);
      setExecuteFn((execArgs) => context.with(active, () => executeFn(execArgs)));
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in (result as object)) return { onEnd: () => span.end() };
          finish(span, result as ExecutionResult, state.principal?.kind ?? null);
          return undefined;
        },
      };
    },
    // A subscription: the stream's span lives as long as the stream; its events get spans of their own (StreamTrace).
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const { span, state, active } = open(args);
      const stream = new StreamTrace(tracer, span);
      setSubscribeFn((subscribeArgs) => context.with(withStreamTrace(active, stream), () => subscribeFn(subscribeArgs)));
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in (result as object))) return finish(span, result as ExecutionResult, state.principal?.kind ?? null);
          if (state.principal) span.setAttribute('billgraph.principal.kind', state.principal.kind);
          return { onNext: () => stream.delivered(), onEnd: () => stream.end() };
        },
        // The stream broke off; onEnd still ends the span.
        onSubscribeError: () => span.setStatus({ code: SpanStatusCode.ERROR }),
      };
    },
  };
}

function finish(span: Span, result: ExecutionResult, principalKind: string | null): void {
  if (principalKind) span.setAttribute('billgraph.principal.kind', principalKind);
  const codes = [...new Set((result.errors ?? []).map((error) => errorCodeOf(error)))];
  if (codes.length > 0) {
    span.setAttribute('billgraph.error_codes', codes);
    span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(' ') });
  }
  span.end();
}
