import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { UpstreamAttempt } from '../http/client.js';
import { routeTemplate } from './route-template.js';

/**
 * billgraph's own spans below the GraphQL operation (docs/ARCHITECTURE.md section 11): one per DataLoader
 * batch and one per upstream attempt, each a child of whatever span is active where it runs. With tracing
 * off there is no tracer and these functions are never called.
 */

/** Wraps a DataLoader batch function so each batch is a span named after its loader. */
export function tracedBatch<K, V>(
  tracer: Tracer | null,
  loader: string,
  batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
): (keys: readonly K[]) => Promise<ArrayLike<V | Error>> {
  if (!tracer) return batch;
  return (keys) =>
    tracer.startActiveSpan(
      `loader ${loader}`,
      { attributes: { 'billgraph.loader.name': loader, 'billgraph.loader.batch_size': keys.length } },
      (span) => batch(keys).finally(() => span.end()),
    );
}

/**
 * One CLIENT span per upstream attempt, recorded when the attempt is over (its timing is known then). The
 * route is a template (ids become `{id}`) and the query string is left out: customer ids never reach a trace.
 * Not @opentelemetry/instrumentation-undici, which records `url.full` with those ids and knows neither the
 * provider nor the attempt number, retry reason or waits.
 */
export function recordAttempt(tracer: Tracer, attempt: UpstreamAttempt): void {
  const endTime = Date.now();
  const route = routeTemplate(attempt.path);
  const span = tracer.startSpan(`${attempt.method} ${route}`, {
    kind: SpanKind.CLIENT,
    startTime: endTime - attempt.durationMs,
    attributes: {
      'billgraph.upstream.provider': attempt.provider,
      'http.request.method': attempt.method,
      'url.template': route,
      'billgraph.upstream.attempt': attempt.attempt,
      'http.request.resend_count': attempt.attempt - 1,
      ...(attempt.status !== null ? { 'http.response.status_code': attempt.status } : {}),
      ...(attempt.retryReason ? { 'billgraph.upstream.retry_reason': attempt.retryReason } : {}),
      ...(attempt.slotWaitMs !== undefined ? { 'billgraph.upstream.slot_wait_ms': attempt.slotWaitMs } : {}),
      ...(attempt.budgetWaitMs !== undefined ? { 'billgraph.upstream.budget_wait_ms': attempt.budgetWaitMs } : {}),
    },
  });
  if (attempt.status === null || attempt.status >= 400) {
    span.setAttribute('error.type', attempt.status === null ? 'connection' : String(attempt.status));
    // The client's own classified message ("stripe is unavailable: the connection was reset"): no ids.
    if (attempt.error) span.setAttribute('billgraph.upstream.error', attempt.error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(endTime);
}
