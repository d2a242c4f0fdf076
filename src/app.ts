import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import type { BreakerState, BreakerStatus } from './http/breaker.js';
import { boundedParserAndValidationCache } from './limits/document-cache.js';
import type { BillingEventHub } from './live/billing-event.js';
import type { Readiness } from './lifecycle/readiness.js';
import type { Logger } from './log/logger.js';
import type { BillgraphMetrics } from './metrics/billgraph-metrics.js';
import { createProviders } from './providers/index.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { Context } from './schema/context.js';
import { schema } from './schema/index.js';
import type { Config } from './config.js';
import { buildAppParts, closeAppParts } from './server/app-parts.js';
import { withBudgetDoor } from './server/budget-door.js';
import { maskError } from './server/error-shaping.js';
import { contextFactory, requestPipeline } from './server/pipeline.js';
import type { WebhookReceiver } from './webhooks/receiver.js';

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
  /** What the HTTP server calls (src/main.ts): the budget's door (src/server/budget-door.ts), then Yoga. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
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
  /** The name of this app's Redis connections in CLIENT LIST (src/redis; the subscriber's adds ":subscriber"), null without Redis. */
  redisConnectionName: string | null;
  close(): Promise<void>;
}

/**
 * GraphiQL from the bundled package, loaded on the first page asked for: the bundle (GraphiQL, Monaco and its
 * workers, ~34 MB of strings) stayed in the heap of every process, also where GraphiQL is off as in production.
 */
async function renderBundledGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}

export interface AppOptions {
  /** A ready logger; otherwise one is made from config.logLevel writing to `logDestination` (default stdout). */
  logger?: Logger;
  /** Where request logs go, e.g. a stream a test reads. */
  logDestination?: DestinationStream;
}

/**
 * Builds the GraphQL server for a validated, sandbox-resolved config. Does not listen (see src/main.ts). What
 * it is made of is in src/server/app-parts.ts; the order a request passes through it in src/server/pipeline.ts.
 */
export function createApp(config: Config, providers: ProviderRegistry = createProviders(config), options: AppOptions = {}): App {
  const parts = buildAppParts(config, providers, options);
  const { limits } = config;
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/livez', // Yoga's own liveness answer; /healthz (alias) and /readyz are useHealth's
    landingPage: false,
    cors: false, // useCors: Yoga's own reflects any origin with credentials
    logging: false,
    graphiql: config.graphiql ? { title: 'billgraph', defaultQuery: GRAPHIQL_EXAMPLE } : false,
    renderGraphiQL: renderBundledGraphiQL,
    batching: limits.maxBatch > 0 ? { limit: limits.maxBatch } : false,
    // useHttpGuards refuses a POST over the cap by its Content-Length, or streamed without one, and Node's
    // parser reads no byte past Content-Length; Yoga's own counter re-piped every body (a stream pipeline and a
    // DOMException per request in the CPU profile, bench/HISTORY.md).
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserAndValidationCache(),
    maskedErrors: { maskError },
    plugins: requestPipeline(config, parts),
    context: contextFactory(config, parts, providers),
  });
  return {
    yoga,
    handler: withBudgetDoor(yoga, {
      budget: parts.principalBudget,
      states: parts.states,
      maxUpstreamCalls: config.budgets.maxUpstreamCalls,
      allowance: parts.allowance,
      onRefusal: () => parts.metrics.observeDoorRefusal(),
    }),
    providers,
    logger: parts.logger,
    metrics: parts.metrics,
    breakers: () => ({ upstreams: parts.guards.statuses(), responseCache: parts.cacheStack?.shared?.state() ?? null }),
    readiness: parts.readiness,
    events: parts.events,
    webhooks: parts.webhooks,
    endLiveStreams: () => parts.live.endStreams(),
    redisConnectionName: parts.redis?.connectionName ?? null,
    close: () => closeAppParts(parts, providers),
  };
}
