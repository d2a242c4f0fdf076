import type { SharedRedis } from '../redis/shared-redis.js';
import type { CheckResult, ReadinessCheck } from './readiness.js';

/**
 * Readiness check: the app's Redis answers PING, on its shared connection and under its failure policy
 * (src/redis): while the policy skips Redis the instance is not ready, and a probe that finds Redis answering
 * closes the breaker for everyone. A probe right after the start waits for the first connection.
 */
export function redisCheck(redis: SharedRedis): ReadinessCheck {
  return async (): Promise<CheckResult> => {
    await redis.untilConnected(1_000);
    const started = performance.now();
    try {
      await redis.run('PING', (client) => client.ping());
      return { ok: true, detail: { pingMs: Math.round((performance.now() - started) * 10) / 10 } };
    } catch {
      return { ok: false, detail: `unreachable (${redis.client.status})` };
    }
  };
}
