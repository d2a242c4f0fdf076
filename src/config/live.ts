import { type Env, integer } from './env.js';

/** Live updates over GraphQL subscriptions (docs/ARCHITECTURE.md section 14). */
export interface LiveSettings {
  /** Open subscriptions one principal may hold on one instance (BILLGRAPH_SUBSCRIPTIONS_PER_PRINCIPAL). */
  maxPerPrincipal: number;
  /** Open subscriptions one instance holds at most, for everyone (BILLGRAPH_SUBSCRIPTIONS_PER_INSTANCE). */
  maxPerInstance: number;
  /** How often a watched Cloudflare customer's upcoming invoice is read, once across all instances (BILLGRAPH_CLOUDFLARE_POLL_MS). */
  cloudflarePollMs: number;
}

export function liveSettings(env: Env): LiveSettings {
  return {
    maxPerPrincipal: integer(env, 'BILLGRAPH_SUBSCRIPTIONS_PER_PRINCIPAL', 10, 0, 10_000),
    maxPerInstance: integer(env, 'BILLGRAPH_SUBSCRIPTIONS_PER_INSTANCE', 1_000, 0, 1_000_000),
    // 250 ms is for tests and demos; Cloudflare's usage moves by the minute, hence the 60 s default.
    cloudflarePollMs: integer(env, 'BILLGRAPH_CLOUDFLARE_POLL_MS', 60_000, 250, 86_400_000),
  };
}
