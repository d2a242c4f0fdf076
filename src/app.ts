import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { trace } from '@opentelemetry/api';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import { createPrincipalResolver } from './auth/resolve.js';
import { PrincipalBudget } from './budget/principal-budget.js';
import { PrincipalTurns } from './budget/principal-turns.js';
import { createBudgetStore } from './budget/redis-store.js';
import { UpstreamGates } from './budget/upstream-gate.js';
import { evictOnBillingEvents } from './cache/invalidation.js';
import { createResponseCacheStack } from './cache/response-cache-stack.js';
import type { Config } from './config.js';
import { CursorCodec } from './domain/cursor.js';
import type { ProviderName } from './domain/invoice.js';
import { FairSlots } from './http/fair-slots.js';
import { SingleFlight } from './http/single-flight.js';
import { boundedParserAndValidationCache } from './limits/document-cache.js';
import { BillingEventHub, type BillingEventListener } from './live/billing-event.js';
import { createLive, type LiveDeps } from './live/live-services.js';
import { Readiness } from './lifecycle/readiness.js';
import { redisCheck } from './lifecycle/redis-check.js';
import { configuredSecrets, createLogger, type Logger } from './log/logger.js';
import { createMetrics, type BillgraphMetrics } from './metrics/billgraph-metrics.js';
import { UpstreamGuards, type BreakerState, type BreakerStatus } from './http/breaker.js';
import { createProviders } from './providers/index.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { Context } from './schema/context.js';
import { schema } from './schema/index.js';
import { createContextFactory } from './server/context.js';
import { maskError } from './server/error-shaping.js';
import { RequestStates } from './server/request-state.js';
import { loadTrustedDocuments } from './server/trusted-documents.js';
import { useArmor } from './server/use-armor.js';
import { useConditionalRequests } from './server/use-conditional-requests.js';
import { useCors } from './server/use-cors.js';
import { useErrorCodes } from './server/use-error-codes.js';
import { useHiddenSuggestions } from './server/use-hidden-suggestions.js';
import { useHeavyOperationGate } from './server/use-heavy-operation-gate.js';
import { useHealth } from './server/use-health.js';
import { useHttpGuards } from './server/use-http-guards.js';
import { useOperationLimits } from './server/use-operation-limits.js';
import { usePrincipalResponseCache } from './server/use-principal-response-cache.js';
import { useRequestLog } from './server/use-request-log.js';
import { useRequestState } from './server/use-request-state.js';
import { useStaleIfError, type CacheKeys } from './server/use-stale-if-error.js';
import { useUpstreamBudget } from './server/use-upstream-budget.js';
import { useTracing } from './server/use-tracing.js';
import { useTrustedDocuments } from './server/use-trusted-documents.js';
import { useWebhooks } from './server/use-webhooks.js';
import { WebhookReceiver } from './webhooks/receiver.js';
import { MemorySeenStore, RedisSeenStore } from './webhooks/seen-store.js';

export const GRAPHIQL_EXAMPLE = `# Welcome to billgraph. Press the play button to run this query against the sandbox.
query UpcomingAndHistory {
  upcomingInvoice {
    id
    status
    amountDue { amount currency formatted }
    lines(first: 5) { nodes { description amount { formatted } quantity } }
  }
  invoices(first: 5, type: ALL) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id number status origin createdAt amountDue { formatted } }
  }
}
`;

export interface App {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  providers: ProviderRegistry;
  logger: Logger;
  /** Request and upstream metrics; src/metrics/server.ts serves them on their own port. */
  metrics: BillgraphMetrics;
  /** Every breaker's state (issue 14), for /readyz: one per upstream credential, and the Redis cache's (null: no Redis). */
  breakers(): { upstreams: BreakerStatus[]; responseCache: BreakerState | null };
  /** What /readyz reports; the drain turns it to 503 (src/lifecycle). Add a check with `readiness.add(name, check)`. */
  readiness: Readiness;
  /** Billing changes (verified webhooks, the Cloudflare poller); cache invalidation and subscriptions listen here. */
  events: BillingEventHub;
  /** Verified provider webhooks (src/webhooks); `settle()` waits for the events it accepted to reach the listeners. */
  webhooks: WebhookReceiver;
  /** The drain's first step: every open subscription ends with a clean `complete` (src/lifecycle/drain.ts). */
  endLiveStreams(): Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** A ready logger; otherwise one is made from config.logLevel writing to `logDestination` (default stdout). */
  logger?: Logger;
  /** Where request logs go, e.g. a stream a test reads. */
  logDestination?: DestinationStream;
}

/** Breakers and retry budgets per upstream credential; a breaker that trips or recovers says so once. */
function upstreamGuards(config: Config, logger: Logger): UpstreamGuards {
  return new UpstreamGuards(config.resilience, (guard, state) =>
    state === 'open'
      ? logger.warn({ provider: guard.provider, credential: guard.credential }, 'upstream breaker open: failing fast')
      : logger.info({ provider: guard.provider, credential: guard.credential }, 'upstream breaker closed: upstream answering again'),
  );
}

/** Builds the GraphQL server for a validated, sandbox-resolved config. Does not listen (see src/main.ts). */
export function createApp(config: Config, providers: ProviderRegistry = createProviders(config), options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel, destination: options.logDestination });
  const secrets = configuredSecrets(config);
  const guards = upstreamGuards(config, logger);
  const metrics = createMetrics(() => guards.statuses());
  const states = new RequestStates(createPrincipalResolver(config.auth));
  const { limits, responseCache, budgets, cors, trustedDocuments } = config;
  // Read and checked against the schema now: a bad manifest stops the start with a ConfigError.
  const documents = loadTrustedDocuments(trustedDocuments.manifests, schema);
  // Tagged entries in Redis or memory, evicted by billing events (docs/ARCHITECTURE.md section 11).
  const cacheStack = createResponseCacheStack(config, logger);
  const sharedCache = cacheStack?.shared ?? null;
  const staleCache = cacheStack?.stale ?? null;
  const cacheKeys: CacheKeys = new WeakMap();

  // Upstream-call budgets (docs/ARCHITECTURE.md section 10), in the cache's Redis when there is one.
  const { budgetStore, allowance, principalBudget, gates, singleFlight } = createBudgets(config, logger, secrets);
  const readiness = new Readiness().add('config', () => ({ ok: true, detail: 'loaded' }));
  const redisProbe = responseCache.redisUrl !== null ? redisCheck(responseCache.redisUrl) : null;
  if (redisProbe) readiness.add('redis', redisProbe.check);
  // Breaker states are reported, not gating: an upstream outage must not take every instance out of rotation.
  readiness.add('breakers', () => ({ ok: true, detail: { upstreams: guards.statuses(), responseCache: sharedCache?.state() ?? null } }));
  // Tracing off: no tracer, no span code on the request path (src/telemetry/sdk.ts registers the provider).
  const tracer = config.tracing.enabled ? trace.getTracer('billgraph') : null;
  // Cache eviction listens first, so a subscriber told of a change never reads the old answer from the cache.
  const { events, live } = createEvents(
    { config, providers, guards, gates, logger, secrets },
    cacheStack ? evictOnBillingEvents(cacheStack.store, metrics, logger) : null,
  );

  // Event ids are remembered where every instance sees them: the shared Redis, or this process.
  const seen =
    responseCache.redisUrl !== null
      ? new RedisSeenStore(responseCache.redisUrl, config.webhooks.keyPrefix, logger, secrets)
      : new MemorySeenStore();
  const webhooks = new WebhookReceiver({ settings: config.webhooks, events, seen, logger, metrics });

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/livez', // Yoga's own liveness answer; /healthz (alias) and /readyz are useHealth's
    landingPage: false,
    cors: false, // useCors below: Yoga's own reflects any origin with credentials
    logging: false,
    graphiql: config.graphiql ? { title: 'billgraph', defaultQuery: GRAPHIQL_EXAMPLE } : false,
    renderGraphiQL,
    batching: limits.maxBatch > 0 ? { limit: limits.maxBatch } : false,
    parserAndValidationCache: boundedParserAndValidationCache(),
    maskedErrors: { maskError },
    plugins: [
      useWebhooks({ path: config.webhooks.path, receiver: webhooks }),
      useHealth({ readiness }),
      useRequestState(states),
      useCors(cors),
      useHttpGuards({ maxBodyBytes: limits.maxBodyBytes, states }),
      useTrustedDocuments({ ...trustedDocuments, documents, states }),
      useArmor(limits),
      useOperationLimits({ maxCost: limits.maxCost, introspection: config.introspection }),
      ...(config.suggestions ? [] : [useHiddenSuggestions()]),
      useHeavyOperationGate(config.resilience.heavyOperations),
      useUpstreamBudget({
        states,
        defaultProvider: config.defaultProvider,
        maxUpstreamCalls: budgets.maxUpstreamCalls,
        budget: principalBudget,
        allowance,
        turns: new PrincipalTurns(budgets.principalInFlight, budgets.principalQueue),
        turnWaitMs: config.deadlines.totalMs,
      }),
      useErrorCodes({ states, logger, secrets }),
      useRequestLog({ states, logger, metrics, secrets }),
      ...(tracer ? [useTracing({ tracer, states })] : []),
      ...(cacheStack
        ? [
            useConditionalRequests({ secret: cacheStack.secret }),
            usePrincipalResponseCache({
              ttlMs: responseCache.ttlMs,
              cache: cacheStack.tagged,
              lifetime: cacheStack.lifetime,
              keySecret: cacheStack.secret,
              states,
              keys: cacheKeys,
            }),
          ]
        : []),
      ...(staleCache ? [useStaleIfError({ cache: staleCache, keys: cacheKeys, onStaleAnswer: () => metrics.observeStaleAnswer() })] : []),
    ],
    context: createContextFactory({
      states,
      providers,
      defaultProvider: config.defaultProvider,
      maxUpstreamConcurrency: limits.maxUpstreamConcurrency,
      cursors: new CursorCodec(config.cursors.secret),
      guards,
      gates,
      singleFlight,
      configuredCredential: (provider) => configuredCredential(config, provider),
      tracer,
      live: { services: live.services, spend: (key, calls) => principalBudget.spend(key, calls) },
    }),
  });
  return {
    yoga,
    providers,
    logger,
    metrics,
    breakers: () => ({ upstreams: guards.statuses(), responseCache: sharedCache ? sharedCache.state() : null }),
    readiness,
    events,
    webhooks,
    endLiveStreams: () => live.endStreams(),
    close: async () => {
      await webhooks.settle();
      await seen.close();
      await live.close();
      metrics.close();
      await providers.close();
      await sharedCache?.close();
      await budgetStore.close();
      await redisProbe?.close();
    },
  };
}

/** The app's BillingEventHub, and subscriptions listening on it (src/live): the bus, the limits, the Cloudflare poller. */
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

function createBudgets(config: Config, logger: Logger, secrets: readonly string[]) {
  const { budgets } = config;
  const budgetStore = createBudgetStore(config.responseCache.redisUrl, budgets, logger, secrets);
  const store = budgetStore.store;
  const allowance = { burst: budgets.principalBurst, perSecond: budgets.principalPerSecond };
  return {
    budgetStore,
    allowance,
    principalBudget: new PrincipalBudget(store, allowance),
    gates: new UpstreamGates(store, budgets, new FairSlots(budgets.upstreamSlots)),
    singleFlight: new SingleFlight(),
  };
}

/** The configured key billgraph calls `provider` with (JWT and sandbox mode): it names that key's budget. */
function configuredCredential(config: Config, provider: ProviderName): string {
  if (provider === 'stripe') return config.stripe.secretKey ?? '';
  if (provider === 'flexprice') return config.flexprice.apiKey ?? '';
  const auth = config.cloudflare.auth;
  return auth === null ? '' : auth.kind === 'token' ? auth.token : `${auth.email}:${auth.key}`;
}
