import { type Env, integer } from './env.js';

/** When an upstream (provider + credential) counts as down and how it is probed again (src/http/breaker.ts). */
export interface BreakerSettings {
  /** Failed attempts (5xx, 408, timeouts, connection failures) in the window, in percent, that open the breaker; 0 = no breaker. */
  failurePercent: number;
  /** The rolling window the failure rate is measured over. */
  windowMs: number;
  /** Attempts the window must hold before the rate counts (a few failures on a quiet upstream open nothing). */
  minAttempts: number;
  /** How long an open breaker fails fast before one probe may go through. */
  cooldownMs: number;
}

/** Retries may add at most this much to the upstream traffic (src/http/retry-budget.ts). */
export interface RetryBudgetSettings {
  /** Retries allowed per 100 first attempts in the window. */
  percent: number;
  /** Retries always allowed per second, so a quiet upstream can still retry its rare failure. */
  minPerSecond: number;
}

/** Big pages wait for each other so they do not stall the event loop for everyone (src/server/use-heavy-operation-gate.ts). */
export interface HeavyOperationSettings {
  /** Operation cost (src/limits/cost.ts) from which an operation is heavy. */
  minCost: number;
  /** Heavy operations executing at once per process. */
  concurrent: number;
}

export interface ResilienceSettings {
  breaker: BreakerSettings;
  retryBudget: RetryBudgetSettings;
  heavyOperations: HeavyOperationSettings;
}

export function resilienceSettings(env: Env): ResilienceSettings {
  return {
    breaker: {
      failurePercent: integer(env, 'BILLGRAPH_BREAKER_FAILURE_PERCENT', 50, 0, 99),
      windowMs: integer(env, 'BILLGRAPH_BREAKER_WINDOW_MS', 10_000, 1_000, 600_000),
      minAttempts: integer(env, 'BILLGRAPH_BREAKER_MIN_ATTEMPTS', 10, 1, 100_000),
      cooldownMs: integer(env, 'BILLGRAPH_BREAKER_COOLDOWN_MS', 1_000, 10, 600_000),
    },
    retryBudget: {
      percent: integer(env, 'BILLGRAPH_RETRY_BUDGET_PERCENT', 20, 0, 100),
      minPerSecond: integer(env, 'BILLGRAPH_RETRY_BUDGET_MIN_PER_SECOND', 5, 0, 10_000),
    },
    heavyOperations: {
      minCost: integer(env, 'BILLGRAPH_HEAVY_OPERATION_COST', 5_000, 1, 10_000_000),
      concurrent: integer(env, 'BILLGRAPH_HEAVY_OPERATIONS', 4, 1, 1_000),
    },
  };
}
