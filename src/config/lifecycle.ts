import type { Deadlines } from '../http/client.js';
import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

/** How a stopping instance drains (src/lifecycle/drain.ts, docs/ARCHITECTURE.md section 11). */
export interface LifecycleSettings {
  /** After SIGTERM: /readyz answers 503 while everything is still served, so load balancers notice first. */
  drainDelayMs: number;
  /** Then: the listener is closed and in-flight requests get up to this long to finish. */
  shutdownGraceMs: number;
}

/** The grace's default outlasts the longest upstream call, so a request in flight is never cut. */
const GRACE_MARGIN_MS = 5_000;

export function lifecycleSettings(env: Env, deadlines: Deadlines): LifecycleSettings {
  const drainDelayMs = integer(env, 'BILLGRAPH_DRAIN_DELAY_MS', 5_000, 0, 600_000);
  const shutdownGraceMs = integer(env, 'BILLGRAPH_SHUTDOWN_GRACE_MS', deadlines.totalMs + GRACE_MARGIN_MS, 1, 3_600_000);
  if (text(env, 'BILLGRAPH_SHUTDOWN_GRACE_MS') !== null && shutdownGraceMs <= deadlines.totalMs) {
    // A shorter grace cuts requests that wait on a slow upstream: the bug this setting exists to prevent.
    throw new ConfigError('BILLGRAPH_SHUTDOWN_GRACE_MS', `more than UPSTREAM_TIMEOUT_MS (${deadlines.totalMs})`, String(shutdownGraceMs));
  }
  return { drainDelayMs, shutdownGraceMs };
}
