import { Redis } from 'ioredis';
import type { CheckResult, ReadinessCheck } from './readiness.js';

/**
 * Readiness check: the configured Redis answers PING. Its own small connection, so a probe never queues
 * behind cache traffic; it connects on the first probe (building the app has no side effect).
 */
export function redisCheck(redisUrl: string): { check: ReadinessCheck; close(): Promise<void> } {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on('error', () => {}); // reported by the check's result, not on stderr per reconnect
  const check = async (): Promise<CheckResult> => {
    if (redis.status === 'wait') await redis.connect().catch(() => {});
    const started = performance.now();
    try {
      await redis.ping();
      return { ok: true, detail: { pingMs: Math.round((performance.now() - started) * 10) / 10 } };
    } catch {
      return { ok: false, detail: `unreachable (${redis.status})` };
    }
  };
  return {
    check,
    close: async () => {
      redis.disconnect();
    },
  };
}
