import { RateLimitedError } from '../domain/errors.js';
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

/** The most callers remembered as spent at once; beyond it the oldest are forgotten (they are asked again). */
const MAX_SPENT_REMEMBERED = 10_000;

/**
 * The per-principal budget. A request's estimated upstream calls are spent before it runs, so an expensive
 * flood is refused before it reaches an upstream; what the request did not use is refunded after it.
 * A caller whose budget is spent to zero is remembered until its window resets, so its next requests are
 * refused at the door (`spentUntil`) without being parsed, validated or estimated: a flood then costs this
 * process next to nothing, and other callers keep their latency.
 */
export class PrincipalBudget {
  private readonly counter: WindowCounter;
  /** Principal key -> when (ms since epoch) its window resets; only callers with nothing left. */
  private readonly spent = new Map<string, number>();

  constructor(
    store: BudgetStore,
    allowance: PrincipalAllowance,
    private readonly now: () => number = Date.now,
  ) {
    const windowSec = Math.max(1, Math.ceil(allowance.burst / allowance.perSecond));
    this.counter = new WindowCounter(store, 'principal', allowance.burst, windowSec);
  }

  /** Spends a request's estimate; resolves with the calls left, or throws RATE_LIMITED with retryAfter. */
  async spend(principalKey: string, calls: number): Promise<number> {
    const taken = await this.counter.take(principalKey, Math.max(0, calls));
    if (taken.ok) return taken.remaining;
    if (taken.exhausted) this.remember(principalKey, this.now() + taken.waitMs);
    throw budgetSpent("caller's", taken.waitMs);
  }

  refund(principalKey: string, calls: number): Promise<void> {
    this.spent.delete(principalKey);
    return this.counter.refund(principalKey, calls);
  }

  /** Whether any caller is remembered as spent (a cheap check before resolving who is asking). */
  get anySpent(): boolean {
    return this.spent.size > 0;
  }

  /** RATE_LIMITED when this caller's budget is known to be spent to zero until later; null otherwise. */
  refusalAtTheDoor(principalKey: string): RateLimitedError | null {
    const until = this.spent.get(principalKey);
    if (until === undefined) return null;
    const waitMs = until - this.now();
    if (waitMs > 0) return budgetSpent("caller's", waitMs);
    this.spent.delete(principalKey);
    return null;
  }

  private remember(principalKey: string, until: number): void {
    if (this.spent.size >= MAX_SPENT_REMEMBERED) this.spent.delete(this.spent.keys().next().value!);
    this.spent.delete(principalKey); // re-inserted last: the map stays in order of refusal
    this.spent.set(principalKey, until);
  }
}
