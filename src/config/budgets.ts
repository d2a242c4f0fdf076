import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

/** At most `limit` requests in any `windowMs`; null = no budget (the upstream publishes no limit). */
export interface RateSpec {
  limit: number;
  windowMs: number;
}

/**
 * Budgets of upstream calls (docs/ARCHITECTURE.md section 10): what one request may cost, what one caller
 * may spend, what billgraph may send with one upstream credential, and how in-flight work is shared out.
 */
export interface BudgetSettings {
  /** The most upstream calls one request's estimate may reach; more is refused before any call. */
  maxUpstreamCalls: number;
  /** Per principal: a burst of calls, refilled at `perSecond`. */
  principalBurst: number;
  principalPerSecond: number;
  /** Requests one principal may have executing at once; more wait their turn (up to `principalQueue`). */
  principalInFlight: number;
  /** Requests one principal may have waiting for a turn; more are refused with RATE_LIMITED at once. */
  principalQueue: number;
  /** Upstream attempts in flight for the whole process, handed out round robin across principals. */
  upstreamSlots: number;
  /** The share of an upstream's published limit billgraph spends (the rest is for whatever else shares the key). */
  headroom: number;
  /** Per upstream; null = no budget. Defaults from the published limits (src/budget/upstream-budget.ts). */
  cloudflare: RateSpec | null;
  /** null = by the key: 100/s for sk_live_ / rk_live_, 25/s otherwise (test mode). */
  stripe: RateSpec | null | 'published';
  flexprice: RateSpec | null;
  /** Instances sharing the budgets: without Redis (or while it is down) each spends 1/instances of them. */
  instances: number;
  /** Prepended to every budget key in Redis. */
  keyPrefix: string;
}

/** `<limit>/<seconds>s` (e.g. 1200/300s, 25/1s) or `off`. */
function rate(env: Env, name: string, fallback: RateSpec | null): RateSpec | null {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (/^off$/i.test(raw)) return null;
  const match = /^(\d{1,7})\/(\d{1,5})s$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new ConfigError(name, 'a rate such as 1200/300s or 25/1s, or off', raw);
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

export function budgetSettings(env: Env): BudgetSettings {
  const headroomPercent = integer(env, 'BILLGRAPH_UPSTREAM_HEADROOM_PERCENT', 80, 1, 90);
  const stripe = text(env, 'BILLGRAPH_STRIPE_RATE') === null ? 'published' : rate(env, 'BILLGRAPH_STRIPE_RATE', null);
  const prefix = text(env, 'BILLGRAPH_BUDGET_PREFIX') ?? 'billgraph:';
  if (!/^[\w.:{}-]{1,64}$/.test(prefix))
    throw new ConfigError('BILLGRAPH_BUDGET_PREFIX', 'up to 64 letters, digits or _ . : { } -', prefix);
  return {
    maxUpstreamCalls: integer(env, 'BILLGRAPH_MAX_UPSTREAM_CALLS', 25, 1, 10_000),
    principalBurst: integer(env, 'BILLGRAPH_PRINCIPAL_BURST', 30, 1, 1_000_000),
    principalPerSecond: integer(env, 'BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND', 1, 1, 100_000),
    principalInFlight: integer(env, 'BILLGRAPH_PRINCIPAL_IN_FLIGHT', 100, 1, 10_000),
    principalQueue: integer(env, 'BILLGRAPH_PRINCIPAL_QUEUE', 400, 0, 100_000),
    upstreamSlots: integer(env, 'BILLGRAPH_UPSTREAM_SLOTS', 64, 1, 4_096),
    headroom: headroomPercent / 100,
    cloudflare: rate(env, 'BILLGRAPH_CLOUDFLARE_RATE', { limit: 1200, windowMs: 300_000 }),
    stripe,
    flexprice: rate(env, 'BILLGRAPH_FLEXPRICE_RATE', null),
    instances: integer(env, 'BILLGRAPH_INSTANCES', 1, 1, 1_000),
    keyPrefix: prefix,
  };
}
