import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { seedStripeAccount, STRIPE_DEFAULT_CUSTOMER, STRIPE_JPY_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Fidelity of the sandbox's Stripe dialect, checked by a client nobody here wrote: the official `stripe`
 * SDK (v23), pointed at the sandbox (host, port, protocol 'http'). The SDK has no base-path option, so its
 * own Node HTTP client is wrapped to put the sandbox's `/stripe` prefix in front of `/v1/...`.
 */

/** What travels on the wire: the SDK types decimal strings as its Decimal class after coercion. */
type Wire<T> = T extends Stripe.Decimal
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

const account = seedStripeAccount();
const longInvoice = account.invoices.find((i) => i.customer === STRIPE_DEFAULT_CUSTOMER && i.lines.has_more)!;
// Type-checked by tsc: the sandbox's fixtures are valid Stripe.Invoice / Stripe.InvoiceLineItem shapes.
const invoiceFixture: Wire<Stripe.Invoice> = longInvoice;
const lineFixture: Wire<Stripe.InvoiceLineItem> = account.invoiceLines.get(longInvoice.id)![10]!;

function prefixedHttpClient(prefix: string): Stripe.HttpClient {
  // Node's http client: the process's global fetch may run on a newer undici that refuses the SDK's
  // numeric content-length header.
  const inner = Stripe.createNodeHttpClient();
  return Object.assign(Object.create(inner) as Stripe.HttpClient, {
    makeRequest: (host: string, port: string, path: string, ...rest: [string, Record<string, string>, string, string, number]) =>
      inner.makeRequest(host, port, `${prefix}${path}`, ...rest),
  });
}

describe('the official stripe SDK against the sandbox', () => {
  let h: Harness;
  let stripe: Stripe;

  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_PROVIDER: 'stripe' });
    const url = new URL(h.sandbox.url);
    stripe = new Stripe(SANDBOX_CREDENTIALS.stripe.secretKey, {
      host: url.hostname,
      port: Number(url.port),
      protocol: 'http',
      httpClient: prefixedHttpClient('/stripe'),
      maxNetworkRetries: 0,
      telemetry: false,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fixtures carry the fields the SDK types require', () => {
    expect(invoiceFixture.object).toBe('invoice');
    expect(lineFixture.object).toBe('line_item');
    expect(typeof lineFixture.quantity_decimal).toBe('string');
  });

  it('invoices.createPreview', async () => {
    const preview = await stripe.invoices.createPreview({ customer: STRIPE_DEFAULT_CUSTOMER, subscription: 'sub_SbxAcmePro001' });
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview.object).toBe('invoice');
    expect(preview.amount_due).toBe(11799);
    expect(preview.billing_reason).toBe('upcoming');
    expect(preview.parent?.subscription_details?.subscription).toBe('sub_SbxAcmePro001');
    expect(preview.lines.data.map((l) => l.amount)).toEqual([4900, 6000]);
    expect(preview.lines.data[1]?.quantity_decimal?.toString()).toBe('5');
    expect(preview.lastResponse.requestId).toMatch(/^req_/);
  });

  it('invoices.list with auto-pagination returns every invoice of the account once', async () => {
    const ids: string[] = [];
    for await (const invoice of stripe.invoices.list({ limit: 25 })) ids.push(invoice.id);
    expect(ids).toEqual(account.invoices.map((i) => i.id));
    expect(h.sandbox.count('stripe', 'invoices.list')).toBeGreaterThanOrEqual(Math.ceil(ids.length / 25));
    const jpy = await stripe.invoices.list({ customer: STRIPE_JPY_CUSTOMER, limit: 3 });
    expect(jpy.has_more).toBe(true);
    expect(jpy.data.every((i) => i.currency === 'jpy')).toBe(true);
  });

  it('invoices.retrieve and invoices.listLineItems with auto-pagination', async () => {
    const invoice = await stripe.invoices.retrieve(longInvoice.id);
    expect(invoice.id).toBe(longInvoice.id);
    expect(invoice.lines.has_more).toBe(true);
    expect(invoice.lines.url).toBe(`/v1/invoices/${longInvoice.id}/lines`);
    const lineIds: string[] = [];
    for await (const line of stripe.invoices.listLineItems(longInvoice.id, { limit: 4 })) lineIds.push(line.id);
    expect(lineIds).toEqual(account.invoiceLines.get(longInvoice.id)!.map((l) => l.id));
    expect(String(invoice.lines.data[3]?.pricing?.unit_amount_decimal)).toBe('0.35');
  });

  it('errors come back in the envelope the SDK reads', async () => {
    await expect(stripe.invoices.retrieve('in_DoesNotExist')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      param: 'id',
      statusCode: 404,
    });
    const wrong = new Stripe('sk_test_wrong', {
      host: new URL(h.sandbox.url).hostname,
      port: Number(new URL(h.sandbox.url).port),
      protocol: 'http',
      httpClient: prefixedHttpClient('/stripe'),
      maxNetworkRetries: 0,
    });
    await expect(wrong.invoices.list()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });

  it("billgraph's create_preview form body equals the SDK's for the same parameters", async () => {
    const prorationDate = Date.parse('2026-11-16T00:00:00Z') / 1000;
    h.sandbox.reset();
    const result = await h.graphql(`mutation($input: PreviewInvoiceInput!) { previewInvoice(input: $input) { __typename } }`, {
      input: {
        provider: 'STRIPE',
        customer: STRIPE_DEFAULT_CUSTOMER,
        addItems: [{ price: 'price_SbxSupportUsd', quantity: '2' }],
        changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }],
        removeItems: ['si_SbxAcmePlan01'],
        invoiceItems: [{ amount: '10.005', quantity: '2', description: 'Setup fee (50% off)' }],
        discounts: [{ coupon: 'SAVE20' }],
        prorationDate: new Date(prorationDate * 1000).toISOString(),
        prorationBehavior: 'CREATE_PRORATIONS',
      },
    });
    expect(result.body.data.previewInvoice.__typename).toBe('PreviewInvoiceSuccess');
    // The change's create_preview (the current upcoming invoice is previewed alongside, without changes).
    const ours = h.sandbox.received.find((r) => r.route === 'invoices.create_preview' && r.body.includes('subscription_details'))!;

    h.sandbox.reset();
    await stripe.invoices.createPreview({
      customer: STRIPE_DEFAULT_CUSTOMER,
      subscription: 'sub_SbxAcmePro001',
      subscription_details: {
        items: [
          { price: 'price_SbxSupportUsd', quantity: 2 },
          { id: 'si_SbxAcmeSeats1', quantity: 8 },
          { id: 'si_SbxAcmePlan01', deleted: true },
        ],
        proration_behavior: 'create_prorations',
        proration_date: prorationDate,
      },
      invoice_items: [{ unit_amount_decimal: '1000.5' as never, quantity: 2, description: 'Setup fee (50% off)' }],
      discounts: [{ coupon: 'SAVE20' }],
    });
    const sdk = h.sandbox.received.find((r) => r.route === 'invoices.create_preview')!;
    expect(ours.body).toBe(sdk.body);
    expect(ours.headers['content-type']).toBe(sdk.headers['content-type']);
    expect(ours.body).toContain('subscription_details[items][2][deleted]=true');
    expect(ours.body).toContain('Setup%20fee%20%2850%25%20off%29');
  });
});
