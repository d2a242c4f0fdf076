import { budgetSpent } from './rate-limited.js';
import { WindowCounter, type BudgetStore } from './store.js';

/**
 * A caller's allowance of upstream calls: a burst of `burst` calls, refilled at `perSecond` (counted as a
 * window of burst / perSecond seconds).
 */
export interface PrincipalAllowance {
  burst: number;
  perSecond: number;
}

/**
 * The per-principal budget. A request's estimated upstream calls are spent before it runs, so an expensive
 * flood is refused before it reaches an upstream; what the request did not use is refunded after it.
 */
export class PrincipalBudget {
  private readonly counter: WindowCounter;

  constructor(store: BudgetStore, allowance: PrincipalAllowance) {
    const windowSec = Math.max(1, Math.ceil(allowance.burst / allowance.perSecond));
    this.counter = new WindowCounter(store, 'principal', allowance.burst, windowSec);
  }

  /** Spends a request's estimate; resolves with the calls left, or throws RATE_LIMITED with retryAfter. */
  async spend(principalKey: string, calls: number): Promise<number> {
    const taken = await this.counter.take(principalKey, Math.max(0, calls));
    if (!taken.ok) throw budgetSpent("caller's", taken.waitMs);
    return taken.remaining;
  }

  refund(principalKey: string, calls: number): Promise<void> {
    return this.counter.refund(principalKey, calls);
  }
}
