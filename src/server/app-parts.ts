import { trace, type Tracer } from '@opentelemetry/api';
import { createPrincipalResolver } from '../auth/resolve.js';
import { PrincipalBudget } from '../budget/principal-budget.js';
import { createBudgetStore } from '../budget/redis-store.js';
import { UpstreamGates } from '../budget/upstream-gate.js';
import { evictOnBillingEvents } from '../cache/invalidation.js';
import { createResponseCacheStack } from '../cache/response-cache-stack.js';
import type { Config } from '../config.js';
import type { ProviderName } from '../domain/invoice.js';
import { UpstreamGuards } from '../http/breaker.js';
import { FairSlots } from '../http/fair-slots.js';
import { SingleFlight } from '../http/single-flight.js';
import { BillingEventHub, type BillingEventListener } from '../live/billing-event.js';
import { createLive, type LiveDeps } from '../live/live-services.js';
import { Readiness } from '../lifecycle/readiness.js';
import { redisCheck } from '../lifecycle/redis-check.js';
import { configuredSecrets, createLogger, type Logger } from '../log/logger.js';
import { createMetrics } from '../metrics/billgraph-metrics.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { schema } from '../schema/index.js';
import { WebhookReceiver } from '../webhooks/receiver.js';
import { MemorySeenStore, RedisSeenStore } from '../webhooks/seen-store.js';
import { createSharedRedis, type SharedRedis } from '../redis/shared-redis.js';
import { RequestStates } from './request-state.js';
import { loadTrustedDocuments } from './trusted-documents.js';
import type { CacheKeys } from './use-stale-if-error.js';
import type { AppOptions } from '../app.js';

/**
 * Everything the request pipeline (src/server/pipeline.ts) is made of, built once per app: the logger and
 * metrics, breakers, budgets, the response cache, readiness checks, the billing-event hub with what listens on
 * it (cache eviction, live subscriptions) and the webhook receivers that feed it.
 */
export type AppParts = ReturnType<typeof buildAppParts>;

export function buildAppParts(config: Config, providers: ProviderRegistry, options: AppOptions) {
  const logger = options.logger ?? createLogger({ level: config.logLevel, destination: options.logDestination });
  const secrets = configuredSecrets(config);
  const guards = upstreamGuards(config, logger);
  const metrics = createMetrics(() => guards.statuses());
  // One Redis connection (and one for pub/sub) for everything shared, behind one failure policy (src/redis).
  const redisUrl = config.responseCache.redisUrl;
  const redis = redisUrl !== null ? createSharedRedis(redisUrl, logger, secrets) : null;
  // Tagged entries in Redis or memory, evicted by billing events (docs/ARCHITECTURE.md section 10).
  const cacheStack = createResponseCacheStack(config, redis);
  // Upstream-call budgets (docs/ARCHITECTURE.md section 10), in the shared Redis when there is one.
  const budgets = createBudgets(config, redis);
  // Cache eviction listens first, so a subscriber told of a change never reads the old answer from the cache.
  const { events, live } = createEvents(
    { config, providers, guards, gates: budgets.gates, logger, secrets, redis },
    cacheStack ? evictOnBillingEvents(cacheStack.store, metrics, logger) : null,
  );
  // Event ids are remembered where every instance sees them: the shared Redis, or this process.
  const seen = redis !== null ? new RedisSeenStore(redis, config.webhooks.keyPrefix) : new MemorySeenStore();
  return {
    logger,
    secrets,
    guards,
    metrics,
    states: new RequestStates(createPrincipalResolver(config.auth)),
    // Read and checked against the schema now: a bad manifest stops the start with a ConfigError.
    documents: loadTrustedDocuments(config.trustedDocuments.manifests, schema),
    cacheStack,
    cacheKeys: new WeakMap() as CacheKeys,
    ...budgets,
    redis,
    readiness: readinessChecks(guards, cacheStack, redis),
    // Tracing off: no tracer, no span code on the request path (src/telemetry/sdk.ts registers the provider).
    tracer: config.tracing.enabled ? trace.getTracer('billgraph') : (null as Tracer | null),
    events,
    live,
    seen,
    webhooks: new WebhookReceiver({ settings: config.webhooks, events, seen, logger, metrics }),
  };
}

/** Closes what the parts hold open, webhooks first so the events they accepted still reach their listeners. */
export async function closeAppParts(parts: AppParts, providers: ProviderRegistry): Promise<void> {
  await parts.webhooks.settle();
  await parts.seen.close();
  await parts.live.close();
  parts.metrics.close();
  await providers.close();
  await parts.redis?.close();
}

/** /readyz: configuration, Redis when configured; breaker states are reported, not gating (an upstream outage must not take every instance out of rotation). */
function readinessChecks(
  guards: UpstreamGuards,
  cacheStack: ReturnType<typeof createResponseCacheStack>,
  redis: SharedRedis | null,
): Readiness {
  const readiness = new Readiness().add('config', () => ({ ok: true, detail: 'loaded' }));
  if (redis) readiness.add('redis', redisCheck(redis));
  readiness.add('breakers', () => ({
    ok: true,
    detail: { upstreams: guards.statuses(), responseCache: cacheStack?.shared?.state() ?? null },
  }));
  return readiness;
}

/** Breakers and retry budgets per upstream credential; a breaker that trips or recovers says so once. */
function upstreamGuards(config: Config, logger: Logger): UpstreamGuards {
  return new UpstreamGuards(config.resilience, (guard, state) =>
    state === 'open'
      ? logger.warn({ provider: guard.provider, credential: guard.credential }, 'upstream breaker open: failing fast')
      : logger.info({ provider: guard.provider, credential: guard.credential }, 'upstream breaker closed: upstream answering again'),
  );
}

/** The billing-event hub and what listens on it: `first` (cache eviction), then live subscriptions. */
function createEvents(parts: Omit<LiveDeps, 'events' | 'cloudflareCredential'>, first: BillingEventListener | null) {
  const events = new BillingEventHub((error, event) =>
    parts.logger.error(
      { err: error, event: { id: event.id, provider: event.provider, type: event.providerType } },
      'billing event listener failed',
    ),
  );
  if (first) events.on(first);
  const live = createLive({ ...parts, events, cloudflareCredential: configuredCredential(parts.config, 'cloudflare') });
  return { events, live };
}

function createBudgets(config: Config, redis: SharedRedis | null) {
  const { budgets } = config;
  const store = createBudgetStore(redis, budgets);
  const allowance = { burst: budgets.principalBurst, perSecond: budgets.principalPerSecond };
  return {
    allowance,
    principalBudget: new PrincipalBudget(store, allowance),
    gates: new UpstreamGates(store, budgets, new FairSlots(budgets.upstreamSlots)),
    singleFlight: new SingleFlight(),
  };
}

/** The configured key billgraph calls `provider` with (JWT and sandbox mode): it names that key's budget. */
export function configuredCredential(config: Config, provider: ProviderName): string {
  if (provider === 'stripe') return config.stripe.secretKey ?? '';
  if (provider === 'flexprice') return config.flexprice.apiKey ?? '';
  const auth = config.cloudflare.auth;
  return auth === null ? '' : auth.kind === 'token' ? auth.token : `${auth.email}:${auth.key}`;
}
