import { createBudgetStore } from '../../src/budget/redis-store.js';
import type { BudgetStore } from '../../src/budget/store.js';
import { createSharedRedis, type SharedRedis } from '../../src/redis/shared-redis.js';
import { capturedLogger } from '../server/support.js';

export interface AppRedis {
  redis: SharedRedis;
  /** The log: the shared Redis's one warning when it goes away and one line when it is back. */
  lines: Record<string, any>[];
  /** A budget store on it, made as an app makes its own. */
  store(keyPrefix: string, instances: number): BudgetStore;
}

/** An app's one shared Redis at `url`, behind the app's Redis failure policy (src/redis), as budgets use it. */
export function appRedis(url: string): AppRedis {
  const { logger, lines } = capturedLogger();
  const redis = createSharedRedis(url, logger, []);
  return { redis, lines, store: (keyPrefix, instances) => createBudgetStore(redis, { keyPrefix, instances }) };
}
