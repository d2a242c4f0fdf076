import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where budgets are counted: Redis shared by every instance, or this process alone. */
export interface BudgetStore {
  redis: Redis | null;
  keyPrefix: string;
  /** Instances sharing the budget: without Redis (or while it is down) each one spends only its share. */
  instances: number;
  /** Redis failed a budget command and this process's share answered instead. */
  onStoreError?: (error: unknown) => void;
  /** A Redis budget command succeeded (the store is back). */
  onStoreOk?: () => void;
  /** Until when Redis is skipped after a failed command (ms since epoch): a hung Redis costs one timeout a second. */
  redisPausedUntil?: number;
  /**
   * The app's Redis failure policy (src/redis/shared-redis.ts): every budget command runs through it, and it
   * decides when Redis is skipped and says so; without it the pause above is this store's own.
   */
  guard?: <T>(operation: string, work: () => Promise<T>) => Promise<T>;
}

/** After a failed Redis command, budgets are counted in this process for this long before Redis is asked again. */
const REDIS_PAUSE_MS = 1_000;

/** `exhausted`: the window was already full before this take, so nothing (not even one point) fits until it resets. */
export type Take = { ok: true; remaining: number } | { ok: false; waitMs: number; exhausted: boolean };

/** A refusal. The counter counts refused points too: the window was full before this take when what came before reached the limit. */
function refused(rejection: RateLimiterRes, points: number, limit: number): Take {
  return { ok: false, waitMs: rejection.msBeforeNext, exhausted: rejection.consumedPoints - points >= limit };
}

/**
 * A fixed-window counter (rate-limiter-flexible: an atomic Redis script, or memory) that falls back to this
 * process's share of the points while Redis fails, and goes back to Redis as soon as it answers again.
 */
export class WindowCounter {
  private readonly shared: RateLimiterAbstract | null;
  private readonly local: RateLimiterMemory;

  constructor(
    private readonly store: BudgetStore,
    name: string,
    readonly points: number,
    durationSec: number,
  ) {
    const localPoints = Math.max(1, Math.floor(points / Math.max(1, store.instances)));
    this.local = new RateLimiterMemory({ points: store.redis ? localPoints : points, duration: durationSec, keyPrefix: name });
    this.shared = store.redis
      ? new RateLimiterRedis({
          storeClient: store.redis,
          points,
          duration: durationSec,
          keyPrefix: `${store.keyPrefix}budget:${name}`,
          // Fail at once while Redis is not connected, so a dead Redis costs no wait.
          rejectIfRedisNotReady: true,
        })
      : null;
  }

  async take(key: string, points: number): Promise<Take> {
    const shared = this.shared;
    if (shared && Date.now() >= (this.store.redisPausedUntil ?? 0)) {
      try {
        // A refusal is an answer, not a Redis failure: it must not count against the failure policy.
        const res = await this.guarded('BUDGET', () => shared.consume(key, points).then((taken) => ({ taken, refused: null }), asAnswer));
        if (res.refused) return refused(res.refused, points, this.points);
        this.store.onStoreOk?.();
        return { ok: true, remaining: res.taken.remainingPoints };
      } catch (error) {
        if (!this.store.guard) this.store.redisPausedUntil = Date.now() + REDIS_PAUSE_MS;
        this.store.onStoreError?.(error);
      }
    }
    try {
      const res = await this.local.consume(key, points);
      return { ok: true, remaining: res.remainingPoints };
    } catch (rejection) {
      return rejection instanceof RateLimiterRes
        ? refused(rejection, points, this.local.points)
        : { ok: false, waitMs: 1_000, exhausted: false };
    }
  }

  /** Gives back points spent but not used (a request whose estimate was above what it really cost). */
  async refund(key: string, points: number): Promise<void> {
    if (points <= 0) return;
    const paused = Date.now() < (this.store.redisPausedUntil ?? 0);
    const shared = this.shared;
    const reward = shared && !paused ? this.guarded('BUDGET', () => shared.reward(key, points)) : undefined;
    await Promise.allSettled([reward, this.local.reward(key, points)]);
  }

  private guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.store.guard ? this.store.guard(operation, work) : work();
  }
}

/** A consume's outcome as a value: points taken, or the refusal (rate-limiter-flexible rejects with it). */
function asAnswer(rejection: unknown): { taken: null; refused: RateLimiterRes } {
  if (rejection instanceof RateLimiterRes) return { taken: null, refused: rejection };
  throw rejection;
}
