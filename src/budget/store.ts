import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SharedRedis } from '../redis/shared-redis.js';

/** Where budgets are counted: Redis shared by every instance, or this process alone. */
export interface BudgetStore {
  /**
   * The app's one Redis (src/redis/shared-redis.ts): every budget command runs under its failure policy, which
   * decides when Redis is skipped and says so.
   */
  redis: SharedRedis | null;
  keyPrefix: string;
  /** Instances sharing the budget: without Redis (or while it is down) each one spends only its share. */
  instances: number;
}

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
  /** The Redis counter and the Redis it runs on; null without Redis. */
  private readonly shared: { limiter: RateLimiterAbstract; redis: SharedRedis } | null;
  private readonly local: RateLimiterMemory;

  constructor(
    store: BudgetStore,
    name: string,
    readonly points: number,
    durationSec: number,
  ) {
    const localPoints = Math.max(1, Math.floor(points / Math.max(1, store.instances)));
    this.local = new RateLimiterMemory({ points: store.redis ? localPoints : points, duration: durationSec, keyPrefix: name });
    this.shared = store.redis && {
      limiter: sharedLimiter(store.redis, `${store.keyPrefix}budget:${name}`, points, durationSec),
      redis: store.redis,
    };
  }

  async take(key: string, points: number): Promise<Take> {
    const shared = this.shared;
    if (shared) {
      try {
        // A refusal is an answer, not a Redis failure: it must not count against the failure policy.
        const consumed = () => shared.limiter.consume(key, points).then((taken) => ({ taken, refused: null }), asAnswer);
        const res = await shared.redis.run('BUDGET', consumed);
        if (res.refused) return refused(res.refused, points, this.points);
        return { ok: true, remaining: res.taken.remainingPoints };
      } catch {
        // Redis was skipped or failed (the failure policy says so once): this process's share answers.
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
    const shared = this.shared;
    const reward = shared?.redis.run('BUDGET', () => shared.limiter.reward(key, points));
    await Promise.allSettled([reward, this.local.reward(key, points)]);
  }
}

/** A consume's outcome as a value: points taken, or the refusal (rate-limiter-flexible rejects with it). */
function asAnswer(rejection: unknown): { taken: null; refused: RateLimiterRes } {
  if (rejection instanceof RateLimiterRes) return { taken: null, refused: rejection };
  throw rejection;
}

/** The counter in Redis: an atomic script, failing at once while Redis is not connected so a dead Redis costs no wait. */
function sharedLimiter(redis: SharedRedis, keyPrefix: string, points: number, durationSec: number): RateLimiterAbstract {
  return new RateLimiterRedis({ storeClient: redis.client, points, duration: durationSec, keyPrefix, rejectIfRedisNotReady: true });
}
