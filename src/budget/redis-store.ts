import { Redis } from 'ioredis';
import type { BudgetSettings } from '../config/budgets.js';
import { scrub, type Logger } from '../log/logger.js';
import type { BudgetStore } from './store.js';

export interface SharedBudgetStore {
  store: BudgetStore;
  close(): Promise<void>;
}

/**
 * Where the budgets are counted: Redis (BILLGRAPH_REDIS_URL) shared by every instance, or this process. A
 * Redis that fails is logged once, each instance then spends its share (1 / BILLGRAPH_INSTANCES) alone, and
 * once Redis answers again the shared budget is back, logged once too.
 */
export function createBudgetStore(
  redisUrl: string | null,
  settings: Pick<BudgetSettings, 'keyPrefix' | 'instances'>,
  logger: Logger,
  secrets: readonly string[],
): SharedBudgetStore {
  if (redisUrl === null) {
    return { store: { redis: null, keyPrefix: settings.keyPrefix, instances: settings.instances }, close: async () => {} };
  }
  const redis = new Redis(redisUrl, {
    connectTimeout: 1_000,
    commandTimeout: 250,
    // While Redis is away, budget commands fail at once (the local share answers) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  redis.on('error', () => {}); // reported through onStoreError, once per outage
  let down = false;
  let everReady = false;
  redis.on('ready', () => (everReady = true));
  const store: BudgetStore = {
    redis,
    keyPrefix: settings.keyPrefix,
    instances: settings.instances,
    onStoreError(error) {
      // The first connection is still being made: not an outage yet.
      if (down || (!everReady && redis.status === 'connecting')) return;
      down = true;
      const message = scrub(error instanceof Error ? error.message : String(error), secrets);
      logger.warn(
        { budget: 'redis', instances: settings.instances, err: { message } },
        'budget store unavailable: each instance spends its share of the budgets alone',
      );
    },
    onStoreOk() {
      if (!down) return;
      down = false;
      logger.warn({ budget: 'redis' }, 'budget store available again: budgets are shared');
    },
  };
  return {
    store,
    close: async () => {
      redis.disconnect();
    },
  };
}
