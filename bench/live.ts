/**
 * `node --import tsx bench/live.ts`: event-to-subscriber latency across two billgraph instances (issue 11),
 * written to bench/RESULTS.md by hand from what this prints. This process runs the sandbox and instance 1,
 * whose BillingEventHub the first scenarios emit on directly (the bus and the re-read alone); instance 2 is a separate
 * billgraph process on the same Redis, and the subscribers read its Server-Sent Events over loopback.
 * Latency: from the emit call on instance 1 until a subscriber has parsed the event from instance 2. The last
 * latency scenario goes the whole way: a Stripe `invoice.paid` signed with the stripe SDK is POSTed to instance
 * 1's /webhooks/stripe (signature check, de-duplication in Redis, the hub, Redis pub/sub, the re-read, SSE).
 * Then throughput: BENCH_WEBHOOK_SENDERS (10) senders post distinct signed events to instance 2 for
 * BENCH_WEBHOOK_S (10) s; webhooks per second and instance 2's CPU per webhook (from /proc).
 *
 * BENCH_EVENTS (default 200): events per scenario, sent one at a time; BENCH_SUBSCRIBERS (default 20).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { BillingEvent } from '../src/live/billing-event.js';
import { withSandbox } from '../src/sandbox/config.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { startSandbox } from '../src/sandbox/server.js';
import { openSse, type SseStream } from '../test/helpers/sse.js';
import { groupCpuSeconds, loadAverage } from './procfs.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20);
const CUSTOMER = 'cus_SbxAcmeUsd001';
const WEBHOOK_SECRET = 'whsec_bench_live_0123456789';
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
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  LOG_LEVEL: 'warn',
};

async function instanceTwo(sandboxUrl: string): Promise<{ url: string; pid: number; stop(): void }> {
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
    detached: true, // its own process group, so its CPU time can be read from /proc
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening: .*?:(\d+)\/graphql/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
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
    const event = eventFor(`evt_${name.length}_${i}_${randomUUID().slice(0, 6)}`, invoiceId);
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

/** POSTs `event` to a receiver as Stripe would deliver it: its payload, signed with the stripe SDK's header generator. */
async function deliver(webhookUrl: string, event: BillingEvent): Promise<void> {
  const object = { id: event.invoiceId, object: 'invoice', customer: event.customer, status: 'paid' };
  const payload = JSON.stringify({
    id: event.id,
    object: 'event',
    type: 'invoice.paid',
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
}

/** Signed webhooks as fast as BENCH_WEBHOOK_SENDERS senders can post them to one instance (a separate process). */
async function webhookThroughput(webhookUrl: string, pid: number, invoiceId: string): Promise<void> {
  const seconds = Number(process.env.BENCH_WEBHOOK_S ?? 10);
  const senders = Number(process.env.BENCH_WEBHOOK_SENDERS ?? 10);
  const until = Date.now() + seconds * 1_000;
  const cpuBefore = groupCpuSeconds(pid);
  let delivered = 0;
  await Promise.all(
    Array.from({ length: senders }, async (_, sender) => {
      for (let i = 0; Date.now() < until; i += 1) {
        await deliver(webhookUrl, { ...eventFor(`evt_tp_${sender}_${i}_${randomUUID().slice(0, 6)}`, invoiceId) });
        delivered += 1;
      }
    }),
  );
  const cpuMs = (groupCpuSeconds(pid) - cpuBefore) * 1_000;
  console.log(
    `webhooks: ${senders} senders, ${seconds} s: ${delivered} accepted, ${(delivered / seconds).toFixed(0)}/s; ` +
      `instance CPU ${(cpuMs / delivered).toFixed(2)} ms per webhook; load average ${loadAverage()}`,
  );
}

const eventFor = (id: string, invoiceId: string | null): BillingEvent => ({
  id,
  provider: 'stripe',
  customer: CUSTOMER,
  type: 'INVOICE_PAID',
  providerType: 'invoice.paid',
  invoiceId,
  subscriptionId: null,
  occurredAt: new Date().toISOString(),
});

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
  for (const stream of many) stream.close();
  const webhookOne = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
  await measure('signed webhook POSTed to instance 1, invoice re-read (the whole way)', (e) => deliver(webhookOne, e), single, invoiceId);
  for (const stream of single) stream.close();
  await webhookThroughput(two.url.replace(/\/graphql$/, '/webhooks/stripe'), two.pid, invoiceId);
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
