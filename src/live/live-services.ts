import type { Config } from '../config.js';
import { Slots } from '../http/concurrency.js';
import type { UpstreamGuards } from '../http/breaker.js';
import type { UpstreamGates } from '../budget/upstream-gate.js';
import { createReadMemo } from '../loaders/index.js';
import type { Logger } from '../log/logger.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { BillingEventHub } from './billing-event.js';
import { CloudflarePoller } from './cloudflare-poller.js';
import { createEventBus } from './event-bus.js';
import type { LiveServices } from './live-context.js';
import { OpenStreams } from './open-streams.js';

export interface LiveDeps {
  config: Config;
  events: BillingEventHub;
  providers: ProviderRegistry;
  guards: UpstreamGuards;
  gates: UpstreamGates;
  /** The configured Cloudflare credential: the poller's reads draw on its budget. */
  cloudflareCredential: string;
  logger: Logger;
  secrets: readonly string[];
  /** The app's Redis (src/redis), null without BILLGRAPH_REDIS_URL. */
  redis: SharedRedis | null;
}

export interface Live {
  services: LiveServices;
  /** The drain: open streams end with `complete` (src/lifecycle/drain.ts); resolves once they have. */
  endStreams(): Promise<void>;
  close(): Promise<void>;
}

/** Whose budget and fair slot the poller's reads take (it is nobody's request). */
const POLLER_PRINCIPAL = 'live:cloudflare-poller';

/**
 * The live side of one app: every BillingEvent of the hub goes onto the bus (Redis pub/sub when configured),
 * subscribers on any instance hear it; Cloudflare is polled while someone watches.
 */
export function createLive(deps: LiveDeps): Live {
  const { config, logger, secrets, redis } = deps;
  const { keyPrefix } = config.responseCache;
  const bus = createEventBus({ redis, channelPrefix: keyPrefix, logger, secrets });
  deps.events.on((event) => bus.publish(event));
  const poller = new CloudflarePoller({
    redis,
    keyPrefix,
    intervalMs: config.live.cloudflarePollMs,
    read: (customer) => deps.providers.get('cloudflare').upcomingInvoice(pollCall(deps), { customer, subscription: null }),
    emit: (event) => deps.events.emit(event),
    logger,
  });
  const streams = new OpenStreams(config.live);
  return {
    services: { bus, streams, poller },
    endStreams: () => streams.endAll(),
    close: async () => {
      void streams.endAll();
      poller.close();
      await bus.close();
    },
  };
}

/** One poll: the normal client path with the configured credential (budget, breaker, retries), one call allowed. */
function pollCall(deps: LiveDeps): ProviderCall {
  return {
    credentials: null,
    memo: createReadMemo(),
    signal: AbortSignal.timeout(deps.config.deadlines.totalMs),
    slots: new Slots(1),
    guards: deps.guards,
    gate: deps.gates.gate('cloudflare', deps.cloudflareCredential, POLLER_PRINCIPAL, { cap: 1, calls: 0 }),
  };
}
