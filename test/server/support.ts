import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { createLogger, type Logger } from '../../src/log/logger.js';
import type { Principal } from '../../src/auth/principal.js';
import { RequestStates } from '../../src/server/request-state.js';

/** A tiny schema for running one plugin alone: a cheap field, a list of objects priced by `first`, a failing field. */
export const tinySchema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      hello: String
      items(first: Int!): [Item!]!
      boom: String
    }
    type Item {
      name: String!
      next: Item
    }
  `,
  resolvers: {
    Query: {
      hello: () => 'world',
      items: (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_, i) => ({ name: `item ${i}`, next: null })),
      boom: () => {
        throw new Error('db password hunter2 leaked');
      },
    },
  },
});

/** A bare Yoga over the tiny schema with only the given plugins (and Yoga's defaults). */
export function bareYoga(plugins: Plugin[], options: { maskError?: (error: unknown, message: string) => Error } = {}) {
  return createYoga({
    schema: tinySchema,
    logging: false,
    landingPage: false,
    graphiql: false,
    plugins,
    ...(options.maskError ? { maskedErrors: { maskError: options.maskError } } : {}),
  });
}

/** States whose principal is always `principal`, counting how often it was resolved. */
export function fixedStates(principal: Principal = { kind: 'service' }) {
  const resolved = { count: 0 };
  const states = new RequestStates(async () => {
    resolved.count += 1;
    return principal;
  });
  return { states, resolved };
}

/** States whose principal the x-caller header names: customer a (cus_A) or b (cus_B); any other is refused. */
export function callerStates(): RequestStates {
  const principals: Record<string, Principal> = {
    a: { kind: 'customer', subject: 'a', provider: 'stripe', customers: ['cus_A'] },
    b: { kind: 'customer', subject: 'b', provider: 'stripe', customers: ['cus_B'] },
  };
  return new RequestStates(async (headers) => {
    const principal = principals[headers.get('x-caller') ?? ''];
    if (!principal) throw new Error('unauthenticated');
    return principal;
  });
}

/** A real billgraph logger whose lines are kept as parsed objects. */
export function capturedLogger(): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

export const post = (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) =>
  new Request('http://billgraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
