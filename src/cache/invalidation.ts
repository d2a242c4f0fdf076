import type { BillingEvent, BillingEventListener } from '../live/billing-event.js';
import type { Logger } from '../log/logger.js';
import type { BillgraphMetrics } from '../metrics/billgraph-metrics.js';
import { customerTag, invoiceTag } from './cache-tags.js';
import type { TagStore } from './tagged-cache.js';

/** The tags a billing event makes wrong: everything read about its customer, and its invoice when it names one. */
export function tagsChangedBy(event: BillingEvent): string[] {
  const tags = [customerTag(event.provider, event.customer)];
  if (event.invoiceId) tags.push(invoiceTag(event.provider, event.invoiceId));
  return tags;
}

/**
 * The listener src/app.ts registers on its BillingEventHub: a change at a provider evicts exactly the cached
 * answers that read that customer or invoice, for every principal, on every instance sharing the store. Deleting
 * the entry also keeps it from stale-if-error, which reads the same entry: a known-changed answer is wrong, not
 * stale. A store that cannot be reached is counted (outcome "failed") and never fails the event.
 */
export function evictOnBillingEvents(store: TagStore, metrics: BillgraphMetrics, logger: Logger): BillingEventListener {
  return async (event) => {
    const evicted = await store.evict(tagsChangedBy(event)).catch(() => null);
    metrics.observeEviction(event.provider, evicted === null ? 'failed' : 'evicted');
    if (evicted === null) {
      logger.info(
        { event: { id: event.id, provider: event.provider, type: event.providerType } },
        'response cache eviction failed: store unavailable',
      );
    } else {
      logger.debug({ event: { id: event.id, provider: event.provider, type: event.providerType }, evicted }, 'response cache evicted');
    }
  };
}
