import type { UpstreamResponse } from './client.js';

/**
 * What stands between a request and each upstream attempt (retries included): the credential's budget and
 * the process's fair slots (src/budget/upstream-gate.ts). The wait counts toward the call's deadline.
 */
export interface UpstreamGate {
  /** Resolves with a release for after the attempt, or throws (RATE_LIMITED, the request's call cap). */
  beforeAttempt(attempt: number, deadlineAt: number, signal: AbortSignal): Promise<() => void>;
  /** Every answer, so the upstream's own rate-limit headers (Ratelimit, a 429's Retry-After) are heeded. */
  afterAnswer(response: UpstreamResponse): void;
}
