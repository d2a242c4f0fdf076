import { PROVIDERS, type ProviderName } from '../domain/invoice.js';
import { type Env, flag, integer, oneOf, text } from './env.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where billgraph listens and what it shows: everything but upstreams, auth, limits and the cache. */
export interface ServerSettings {
  host: string;
  port: number;
  /** Port of the Prometheus endpoint (GET /metrics) on `host`; null = not served. */
  metricsPort: number | null;
  defaultProvider: ProviderName;
  graphiql: boolean;
  introspection: boolean;
  /** graphql-js's "Did you mean ...?" hints in error messages. */
  suggestions: boolean;
  logLevel: LogLevel;
  /** Repeated queries run as compiled JavaScript (graphql-jit) instead of graphql-js's interpreter. */
  compiledExecution: boolean;
}

export function serverSettings(env: Env): ServerSettings {
  // GraphiQL, introspection and "Did you mean" hints help a developer and an attacker: off in production unless asked for.
  const isProduction = env.NODE_ENV === 'production';
  return {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65_535),
    metricsPort: text(env, 'BILLGRAPH_METRICS_PORT') === null ? null : integer(env, 'BILLGRAPH_METRICS_PORT', 0, 1, 65_535),
    defaultProvider: oneOf(env, 'BILLGRAPH_PROVIDER', PROVIDERS, 'cloudflare'),
    graphiql: flag(env, 'BILLGRAPH_GRAPHIQL', !isProduction),
    introspection: flag(env, 'BILLGRAPH_INTROSPECTION', !isProduction),
    suggestions: flag(env, 'BILLGRAPH_SUGGESTIONS', !isProduction),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    compiledExecution: flag(env, 'BILLGRAPH_COMPILED_EXECUTION', true),
  };
}
