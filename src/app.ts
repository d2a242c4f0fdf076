import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Principal } from './auth/principal.js';
import type { Config } from './config.js';
import { BillingError } from './domain/errors.js';
import type { UpstreamAttempt } from './http/client.js';
import { createLoaders, createReadMemo } from './loaders/index.js';
import { createProviders } from './providers/index.js';
import type { ProviderCall } from './providers/provider.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { Context } from './schema/context.js';
import { billingErrorToGraphQL } from './schema/errors.js';
import { schema } from './schema/index.js';

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
  close(): Promise<void>;
}

/** Builds the GraphQL server for a validated, sandbox-resolved config. Does not listen (see src/main.ts). */
export function createApp(config: Config, providers: ProviderRegistry = createProviders(config)): App {
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: false,
    graphiql: config.graphiql ? { title: 'billgraph', defaultQuery: GRAPHIQL_EXAMPLE } : false,
    renderGraphiQL,
    maskedErrors: { maskError },
    context: ({ request }): Context => {
      const requestId = request.headers.get('x-request-id')?.match(/^[\w-]{1,64}$/)?.[0] ?? randomUUID();
      const principal: Principal = { kind: 'service' };
      const upstreamCalls: UpstreamAttempt[] = [];
      const call: ProviderCall = {
        credentials: null,
        memo: createReadMemo(),
        onAttempt: (attempt) => upstreamCalls.push(attempt),
        signal: request.signal,
      };
      return {
        requestId,
        principal,
        providers,
        defaultProvider: config.defaultProvider,
        loaders: createLoaders(providers, call),
        call,
        upstreamCalls,
      };
    },
  });
  return { yoga, providers, close: () => providers.close() };
}

/**
 * Our errors become typed GraphQL errors; GraphQL's own (parse, validation, scalar input) pass through;
 * anything unexpected is masked to INTERNAL so no stack, credential or upstream body reaches the caller.
 */
function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : error;
  if (original instanceof BillingError) return billingErrorToGraphQL(original, error instanceof GraphQLError ? error : undefined);
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && original instanceof GraphQLError && original.extensions.code) return original;
  return new GraphQLError(message === 'Unexpected error.' ? 'Internal error' : message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL' },
  });
}
