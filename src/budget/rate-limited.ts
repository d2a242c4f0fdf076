import { BillingError } from '../domain/errors.js';

/** RATE_LIMITED with the whole seconds to wait (at least 1), as every budget refusal reads. */
export class RateLimitedError extends BillingError {
  constructor(scope: string, waitMs: number) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    super('RATE_LIMITED', `The ${scope} budget of upstream calls is spent; retry after ${retryAfter} s.`, { retryAfter });
  }
}
