import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_GBP_CUSTOMER, STRIPE_JPY_CUSTOMER, STRIPE_KWD_CUSTOMER, STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const CUSTOMERS = [STRIPE_DEFAULT_CUSTOMER, STRIPE_JPY_CUSTOMER, STRIPE_KWD_CUSTOMER, STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, STRIPE_GBP_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER];
/** Six aliases, six different upstream reads: all could run at once. */
const FAN_OUT = `{ ${CUSTOMERS.map((c, i) => `c${i}: invoices(provider: STRIPE, customer: "${c}", first: 2) { nodes { id } }`).join(' ')} }`;
const LATENCY_MS = 150;

describe('upstream attempts in flight per GraphQL request (BILLGRAPH_MAX_UPSTREAM_CONCURRENCY)', () => {
  let sandbox: Sandbox;
  let capped: Harness;
  let open: Harness;
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
    [capped, open] = await Promise.all([startHarness({ BILLGRAPH_MAX_UPSTREAM_CONCURRENCY: '2' }, { sandbox }), startHarness({}, { sandbox })]);
  });
  afterAll(async () => {
    await Promise.all([capped?.close(), open?.close()]);
    await sandbox?.close();
  });

  const run = async (h: Harness) => {
    sandbox.reset();
    sandbox.faults.add({ provider: 'stripe', kind: 'latency', latencyMs: LATENCY_MS, pathIncludes: '/v1/invoices', times: CUSTOMERS.length });
    peak = 0;
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
});
