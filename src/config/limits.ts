import { type Env, integer } from './env.js';

export interface LimitSettings {
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Cost of an operation: every field 1, a list field's subtree times its `first`/`last` (default 20). */
  maxCost: number;
  /** Operations in one batched request; 0 = batching off. */
  maxBatch: number;
  /** Upstream attempts one GraphQL request may have in flight at once, across providers. */
  maxUpstreamConcurrency: number;
}

export function limitSettings(env: Env): LimitSettings {
  return {
    maxBodyBytes: integer(env, 'BILLGRAPH_MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
    maxDepth: integer(env, 'BILLGRAPH_MAX_DEPTH', 15, 2, 100),
    maxAliases: integer(env, 'BILLGRAPH_MAX_ALIASES', 15, 0, 1_000),
    maxDirectives: integer(env, 'BILLGRAPH_MAX_DIRECTIVES', 20, 0, 1_000),
    maxTokens: integer(env, 'BILLGRAPH_MAX_TOKENS', 2_000, 100, 100_000),
    maxCost: integer(env, 'BILLGRAPH_MAX_COST', 50_000, 10, 10_000_000),
    maxBatch: integer(env, 'BILLGRAPH_MAX_BATCH', 0, 0, 100),
    maxUpstreamConcurrency: integer(env, 'BILLGRAPH_MAX_UPSTREAM_CONCURRENCY', 8, 1, 64),
  };
}
