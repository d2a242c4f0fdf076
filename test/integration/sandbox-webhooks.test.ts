import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { recordEvents, standardSecret, webhookUrl } from '../helpers/webhooks.js';

/**
 * The sandbox acting like the providers: a change made through `/__sandbox` shows in billgraph's next read,
 * and arrives at a real billgraph as the provider's signed webhook (retried after a non-2xx answer, delivered
 * twice when the sandbox's coin says so, handled once).
 */
const STRIPE_SECRET = 'whsec_sandbox_test_secret_0001';
const FLEXPRICE_SECRET = standardSecret();
/** Seeded: Initech's open invoice, Hooli's uncollectible one, a Flexprice draft and an unpaid finalized invoice. */
const OPEN_STRIPE_INVOICE = 'in_tfmMxgDcr9fA5s2Zsv4AMgwi';
const UNCOLLECTIBLE_STRIPE_INVOICE = 'in_kg4pboTfNvUU4lio00jEppcX';
const FLEXPRICE_DRAFT = 'inv_01JWVXCG83SZBSR2J8M3AJ9CFH';
const FLEXPRICE_UNPAID = 'inv_01JE4GWBD89A9BNF9SJ8K3DW7V';

const INITECH_INVOICES = `{ invoices(provider: STRIPE, customer: "cus_SbxInitechNo1", first: 1) { nodes { status providerStatus amountPaid { amount } } } }`;
const ACME_UPCOMING = `{ upcomingInvoice(provider: STRIPE, customer: "cus_SbxAcmeUsd001") { amountDue { amount } } }`;

describe('sandbox changes deliver signed webhooks to billgraph', () => {
  let sandbox: Sandbox;
  let h: Harness;
  let events: BillingEvent[];
  let coin = 1;
  const change = (path: string, body?: unknown) =>
    fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then(
      async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }),
    );
  const delivered = async () => {
    await sandbox.webhooks.settle();
    await h.app.webhooks.settle();
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ webhooks: { retryDelaysMs: [20, 50], random: () => coin, duplicateProbability: 0.5 } });
    h = await startHarness({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, FLEXPRICE_WEBHOOK_SECRET: FLEXPRICE_SECRET }, { sandbox });
    events = recordEvents(h);
  });
  afterEach(() => {
    sandbox.webhooks.configure('stripe', { url: webhookUrl(h, 'stripe'), secret: STRIPE_SECRET });
    sandbox.webhooks.configure('flexprice', { url: webhookUrl(h, 'flexprice'), secret: FLEXPRICE_SECRET });
    coin = 1;
    events.length = 0;
    sandbox.reset();
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  it('paying a Stripe invoice changes what billgraph answers and emits INVOICE_PAID from a signed invoice.paid', async () => {
    sandbox.webhooks.configure('stripe', { url: webhookUrl(h, 'stripe'), secret: STRIPE_SECRET });
    const before = await h.graphql(INITECH_INVOICES);
    expect(before.body.data.invoices.nodes[0]).toMatchObject({ status: 'OPEN', providerStatus: 'open' });
    const paid = await change(`stripe/invoices/${OPEN_STRIPE_INVOICE}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body.webhooks).toEqual([{ id: expect.stringMatching(/^evt_/), type: 'invoice.paid', url: webhookUrl(h, 'stripe') }]);
    const after = await h.graphql(INITECH_INVOICES);
    expect(after.body.data.invoices.nodes[0]).toMatchObject({ status: 'PAID', providerStatus: 'paid' });
    expect(after.body.data.invoices.nodes[0].amountPaid.amount).not.toBe('0.00');
    await delivered();
    expect(events).toEqual([
      expect.objectContaining({
        id: paid.body.webhooks[0].id,
        provider: 'stripe',
        customer: 'cus_SbxInitechNo1',
        type: 'INVOICE_PAID',
        invoiceId: OPEN_STRIPE_INVOICE,
      }),
    ]);
    expect(sandbox.webhooks.deliveries).toEqual([expect.objectContaining({ attempts: [200], duplicate: false })]);
    expect((await change(`stripe/invoices/${OPEN_STRIPE_INVOICE}/pay`)).status).toBe(409);
  });

  it('a reset brings the seeded data back', async () => {
    expect((await h.graphql(INITECH_INVOICES)).body.data.invoices.nodes[0].status).toBe('OPEN');
  });

  it('retries after a non-2xx answer, re-signed, and the event is handled once', async () => {
    let answered = 0;
    const flaky: Server = createServer((req, res) => {
      answered += 1;
      if (answered === 1) return void res.writeHead(503).end();
      const chunks: Buffer[] = [];
      req
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => {
          void fetch(webhookUrl(h, 'stripe'), {
            method: 'POST',
            headers: { 'stripe-signature': String(req.headers['stripe-signature']) },
            body: Buffer.concat(chunks),
          }).then(async (r) => res.writeHead(r.status).end(await r.text()));
        });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    sandbox.webhooks.configure('stripe', { url: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/`, secret: STRIPE_SECRET });
    expect((await change(`stripe/invoices/${UNCOLLECTIBLE_STRIPE_INVOICE}/void`)).status).toBe(200);
    await delivered();
    flaky.close();
    expect(sandbox.webhooks.deliveries[0]?.attempts).toEqual([503, 200]);
    expect(events.map((e) => e.type)).toEqual(['INVOICE_VOIDED']);
  });

  it('a forced duplicate delivery of a Flexprice payment is acknowledged twice and emitted once', async () => {
    coin = 0; // below duplicateProbability: every acknowledged event is delivered again
    expect((await change(`flexprice/invoices/${FLEXPRICE_UNPAID}/pay`)).status).toBe(200);
    await delivered();
    expect(sandbox.webhooks.deliveries.map((d) => [d.duplicate, d.attempts])).toEqual([
      [false, [200]],
      [true, [200]],
    ]);
    expect(events).toEqual([
      expect.objectContaining({ provider: 'flexprice', customer: 'cust_tanaka_jpy', type: 'INVOICE_PAID', invoiceId: FLEXPRICE_UNPAID }),
    ]);
    expect(h.app.metrics.render()).toContain('billgraph_webhooks_total{provider="flexprice",outcome="duplicate"} 1');
  });

  it('finalizing a Flexprice draft shows in its next read and emits INVOICE_FINALIZED', async () => {
    expect((await change(`flexprice/invoices/${FLEXPRICE_DRAFT}/finalize`)).status).toBe(200);
    const read = await fetch(`${sandbox.url}/flexprice/v1/invoices/${FLEXPRICE_DRAFT}`, {
      headers: { 'x-api-key': SANDBOX_CREDENTIALS.flexprice.apiKey },
    });
    expect(((await read.json()) as any).invoice_status).toBe('FINALIZED');
    await delivered();
    expect(events).toEqual([
      expect.objectContaining({ type: 'INVOICE_FINALIZED', providerType: 'invoice.update.finalized', invoiceId: FLEXPRICE_DRAFT }),
    ]);
  });

  it("changing a Stripe item's quantity changes the upcoming invoice and emits SUBSCRIPTION_CHANGED", async () => {
    const before = (await h.graphql(ACME_UPCOMING)).body.data.upcomingInvoice.amountDue.amount;
    expect((await change('stripe/subscription_items/si_SbxAcmeSeats1', { quantity: 6 })).status).toBe(200);
    const after = (await h.graphql(ACME_UPCOMING)).body.data.upcomingInvoice.amountDue.amount;
    expect(Decimal.parse(after).compare(Decimal.parse(before))).toBe(1);
    await delivered();
    expect(events).toEqual([
      expect.objectContaining({ type: 'SUBSCRIPTION_CHANGED', customer: 'cus_SbxAcmeUsd001', subscriptionId: 'sub_SbxAcmePro001' }),
    ]);
    expect((await change('stripe/subscription_items/si_SbxAcmeSeats1', { quantity: -1 })).status).toBe(400);
  });

  it('without a configured target nothing is sent', async () => {
    sandbox.webhooks.configure('stripe', null);
    const paid = await change(`stripe/invoices/${OPEN_STRIPE_INVOICE}/pay`);
    expect(paid.body.webhooks[0].url).toBeNull();
    await delivered();
    expect(sandbox.webhooks.deliveries).toEqual([]);
    expect(events).toEqual([]);
  });
});
