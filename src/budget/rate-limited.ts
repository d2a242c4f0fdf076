import { RateLimitedError } from '../domain/errors.js';

/** RATE_LIMITED with the whole seconds to wait (at least 1), as every budget refusal reads. */
export function budgetSpent(scope: string, waitMs: number, provider?: string): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new RateLimitedError(`The ${scope} budget of upstream calls is spent; retry after ${retryAfter} s.`, {
    retryAfter,
    ...(provider ? { provider } : {}),
  });
}
