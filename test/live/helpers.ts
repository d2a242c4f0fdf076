import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { customerTopic } from '../../src/live/event-bus.js';
import type { ProviderName } from '../../src/domain/invoice.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import type { Sandbox } from '../../src/sandbox/server.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Keys and channels of one test apart from every other run's. */
export const testPrefix = () => `bgtest:${randomUUID().slice(0, 18)}:`;

/** A billgraph instance on the shared Redis and sandbox, with this test's prefix. */
export function liveInstance(sandbox: Sandbox, prefix: string, env: Record<string, string> = {}): Promise<Harness> {
  return startHarness(
    { BILLGRAPH_REDIS_URL: REDIS_URL, BILLGRAPH_RESPONSE_CACHE_PREFIX: prefix, BILLGRAPH_BUDGET_PREFIX: prefix, LOG_LEVEL: 'info', ...env },
    { sandbox, captureLogs: true },
  );
}

/** A BillingEvent as a verified webhook would emit it. */
export function billingEvent(provider: ProviderName, customer: string, fields: Partial<BillingEvent> = {}): BillingEvent {
  return {
    id: `evt_${randomUUID()}`,
    provider,
    customer,
    type: 'INVOICE_PAID',
    providerType: 'invoice.paid',
    invoiceId: null,
    subscriptionId: null,
    occurredAt: new Date().toISOString(),
    ...fields,
  };
}

/** Waits until `count` connections listen on a customer's channel in Redis (SUBSCRIBE is asynchronous). */
export async function untilListening(
  redis: Redis,
  prefix: string,
  provider: ProviderName,
  customer: string,
  count: number,
  bound: 'at least' | 'at most' = 'at least',
): Promise<void> {
  const channel = `${prefix}live:events:${customerTopic(provider, customer)}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [, listening] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (bound === 'at least' ? Number(listening) >= count : Number(listening) <= count) return;
    if (Date.now() > deadline) throw new Error(`only ${listening} of ${count} listen on ${channel}`);
    await sleep(20);
  }
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A slow link to the real Redis: what billgraph sends arrives `delayMs` late (in order), as over a congested network. */
export async function slowRedis(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((client) => {
    const redis = connect(6379, '127.0.0.1');
    client.on('data', (chunk) => setTimeout(() => redis.write(chunk), delayMs));
    redis.pipe(client);
    client.on('close', () => redis.destroy());
    redis.on('close', () => client.destroy());
    client.on('error', () => redis.destroy());
    redis.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `redis://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
