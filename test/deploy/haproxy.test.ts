import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { ROOT, sandboxEnv, startBillgraph, type BillgraphProcess } from '../helpers/process.js';
import { UNBOUNDED_BUDGETS } from '../helpers/harness.js';
import { openSse } from '../helpers/sse.js';
import { stripeHeader, stripeInvoiceEvent } from '../helpers/webhooks.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';

/**
 * Three billgraph processes sharing the real Redis behind Debian's HAProxy with deploy/haproxy.cfg (round
 * robin, health checks on /readyz): an answer cached by one instance is a hit on the others, and a rolling
 * restart of all three under load fails no request (docs/ARCHITECTURE.md section 11).
 * The three also share one upstream budget per credential through Redis (docs/ARCHITECTURE.md section 10), and a
 * subscriber connected to one instance hears the webhooks any instance receives (section 14).
 */
const HAPROXY = '/usr/sbin/haproxy';
const WEBHOOK_SECRET = 'whsec_haproxy_0123456789';
const PREFIX = `billgraph-ha:${randomUUID()}:`;
const LIST = '{ invoices(first: 3) { nodes { id amountDue { amount currency } } } }';
const PREVIEW = `mutation { previewInvoice(input: { provider: STRIPE, addItems: [{ price: "price_SbxSupportUsd" }], prorationBehavior: NONE }) {
  __typename ... on PreviewInvoiceSuccess { change { amountDueAfter { amount } } } } }`;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!existsSync(HAPROXY))('three instances behind HAProxy', () => {
  let sandbox: Sandbox;
  let haproxy: ChildProcess;
  let lb: string;
  const ports: number[] = [];
  const instances: BillgraphProcess[] = [];
  let haproxyLog = '';

  const start = (port: number) =>
    startBillgraph({
      ...sandboxEnv(sandbox.url),
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...UNBOUNDED_BUDGETS,
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://127.0.0.1:6379/0',
      BILLGRAPH_RESPONSE_CACHE_PREFIX: PREFIX,
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000',
      BILLGRAPH_BUDGET_PREFIX: PREFIX,
      // Flexprice publishes no limit; this one is tiny so the shared budget shows: 10 per 100 s at 80 % headroom,
      // counted in ten 10 s slices of one call each.
      BILLGRAPH_FLEXPRICE_RATE: '10/100s',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // HAProxy checks every 500 ms and takes a server out after two failed checks.
      BILLGRAPH_DRAIN_DELAY_MS: '2000',
    });
  const post = async (query: string) => {
    const response = await fetch(`${lb}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    // extensions.cost (the caller's budget left) differs from one answer to the next: compare the rest.
    const { extensions: _cost, ...body } = (await response.json()) as { data?: any; errors?: unknown[]; extensions?: unknown };
    return { status: response.status, body };
  };
  const webhookLines = (instance: BillgraphProcess) =>
    instance
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"path":"/webhooks/stripe"')).length;
  const graphqlLines = (instance: BillgraphProcess) =>
    instance
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"path":"/graphql"')).length;

  beforeAll(async () => {
    sandbox = await startSandbox();
    for (let i = 0; i < 4; i += 1) ports.push(await freePort());
    instances.push(...(await Promise.all(ports.slice(0, 3).map((port) => start(port)))));
    lb = `http://127.0.0.1:${ports[3]}`;
    haproxy = spawn(HAPROXY, ['-f', join(ROOT, 'deploy/haproxy.cfg'), '-db'], {
      env: {
        PATH: process.env.PATH ?? '',
        BILLGRAPH_LB_BIND: `127.0.0.1:${ports[3]}`,
        BILLGRAPH_1: `127.0.0.1:${ports[0]}`,
        BILLGRAPH_2: `127.0.0.1:${ports[1]}`,
        BILLGRAPH_3: `127.0.0.1:${ports[2]}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    haproxy.stdout!.on('data', (chunk) => (haproxyLog += String(chunk)));
    haproxy.stderr!.on('data', (chunk) => (haproxyLog += String(chunk)));
    // Up once every server passed its `rise 2` checks: three requests in a row reach three instances.
    await until(async () => (await fetch(`${lb}/livez`)).ok, `HAProxy on ${lb}: ${haproxyLog}`);
    await sleep(1_500);
  }, 120_000);

  afterAll(async () => {
    haproxy?.kill('SIGTERM');
    await Promise.all(instances.map((instance) => instance.stop()));
    await sandbox?.close();
  });

  it('round-robins over the three, and an answer cached by one is a hit on the others (shared Redis)', async () => {
    // On a loaded machine a server may still be rising: wait until a request has reached each of the three.
    const reached = instances.map(graphqlLines);
    await until(async () => {
      await post('{ __typename }');
      return instances.every((instance, i) => graphqlLines(instance) > reached[i]!);
    }, 'traffic on all three instances');
    const before = instances.map(graphqlLines);
    const first = await post(LIST);
    expect(first.body.errors).toBeUndefined();
    const upstreamAfterFirst = sandbox.received.length;
    expect(upstreamAfterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 8; i += 1) expect(await post(LIST)).toEqual(first);
    // Nine requests spread over the three (three each when every check passes): none asked the upstream again.
    const served = () => instances.map((instance, i) => graphqlLines(instance) - before[i]!);
    // Log lines reach this process through pipes, a moment after the answers.
    await until(async () => served().reduce((a, b) => a + b) === 9, 'nine request log lines', 5_000);
    expect(
      served().every((count) => count >= 1),
      `served ${served().join(', ')}`,
    ).toBe(true);
    expect(sandbox.received.length).toBe(upstreamAfterFirst);
  }, 40_000);

  it('the three spend one upstream budget (Redis): one Flexprice call in a slice, not one per instance', async () => {
    const flexprice = () => sandbox.count('flexprice');
    // Start just after a 10 s slice begins, so the requests below all fall in one slice.
    await until(async () => Date.now() % 10_000 < 300, 'the start of a budget slice', 11_000);
    const before = flexprice();
    const startedAt = Date.now();
    // Six different pages (no cache hit, no shared read), two for each instance in HAProxy's round robin.
    const answers = Promise.all(
      [1, 2, 3, 4, 5, 6].map((first) => post(`{ invoices(provider: FLEXPRICE, first: ${first}) { nodes { id } } }`)),
    );
    await until(async () => flexprice() > before, 'a first Flexprice call', 8_000);
    await sleep(Math.max(0, startedAt + 4_000 - Date.now()));
    // Per instance, each would have spent its own slice: three calls. Shared, the slice holds one.
    expect(flexprice() - before).toBe(1);
    // The rest waited for a later slice within their deadline, or were refused with RATE_LIMITED; nothing else.
    for (const { body } of await answers) {
      const codes = ((body.errors ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);
      expect(
        codes.every((code) => code === 'RATE_LIMITED'),
        JSON.stringify(body),
      ).toBe(true);
    }
  }, 60_000);

  it('a subscriber on one instance hears webhooks received by each of the three (Redis pub/sub)', async () => {
    const newest = await post('{ invoices(first: 1) { nodes { providerId } } }');
    const invoice = newest.body.data.invoices.nodes[0].providerId as string;
    const stream = await openSse(`${lb}/graphql`, 'subscription { invoiceEvents(provider: STRIPE) { type providerInvoiceId } }');
    expect(stream.status).toBe(200);
    // Three deliveries through HAProxy's round robin: each instance receives one, at most one of them is the subscriber's.
    const served = instances.map(webhookLines);
    for (let i = 0; i < 3; i += 1) {
      const payload = stripeInvoiceEvent(`evt_ha_${randomUUID().slice(0, 8)}_${i}`, 'invoice.paid', STRIPE_DEFAULT_CUSTOMER, invoice);
      const answer = await fetch(`${lb}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': stripeHeader(payload, WEBHOOK_SECRET) },
        body: payload,
      });
      expect(answer.status).toBe(200);
    }
    const events = await stream.nexts(3);
    expect(events.map((e) => e.data.data.invoiceEvents)).toEqual(
      Array.from({ length: 3 }, () => ({ type: 'INVOICE_PAID', providerInvoiceId: invoice })),
    );
    await until(async () => instances.every((instance, i) => webhookLines(instance) > served[i]!), 'a webhook on each instance', 5_000);
    stream.close();
  }, 40_000);

  it('a rolling restart of all three under load fails no request', async () => {
    // Upstream answers take 50-150 ms, so requests are in flight on the instance being stopped.
    sandbox.faults.add({ provider: 'stripe', kind: 'latency', pathIncludes: '/create_preview', latencyMs: 100, times: 100_000 });
    let stop = false;
    const outcomes: string[] = [];
    // A bounded, paced load (three clients, a request every ~100 ms each) that spans the whole restart.
    const worker = async () => {
      for (let n = 0; !stop && n < 250; n += 1) {
        await sleep(100);
        const query = n % 2 === 0 ? PREVIEW : LIST;
        try {
          const { status, body } = await post(query);
          outcomes.push(status === 200 && !body.errors && body.data ? 'ok' : `status ${status}: ${JSON.stringify(body).slice(0, 200)}`);
        } catch (error) {
          outcomes.push(`failed: ${(error as Error).message}`);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 3 }, worker));
    for (let i = 0; i < 3; i += 1) {
      await sleep(500);
      expect(await instances[i]!.stop()).toBe(0);
      instances[i] = await start(ports[i]!);
      // Back in rotation after HAProxy's `rise 2` checks (500 ms apart).
      await until(async () => (await fetch(`http://127.0.0.1:${ports[i]}/readyz`)).ok, `instance ${i + 1} ready`);
      await sleep(1_000);
    }
    await sleep(1_500); // the last one restarted serves its share too
    stop = true;
    await load;
    const failed = outcomes.filter((outcome) => outcome !== 'ok');
    expect(outcomes.length).toBeGreaterThan(60);
    expect(failed, `${failed.length} of ${outcomes.length} failed`).toEqual([]);
    // Each restarted instance is back in rotation and serves traffic again (HAProxy's rise checks may lag on a busy machine).
    await until(
      async () => {
        await post('{ __typename }');
        return instances.every((instance) => graphqlLines(instance) > 0);
      },
      `traffic on each restarted instance (log lines ${instances.map(graphqlLines).join(', ')})`,
    );
  }, 150_000);
});
