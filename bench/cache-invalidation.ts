/**
 * `node --import tsx bench/cache-invalidation.ts`: the mixed workload of issue 11, recorded by hand in
 * bench/RESULTS.md. Many users (JWT principals) of the sandbox's Stripe and Flexprice customers view their billing
 * page (upcoming invoice + first page of invoices) at random; a small share of customers receive billing events.
 * Two runs over the same workload: a short TTL without events (today without webhooks) against the webhook TTL
 * with events evicting what changed. One billgraph in process (yoga.fetch), the sandbox over real HTTP; upstream
 * calls are counted at the sandbox, a page view is a hit when it cost no upstream call (`extensions.cost`).
 *
 * BENCH_USERS (200), BENCH_SECONDS (30), BENCH_VIEW_EVERY_MS (mean gap between one user's views, 4000),
 * BENCH_EVENT_EVERY_MS (mean gap between events, 3000), BENCH_EVENT_SHARE (share of customers that get events, 0.2),
 * BENCH_SHORT_TTL_MS (5000), BENCH_LONG_TTL_MS (600000), BENCH_REDIS (a redis:// URL: use it as the shared store).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { ProviderName } from '../src/domain/invoice.js';
import { FP_DEFAULT_CUSTOMER, FP_IDLE_CUSTOMER } from '../src/sandbox/flexprice/data.js';
import { withSandbox } from '../src/sandbox/config.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import * as stripe from '../src/sandbox/stripe/data.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = num('BENCH_USERS', 200);
const SECONDS = num('BENCH_SECONDS', 30);
const VIEW_EVERY_MS = num('BENCH_VIEW_EVERY_MS', 4_000);
const EVENT_EVERY_MS = num('BENCH_EVENT_EVERY_MS', 3_000);
const EVENT_SHARE = num('BENCH_EVENT_SHARE', 0.2);
const SHORT_TTL_MS = num('BENCH_SHORT_TTL_MS', 5_000);
const LONG_TTL_MS = num('BENCH_LONG_TTL_MS', 600_000);
const SECRET = 'bench-jwt-secret-0123456789-abcdefghijklmnop';

const PAGE = `query BillingPage($provider: BillingProvider) {
  upcomingInvoice(provider: $provider) { amountDue { amount currency } periodEnd lines(first: 10) { nodes { description amount { amount } } } }
  invoices(provider: $provider, first: 10) { totalCount nodes { number status amountDue { amount currency } createdAt } }
}`;

interface Customer {
  provider: ProviderName;
  id: string;
}
/** The sandbox's customers with at most one subscription (a page for several needs a `subscription` argument). */
const CUSTOMERS: Customer[] = [
  ...[stripe.STRIPE_DEFAULT_CUSTOMER, stripe.STRIPE_JPY_CUSTOMER, stripe.STRIPE_KWD_CUSTOMER]
    .concat([stripe.STRIPE_NO_SUBSCRIPTION_CUSTOMER, stripe.STRIPE_GBP_CUSTOMER, stripe.STRIPE_SECOND_USD_CUSTOMER])
    .map((id) => ({ provider: 'stripe' as const, id })),
  ...[FP_DEFAULT_CUSTOMER, FP_IDLE_CUSTOMER].map((id) => ({ provider: 'flexprice' as const, id })),
];

const token = (customer: Customer, subject: string) =>
  new SignJWT({ billgraph_provider: customer.provider, billgraph_customers: [customer.id] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://auth.bench.test/')
    .setAudience('billgraph-bench')
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

function appFor(sandbox: Sandbox, ttlMs: number, webhooks: boolean): App {
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    BILLGRAPH_AUTH_MODE: 'jwt',
    BILLGRAPH_JWT_SECRET: SECRET,
    BILLGRAPH_JWT_ISSUER: 'https://auth.bench.test/',
    BILLGRAPH_JWT_AUDIENCE: 'billgraph-bench',
    BILLGRAPH_RESPONSE_CACHE_TTL_MS: String(ttlMs),
    BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS: String(ttlMs),
    BILLGRAPH_RESPONSE_CACHE_PREFIX: `billgraph-bench:${randomUUID()}:`,
    BILLGRAPH_PRINCIPAL_BURST: '1000000',
    BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
    BILLGRAPH_CLOUDFLARE_RATE: 'off',
    BILLGRAPH_STRIPE_RATE: 'off',
    ...(webhooks ? { STRIPE_WEBHOOK_SECRET: 'whsec_bench', FLEXPRICE_WEBHOOK_SECRET: 'whsec_bench' } : {}),
    ...(process.env.BENCH_REDIS ? { BILLGRAPH_REDIS_URL: process.env.BENCH_REDIS } : {}),
  };
  return createApp(withSandbox(loadConfig(env), sandbox.url));
}

interface Tally {
  views: number;
  hits: number;
  errors: number;
  events: number;
}

async function view(app: App, customer: Customer, auth: string, tally: Tally): Promise<void> {
  const response = await app.yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
    body: JSON.stringify({ query: PAGE, variables: { provider: customer.provider.toUpperCase() } }),
  });
  const body = (await response.json()) as {
    errors?: { extensions?: { code?: string } }[];
    extensions?: { cost?: { actualUpstreamCalls?: number } };
  };
  tally.views += 1;
  if (body.errors?.length) {
    tally.errors += 1;
    if (process.env.BENCH_DEBUG)
      console.error(
        customer.id,
        body.errors.map((e) => e.extensions?.code),
      );
  } else if (body.extensions?.cost?.actualUpstreamCalls === 0) tally.hits += 1;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential gaps: views and events arrive as a Poisson process. */
const gap = (mean: number) => -Math.log(1 - Math.random()) * mean;

async function run(sandbox: Sandbox, label: string, ttlMs: number, events: boolean) {
  const app = appFor(sandbox, ttlMs, events);
  const users = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const customer = CUSTOMERS[i % CUSTOMERS.length]!;
      return { customer, auth: await token(customer, `user-${i}`) };
    }),
  );
  const changing = CUSTOMERS.slice(0, Math.max(1, Math.round(CUSTOMERS.length * EVENT_SHARE)));
  const tally: Tally = { views: 0, hits: 0, errors: 0, events: 0 };
  sandbox.reset();
  const until = Date.now() + SECONDS * 1000;
  const viewers = users.map(async (user) => {
    await pause(Math.random() * VIEW_EVERY_MS);
    while (Date.now() < until) {
      await view(app, user.customer, user.auth, tally);
      await pause(gap(VIEW_EVERY_MS));
    }
  });
  const emitter = (async () => {
    while (events && Date.now() < until) {
      await pause(gap(EVENT_EVERY_MS));
      const customer = changing[Math.floor(Math.random() * changing.length)]!;
      tally.events += 1;
      await app.events.emit({
        id: `evt_bench_${tally.events}`,
        provider: customer.provider,
        customer: customer.id,
        type: 'INVOICE_UPDATED',
        providerType: 'invoice.updated',
        invoiceId: null,
        subscriptionId: null,
        occurredAt: new Date().toISOString(),
      });
    }
  })();
  await Promise.all([...viewers, emitter]);
  const upstream = sandbox.count('stripe') + sandbox.count('flexprice');
  await app.close();
  const served = tally.views - tally.errors;
  return {
    run: label,
    ttlMs,
    pageViews: tally.views,
    errors: tally.errors,
    events: tally.events,
    hitRatio: Number((tally.hits / Math.max(1, served)).toFixed(3)),
    upstreamCalls: upstream,
    upstreamCallsPerPageView: Number((upstream / Math.max(1, tally.views)).toFixed(3)),
  };
}

async function main() {
  const sandbox = await startSandbox();
  try {
    const settings = {
      users: USERS,
      customers: CUSTOMERS.length,
      seconds: SECONDS,
      viewEveryMs: VIEW_EVERY_MS,
      eventEveryMs: EVENT_EVERY_MS,
    };
    console.log(
      JSON.stringify({ settings: { ...settings, eventShare: EVENT_SHARE, store: process.env.BENCH_REDIS ? 'redis' : 'memory' } }),
    );
    console.log(JSON.stringify(await run(sandbox, 'short TTL, no events', SHORT_TTL_MS, false)));
    console.log(JSON.stringify(await run(sandbox, 'webhook TTL + events', LONG_TTL_MS, true)));
  } finally {
    await sandbox.close();
  }
}

await main();
