import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { Slots } from '../http/concurrency.js';
import type { UpstreamGuards } from '../http/breaker.js';
import type { UpstreamGates } from '../budget/upstream-gate.js';
import { createReadMemo } from '../loaders/index.js';
import type { Logger } from '../log/logger.js';
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
  const { config, logger, secrets } = deps;
  const { redisUrl, keyPrefix } = config.responseCache;
  const bus = createEventBus({ redisUrl, channelPrefix: keyPrefix, logger, secrets });
  deps.events.on((event) => bus.publish(event));
  const redis = redisUrl === null ? null : pollerRedis(redisUrl);
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
      redis?.disconnect();
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

function pollerRedis(url: string): Redis {
  const redis = new Redis(url, {
    connectTimeout: 1_000,
    commandTimeout: 500,
    // A poll skipped while Redis is away is better than polls queued for later.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  redis.on('error', () => {}); // the poller logs its failed commands once per outage
  return redis;
}
