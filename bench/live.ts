/**
 * `node --import tsx bench/live.ts`: event-to-subscriber latency across two billgraph instances (issue 11),
 * written to bench/RESULTS.md by hand from what this prints. This process runs the sandbox and instance 1,
 * whose BillingEventHub it emits on (as a verified webhook would: the receivers are not on this branch, so
 * the webhook's own HTTP request and signature check are not in these numbers); instance 2 is a separate
 * billgraph process on the same Redis, and the subscribers read its Server-Sent Events over loopback.
 * Latency: from the emit call on instance 1 until a subscriber has parsed the event from instance 2.
 *
 * BENCH_EVENTS (default 200): events per scenario, sent one at a time; BENCH_SUBSCRIBERS (default 20).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { BillingEvent } from '../src/live/billing-event.js';
import { withSandbox } from '../src/sandbox/config.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { startSandbox } from '../src/sandbox/server.js';
import { openSse, type SseStream } from '../test/helpers/sse.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20);
const CUSTOMER = 'cus_SbxAcmeUsd001';
const prefix = `bench-live:${randomUUID().slice(0, 8)}:`;
const shared = {
  BILLGRAPH_REDIS_URL: 'redis://127.0.0.1:6379',
  BILLGRAPH_RESPONSE_CACHE_PREFIX: prefix,
  BILLGRAPH_BUDGET_PREFIX: prefix,
  BILLGRAPH_PROVIDER: 'stripe',
  BILLGRAPH_PRINCIPAL_BURST: '1000000',
  BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
  BILLGRAPH_STRIPE_RATE: 'off',
  BILLGRAPH_SUBSCRIPTIONS_PER_PRINCIPAL: '1000',
  LOG_LEVEL: 'warn',
};

async function instanceTwo(sandboxUrl: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      ...shared,
      STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
      STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
      STRIPE_CUSTOMER_ID: CUSTOMER,
      CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
      CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
      FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
      FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening: .*?:(\d+)\/graphql/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill('SIGTERM') };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Sends EVENTS events one at a time; each latency is until every subscriber has that event. */
async function measure(
  name: string,
  emit: (event: BillingEvent) => Promise<void>,
  streams: SseStream[],
  invoiceId: string | null,
): Promise<void> {
  const latencies: number[] = [];
  const offset = streams.map((s) => s.events.length);
  for (let i = 0; i < EVENTS; i += 1) {
    const event: BillingEvent = {
      id: `evt_${i}`,
      provider: 'stripe',
      customer: CUSTOMER,
      type: 'INVOICE_PAID',
      providerType: 'invoice.paid',
      invoiceId,
      subscriptionId: null,
      occurredAt: new Date().toISOString(),
    };
    const started = performance.now();
    const arrived = streams.map((s, n) => s.nexts(offset[n]! + i + 1, 10_000).then(() => performance.now() - started));
    await emit(event);
    latencies.push(...(await Promise.all(arrived)));
  }
  latencies.sort((a, b) => a - b);
  const fmt = (ms: number) => ms.toFixed(1);
  console.log(
    `| ${name} | ${streams.length} | ${EVENTS} | ${fmt(percentile(latencies, 50))} | ${fmt(percentile(latencies, 99))} | ${fmt(latencies.at(-1)!)} |`,
  );
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const one = createApp(withSandbox(loadConfig(shared), sandbox.url));
  const server = createServer(one.yoga).listen(0, '127.0.0.1');
  const two = await instanceTwo(sandbox.url);
  const invoices = await fetch(two.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ invoices(first: 1) { nodes { providerId } } }' }),
  });
  const invoiceId = ((await invoices.json()) as any).data.invoices.nodes[0].providerId as string;
  const query = 'subscription { invoiceEvents { type invoice { id status amountDue { amount currency } } } }';
  const open = async (count: number) => Promise.all(Array.from({ length: count }, () => openSse(two.url, query)));
  const emit = (event: BillingEvent) => one.events.emit(event);
  console.log(`events=${EVENTS}, emit on instance 1 (this process) -> Redis -> SSE of instance 2 (a child process)`);
  console.log('| scenario | subscribers | events | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|');
  const single = await open(1);
  await new Promise((resolve) => setTimeout(resolve, 500)); // SUBSCRIBE reaches Redis
  await measure('no invoice in the event (bus and SSE only)', emit, single, null);
  await measure('invoice re-read from the sandbox for the subscriber', emit, single, invoiceId);
  const many = await open(SUBSCRIBERS - 1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await measure('invoice re-read, every subscriber (latency until each has it)', emit, [...single, ...many], invoiceId);
  for (const stream of [...single, ...many]) stream.close();
  two.stop();
  server.close();
  server.closeAllConnections();
  await one.close();
  await sandbox.close();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
