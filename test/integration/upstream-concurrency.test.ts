import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRIPE_DEFAULT_CUSTOMER,
  STRIPE_GBP_CUSTOMER,
  STRIPE_JPY_CUSTOMER,
  STRIPE_KWD_CUSTOMER,
  STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
  STRIPE_SECOND_USD_CUSTOMER,
} from '../../src/sandbox/stripe/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const CUSTOMERS = [
  STRIPE_DEFAULT_CUSTOMER,
  STRIPE_JPY_CUSTOMER,
  STRIPE_KWD_CUSTOMER,
  STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
  STRIPE_GBP_CUSTOMER,
  STRIPE_SECOND_USD_CUSTOMER,
];
/** Six aliases, six different upstream reads: all could run at once. */
const FAN_OUT = `{ ${CUSTOMERS.map((c, i) => `c${i}: invoices(provider: STRIPE, customer: "${c}", first: 2) { nodes { id } }`).join(' ')} }`;
const LATENCY_MS = 150;

describe('upstream attempts in flight per GraphQL request (BILLGRAPH_MAX_UPSTREAM_CONCURRENCY)', () => {
  let sandbox: Sandbox;
  let capped: Harness;
  let open: Harness;
  let tight: Harness;
  let batched: Harness;
  let inFlight = 0;
  let peak = 0;

  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/__sandbox')) return;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      res.on('close', () => (inFlight -= 1));
    });
    [capped, open, tight, batched] = await Promise.all([
      startHarness({ BILLGRAPH_MAX_UPSTREAM_CONCURRENCY: '2' }, { sandbox }),
      startHarness({}, { sandbox }),
      startHarness({ BILLGRAPH_MAX_UPSTREAM_CONCURRENCY: '1', UPSTREAM_TIMEOUT_MS: '500' }, { sandbox }),
      startHarness({ BILLGRAPH_MAX_UPSTREAM_CONCURRENCY: '2', BILLGRAPH_MAX_BATCH: '3' }, { sandbox }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([capped?.close(), open?.close(), tight?.close(), batched?.close()]);
    await sandbox?.close();
  });

  /** A fresh sandbox whose next invoice reads (one per customer) each take LATENCY_MS; the peak counted again. */
  const slowInvoiceReads = () => {
    sandbox.reset();
    sandbox.faults.add({
      provider: 'stripe',
      kind: 'latency',
      latencyMs: LATENCY_MS,
      pathIncludes: '/v1/invoices',
      times: CUSTOMERS.length,
    });
    peak = 0;
  };

  const run = async (h: Harness) => {
    slowInvoiceReads();
    const started = performance.now();
    const { body } = await h.graphql(FAN_OUT);
    const elapsed = performance.now() - started;
    expect(body.errors).toBeUndefined();
    CUSTOMERS.forEach((_, i) => expect(body.data[`c${i}`].nodes).toHaveLength(2));
    expect(sandbox.count('stripe', 'invoices.list')).toBe(CUSTOMERS.length);
    return { elapsed, peak };
  };

  it('with a cap of 2, six reads run two at a time (three waves), and all are answered', async () => {
    const { elapsed, peak: seen } = await run(capped);
    expect(seen).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(3 * LATENCY_MS - 20);
  });

  it('with the default cap (8), the same six run at once', async () => {
    const { peak: seen } = await run(open);
    expect(seen).toBe(CUSTOMERS.length);
  });

  it('a read still waiting for a slot at its deadline is UPSTREAM_UNAVAILABLE, never sent and never counted as an attempt', async () => {
    // invoice(id) is nullable, so every alias reports its own error.
    sandbox.reset();
    const listed = await open.graphql(FAN_OUT);
    const ids: string[] = CUSTOMERS.map((_, i) => listed.body.data[`c${i}`].nodes[0].id);
    const byIds = `{ ${ids.map((id, i) => `i${i}: invoice(id: "${id}") { id }`).join(' ')} }`;
    sandbox.reset();
    sandbox.faults.add({ provider: 'stripe', kind: 'latency', latencyMs: 300, pathIncludes: '/v1/invoices/', times: CUSTOMERS.length });
    const { body } = await tight.graphql(byIds);
    const notAsked = (body.errors ?? []).filter((e) => /was not asked/.test(e.message));
    // One slot, 300 ms per read, 500 ms deadline: at most three reads can have reached the upstream; the rest
    // never are (on a loaded machine a read may also time out in the upstream gate, before it is sent).
    const sent = sandbox.received.filter((r) => r.path.includes('/v1/invoices/')).length;
    expect(sent, JSON.stringify(body)).toBeLessThanOrEqual(3);
    expect(notAsked.length, JSON.stringify(body)).toBeGreaterThanOrEqual(1);
    for (const error of notAsked) expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'stripe' });
    expect(body.errors).toHaveLength(CUSTOMERS.length - 1);
    // None of the reads refused unsent reached the upstream.
    expect(sandbox.count('stripe', 'invoices.retrieve')).toBeLessThanOrEqual(CUSTOMERS.length - notAsked.length);
    expect(body.data.i0).toEqual({ id: ids[0] }); // the first one had its slot at once
  });

  it('the cap holds for the whole HTTP request when operations are batched', async () => {
    slowInvoiceReads();
    const operations = [0, 2, 4].map((i) => ({
      query: `{ a: invoices(provider: STRIPE, customer: "${CUSTOMERS[i]}", first: 1) { nodes { id } } b: invoices(provider: STRIPE, customer: "${CUSTOMERS[i + 1]}", first: 1) { nodes { id } } }`,
    }));
    const response = await fetch(batched.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(operations),
    });
    const results = (await response.json()) as { errors?: unknown[] }[];
    expect(results).toHaveLength(3);
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(sandbox.count('stripe', 'invoices.list')).toBe(CUSTOMERS.length);
    expect(peak).toBe(2);
  });
});
