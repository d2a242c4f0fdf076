import type { BudgetSettings } from '../config/budgets.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import type { BudgetStore } from './store.js';

/**
 * Where the budgets are counted: the app's shared Redis (BILLGRAPH_REDIS_URL), shared by every instance, or
 * this process. While the shared Redis's failure policy skips it (src/redis), each instance spends its share
 * (1 / BILLGRAPH_INSTANCES) alone; once Redis answers again the shared budget is back. The app's one warning
 * each way says so.
 */
export function createBudgetStore(redis: SharedRedis | null, settings: Pick<BudgetSettings, 'keyPrefix' | 'instances'>): BudgetStore {
  if (redis === null) return { redis: null, keyPrefix: settings.keyPrefix, instances: settings.instances };
  redis.use({
    field: 'budget',
    down: 'budget store unavailable: each instance spends its share of the budgets alone',
    up: 'budget store available again: budgets are shared',
  });
  return { redis, keyPrefix: settings.keyPrefix, instances: settings.instances };
}
