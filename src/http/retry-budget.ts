import type { RetryBudgetSettings } from '../config/resilience.js';

const BUCKETS = 10;

/**
 * How many retries one upstream may still get: at most `percent` of its first attempts over a rolling window,
 * plus a small floor per second (Finagle's RetryBudget). Under a full outage attempts per request fall towards
 * one instead of tripling (docs/ARCHITECTURE.md section 10). Counted in this process only.
 */
export class RetryBudget {
  private readonly bucketMs: number;
  private readonly firsts = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private current = 0;
  private currentStartedAt = 0;
  /** Retries refused since start (for metrics). */
  denied = 0;

  constructor(
    private readonly settings: RetryBudgetSettings,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = Math.max(1, Math.round(windowMs / BUCKETS));
  }

  /** A first attempt went out: it earns `percent`/100 of a retry. */
  recordFirstAttempt(): void {
    this.rotate();
    this.firsts[this.current]! += 1;
  }

  /** Takes one retry from the budget; false when the budget is spent (the caller then gives up). */
  tryRetry(): boolean {
    this.rotate();
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    const allowed = (this.settings.minPerSecond * this.windowMs) / 1000 + (sum(this.firsts) * this.settings.percent) / 100;
    if (sum(this.retries) + 1 > allowed) {
      this.denied += 1;
      return false;
    }
    this.retries[this.current]! += 1;
    return true;
  }

  /** Moves to the bucket of now, emptying the buckets that fell out of the window. */
  private rotate(): void {
    const now = this.now();
    const steps = Math.floor((now - this.currentStartedAt) / this.bucketMs);
    if (steps <= 0) return;
    for (let i = 0; i < Math.min(steps, BUCKETS); i += 1) {
      this.current = (this.current + 1) % BUCKETS;
      this.firsts[this.current] = 0;
      this.retries[this.current] = 0;
    }
    this.currentStartedAt = steps > BUCKETS ? now : this.currentStartedAt + steps * this.bucketMs;
  }
}
