import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProviderName } from '../domain/invoice.js';
import type { BreakerStatus } from '../http/breaker.js';
import type { UpstreamAttempt } from '../http/client.js';
import { Counter, Gauge, Histogram, LabelledGauge, Registry } from './registry.js';

/** What the request log knows about one finished request: the metrics are read from the same facts. */
export interface RequestSummary {
  status: number;
  durationMs: number;
  /** null when the request was refused before an operation ran (bad body, limits, parse errors). */
  operationType: 'query' | 'mutation' | 'subscription' | null;
  /** One entry per error in the response, each a docs/ARCHITECTURE.md section 8 code. */
  errorCodes: readonly string[];
  upstreamCalls: readonly UpstreamAttempt[];
}

export type WebhookProvider = 'stripe' | 'flexprice';
/** Every outcome a webhook delivery can have: the metric's closed label set. */
export const WEBHOOK_OUTCOMES = [
  'accepted',
  'duplicate',
  'ignored',
  'rejected_signature',
  'rejected_replay',
  'rejected_payload',
  'rejected_too_large',
  'rejected_method',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface BillgraphMetrics {
  observeRequest(summary: RequestSummary): void;
  /** An answer served from the response cache after its TTL because the upstream failed (stale-if-error). */
  observeStaleAnswer(): void;
  /** One webhook delivery's outcome (src/webhooks/receiver.ts). */
  observeWebhook(provider: WebhookProvider, outcome: WebhookOutcome): void;
  /** A billing event's eviction from the response cache: done, or failed because the store (Redis) was unavailable. */
  observeEviction(provider: ProviderName, outcome: 'evicted' | 'failed'): void;
  /** A request refused 429 at the budget's door, before Yoga (src/server/budget-door.ts): not in the request counts. */
  observeDoorRefusal(): void;
  render(): string;
  close(): void;
}

/**
 * billgraph's operational metrics. Labels are closed sets — HTTP status, operation type, error code,
 * provider, method — never an operation name, customer or id, which callers choose.
 */
export function createMetrics(breakers: () => readonly BreakerStatus[] = () => []): BillgraphMetrics {
  const registry = new Registry();
  const requests = registry.register(
    new Counter('billgraph_http_requests_total', 'GraphQL HTTP requests answered, by HTTP status.', ['status']),
  );
  const operations = registry.register(
    new Counter('billgraph_graphql_operations_total', 'GraphQL requests by operation type (none: refused before an operation ran).', [
      'type',
    ]),
  );
  const errors = registry.register(new Counter('billgraph_graphql_errors_total', 'GraphQL errors returned, by extensions.code.', ['code']));
  const duration = registry.register(
    new Histogram('billgraph_request_duration_seconds', 'Time from request to response, by operation type.', ['type'], SECONDS_BUCKETS),
  );
  const upstream = registry.register(
    new Counter('billgraph_upstream_requests_total', 'Upstream HTTP attempts, by provider, method and status (error: no response).', [
      'provider',
      'method',
      'status',
    ]),
  );
  const retries = registry.register(new Counter('billgraph_upstream_retries_total', 'Upstream attempts that were retries.', ['provider']));
  const upstreamDuration = registry.register(
    new Histogram('billgraph_upstream_request_duration_seconds', 'Duration of each upstream attempt.', ['provider'], SECONDS_BUCKETS),
  );

  registerBreakerMetrics(registry, breakers);
  const cache = registerCacheMetrics(registry);

  const { webhooks, doorRefusals } = registerTrafficCounters(registry);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  registry.register(new Gauge('process_resident_memory_bytes', 'Resident set size.', () => process.memoryUsage.rss()));
  registry.register(new Gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed));
  // The process's own CPU (the standard Prometheus process metric), so CPU per answer can be read from a scrape.
  registry.register(
    new Gauge('process_cpu_seconds_total', 'User and system CPU time spent.', () => cpuSeconds(process.cpuUsage()), 'counter'),
  );
  registry.register(
    new Gauge('nodejs_eventloop_delay_p99_seconds', 'Event-loop delay, 99th percentile since the previous scrape.', () => {
      const p99 = loopDelay.percentile(99) / 1e9;
      loopDelay.reset();
      return Number.isFinite(p99) ? p99 : 0;
    }),
  );

  return {
    observeRequest(summary) {
      const type = summary.operationType ?? 'none';
      requests.inc({ status: String(summary.status) });
      operations.inc({ type });
      for (const code of summary.errorCodes) errors.inc({ code });
      duration.observe(summary.durationMs / 1000, { type });
      for (const call of summary.upstreamCalls) {
        upstream.inc({ provider: call.provider, method: call.method, status: call.status === null ? 'error' : String(call.status) });
        if (call.attempt > 1) retries.inc({ provider: call.provider });
        upstreamDuration.observe(call.durationMs / 1000, { provider: call.provider });
      }
    },
    observeStaleAnswer: () => cache.staleAnswers.inc(),
    observeEviction: (provider, outcome) => cache.evictions.inc({ provider, outcome }),
    observeWebhook: (provider, outcome) => webhooks.inc({ provider, outcome }),
    observeDoorRefusal: () => doorRefusals.inc(),
    render: () => registry.render(),
    close: () => loopDelay.disable(),
  };
}

/** Traffic that never reaches GraphQL: webhook deliveries, and requests refused at the budget's door. */
function registerTrafficCounters(registry: Registry): { webhooks: Counter; doorRefusals: Counter } {
  const webhooks = registry.register(
    new Counter('billgraph_webhooks_total', 'Webhook deliveries by provider and outcome (accepted, duplicate, ignored, rejected_*).', [
      'provider',
      'outcome',
    ]),
  );
  const doorRefusals = registry.register(
    new Counter('billgraph_door_refusals_total', 'Requests of callers with no budget left, refused 429 before Yoga parsed them.', []),
  );
  return { webhooks, doorRefusals };
}

/** The response cache's: answers served stale, and billing events' evictions (src/cache/invalidation.ts). */
function registerCacheMetrics(registry: Registry) {
  const staleAnswers = registry.register(
    new Counter('billgraph_stale_answers_total', 'Answers served stale from the response cache because an upstream failed.', []),
  );
  const evictions = registry.register(
    new Counter(
      'billgraph_cache_evictions_total',
      'Billing events that evicted cached answers, by provider and outcome (failed: the cache store was unavailable).',
      ['provider', 'outcome'],
    ),
  );
  return { staleAnswers, evictions };
}

/** Breakers by provider and state (a count, never a credential label), and the retries their budgets refused. */
function registerBreakerMetrics(registry: Registry, breakers: () => readonly BreakerStatus[]): void {
  const count = (pick: (status: BreakerStatus) => number, byState: boolean) => {
    const totals = new Map<string, { labels: Record<string, string>; value: number }>();
    for (const status of breakers()) {
      const labels: Record<string, string> = byState ? { provider: status.provider, state: status.state } : { provider: status.provider };
      const key = `${labels.provider} ${labels.state ?? ''}`;
      const entry = totals.get(key) ?? { labels, value: 0 };
      entry.value += pick(status);
      totals.set(key, entry);
    }
    return [...totals.values()];
  };
  registry.register(
    new LabelledGauge(
      'billgraph_upstream_breakers',
      'Upstream breakers (one per provider and credential) by state.',
      ['provider', 'state'],
      () => count(() => 1, true),
    ),
  );
  registry.register(
    new LabelledGauge('billgraph_upstream_retries_denied', 'Retries refused by the retry budget since start.', ['provider'], () =>
      count((status) => status.retriesDenied, false),
    ),
  );
}

const cpuSeconds = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1e6;
