import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { ProviderName } from '../domain/invoice.js';
import { scrub, type Logger } from '../log/logger.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import type { BillingEvent } from './billing-event.js';

/**
 * Carries BillingEvents to the subscribers of one provider + customer, on every instance: Yoga's pub/sub over
 * Redis pub/sub (@graphql-yoga/redis-event-target) when a Redis URL is configured, in this process otherwise.
 * With Redis, an instance's own subscribers also hear its events through Redis, so nothing arrives twice.
 */
export interface EventBus {
  publish(event: BillingEvent): Promise<void>;
  /** The events of one customer; `return()` on the iterator stops listening. */
  subscribe(provider: ProviderName, customer: string): AsyncIterableIterator<BillingEvent>;
  /**
   * Resolves once this instance listens to the customer's events (Redis acknowledged the SUBSCRIBE that the first
   * pull of `subscribe`'s iterator sent), or after CONFIRM_WAIT_MS while Redis is away.
   */
  listening(provider: ProviderName, customer: string): Promise<void>;
  close(): Promise<void>;
}

type Topics = Record<string, [topic: string, event: BillingEvent]>;

/** How long a stream waits for Redis to confirm its subscription before it opens anyway (events are lost meanwhile). */
const CONFIRM_WAIT_MS = 1_000;

export interface EventBusOptions {
  /** The app's Redis (src/redis): publishing on its command connection, listening on its subscriber connection. */
  redis: SharedRedis | null;
  /** Prepended to the channel names, so deployments sharing one Redis stay apart (e.g. "billgraph:"). */
  channelPrefix: string;
  logger: Logger;
  secrets: readonly string[];
}

/** The channel of a customer's events (also the topic of the in-process bus). */
export function customerTopic(provider: ProviderName, customer: string): string {
  return JSON.stringify([provider, customer]);
}

export function createEventBus(options: EventBusOptions): EventBus {
  const name = `${options.channelPrefix}live:events`;
  if (options.redis === null) {
    const pubsub = createPubSub<Topics>();
    return {
      publish: async (event) => pubsub.publish(name, customerTopic(event.provider, event.customer), event),
      subscribe: (provider, customer) => pubsub.subscribe(name, customerTopic(provider, customer)),
      // In this process a listener hears everything published after it was added.
      listening: async () => {},
      close: async () => {},
    };
  }
  const { publishClient, subscribeClient, subscribed } = redisClients(options.redis, options);
  const pubsub = createPubSub<Topics>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return {
    publish: async (event) => pubsub.publish(name, customerTopic(event.provider, event.customer), event),
    subscribe: (provider, customer) => pubsub.subscribe(name, customerTopic(provider, customer)),
    listening: (provider, customer) => subscribed(`${name}:${customerTopic(provider, customer)}`),
    close: async () => {}, // the connections are the app's, closed once with the others
  };
}

/**
 * A PUBLISH is one more command on the shared connection, under its failure policy (skipped while Redis is,
 * counted in the app's one warning). Subscriptions need a connection of their own (a subscribed connection can
 * run no other command), whose outages this bus reports once each way.
 */
function redisClients(redis: SharedRedis, options: EventBusOptions) {
  redis.use({ field: 'liveEvents', down: 'live events are not carried', up: 'live events carried again' });
  const outage = outageLog(options);
  const subscriber = redis.subscriber();
  subscriber.on('error', (error: Error) => outage.down(error));
  subscriber.on('ready', () => outage.up());
  // The event target does not handle PUBLISH's promise: a Redis outage would be an unhandled rejection.
  const publishClient = {
    publish: (channel: string, message: string) => redis.run('PUBLISH', (client) => client.publish(channel, message)).catch(() => 0),
  };
  // Nor SUBSCRIBE's and UNSUBSCRIBE's: a stream ending while the app closes would reject after disconnect.
  const quiet = (command: Promise<unknown>) => command.catch(outage.down);
  // The event target subscribes a channel for its first listener only: later listeners wait on the same reply.
  const acks = new Map<string, Promise<unknown>>();
  const subscribeClient = {
    on: (event: 'message', listener: (channel: string, message: string) => void) => subscriber.on(event, listener),
    subscribe: (channel: string) => {
      const ack = quiet(subscriber.subscribe(channel));
      acks.set(channel, ack);
      return ack;
    },
    unsubscribe: (channel: string) => {
      acks.delete(channel);
      return quiet(subscriber.unsubscribe(channel));
    },
  };
  const subscribed = async (channel: string) => {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, CONFIRM_WAIT_MS)));
    await Promise.race([acks.get(channel) ?? Promise.resolve(), waited]).finally(() => clearTimeout(timer));
  };
  return { subscribed, publishClient: publishClient as unknown as Redis, subscribeClient: subscribeClient as unknown as Redis };
}

/** One warning when Redis goes away and one when it is back, not one per failed command. */
function outageLog({ logger, secrets }: EventBusOptions) {
  let down = false;
  let everReady = false;
  return {
    down(error: Error) {
      if (down) return;
      down = true;
      logger.warn({ live: 'redis', everReady, err: { message: scrub(error.message, secrets) } }, 'live event bus: Redis unavailable');
    },
    up() {
      everReady = true;
      if (!down) return;
      down = false;
      logger.warn({ live: 'redis' }, 'live event bus: Redis available again');
    },
  };
}
