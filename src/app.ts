import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import { createPrincipalResolver } from './auth/resolve.js';
import { createRedisResponseCache } from './cache/redis-response-cache.js';
import type { Config } from './config.js';
import { CursorCodec } from './domain/cursor.js';
import { boundedParserAndValidationCache } from './limits/document-cache.js';
import { configuredSecrets, createLogger, type Logger } from './log/logger.js';
import { createMetrics, type BillgraphMetrics } from './metrics/billgraph-metrics.js';
import { createProviders } from './providers/index.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { Context } from './schema/context.js';
import { schema } from './schema/index.js';
import { createContextFactory } from './server/context.js';
import { maskError } from './server/error-shaping.js';
import { RequestStates } from './server/request-state.js';
import { loadTrustedDocuments } from './server/trusted-documents.js';
import { useArmor } from './server/use-armor.js';
import { useCors } from './server/use-cors.js';
import { useErrorCodes } from './server/use-error-codes.js';
import { useHiddenSuggestions } from './server/use-hidden-suggestions.js';
import { useHttpGuards } from './server/use-http-guards.js';
import { useOperationLimits } from './server/use-operation-limits.js';
import { usePrincipalResponseCache } from './server/use-principal-response-cache.js';
import { useRequestLog } from './server/use-request-log.js';
import { useRequestState } from './server/use-request-state.js';
import { useTrustedDocuments } from './server/use-trusted-documents.js';

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
  close(): Promise<void>;
}

export interface AppOptions {
  /** A ready logger; otherwise one is made from config.logLevel writing to `logDestination` (default stdout). */
  logger?: Logger;
  /** Where request logs go, e.g. a stream a test reads. */
  logDestination?: DestinationStream;
}

/** Builds the GraphQL server for a validated, sandbox-resolved config. Does not listen (see src/main.ts). */
export function createApp(config: Config, providers: ProviderRegistry = createProviders(config), options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel, destination: options.logDestination });
  const secrets = configuredSecrets(config);
  const metrics = createMetrics();
  const states = new RequestStates(createPrincipalResolver(config.auth));
  const { limits, responseCache, cors, trustedDocuments } = config;
  // Read and checked against the schema now: a bad manifest stops the start with a ConfigError.
  const documents = loadTrustedDocuments(trustedDocuments.manifests, schema);
  // With a Redis URL every instance shares one cache; otherwise each process keeps its own in memory.
  const sharedCache = responseCache.ttlMs > 0 && responseCache.redisUrl !== null ? createRedisResponseCache(responseCache, logger) : null;

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    cors: false, // useCors below: Yoga's own reflects any origin with credentials
    logging: false,
    graphiql: config.graphiql ? { title: 'billgraph', defaultQuery: GRAPHIQL_EXAMPLE } : false,
    renderGraphiQL,
    batching: limits.maxBatch > 0 ? { limit: limits.maxBatch } : false,
    parserAndValidationCache: boundedParserAndValidationCache(),
    maskedErrors: { maskError },
    plugins: [
      useRequestState(states),
      useCors(cors),
      useHttpGuards({ maxBodyBytes: limits.maxBodyBytes, states }),
      useTrustedDocuments({ ...trustedDocuments, documents, states }),
      useArmor(limits),
      useOperationLimits({ maxCost: limits.maxCost, introspection: config.introspection }),
      ...(config.suggestions ? [] : [useHiddenSuggestions()]),
      useErrorCodes({ states, logger, secrets }),
      useRequestLog({ states, logger, metrics, secrets }),
      ...(responseCache.ttlMs > 0 ? [usePrincipalResponseCache({ ttlMs: responseCache.ttlMs, cache: sharedCache?.cache, states })] : []),
    ],
    context: createContextFactory({
      states,
      providers,
      defaultProvider: config.defaultProvider,
      maxUpstreamConcurrency: limits.maxUpstreamConcurrency,
      cursors: new CursorCodec(config.cursors.secret),
    }),
  });
  return {
    yoga,
    providers,
    logger,
    metrics,
    close: async () => {
      metrics.close();
      await providers.close();
      await sharedCache?.close();
    },
  };
}
