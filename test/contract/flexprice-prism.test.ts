import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { TEST_ENV } from '../helpers/harness.js';
import { listen, type Listening } from '../helpers/listen.js';
import { PRISM_CUSTOMER, PRISM_SUBSCRIPTION, startPrism, type PrismMock } from '../helpers/prism.js';

/**
 * billgraph's Flexprice adapter against Prism mocking Flexprice's OpenAPI file: an upstream nobody here
 * wrote. Prism validates every request billgraph sends (an invalid one is answered 400 and logged as a
 * violation) and generates every response from the file's schemas.
 *
 * How strict: billgraph must send only valid requests (checked in Prism's own log: every request passed,
 * none failed) and must map every generated response to invoices with no error at all. Prism's values
 * are odd (every string "string", every enum its first value, totals of 0) but they are what the file
 * allows, except where the file under-specifies the wire format (see the named patches in
 * test/helpers/prism.ts): money is a decimal string, currency a code.
 */
let prism: PrismMock;
let app: App;
let listening: Listening | undefined;
let url: string;
let prismStartMs = 0;

async function graphql(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

const passed = () => (prism.log().match(/The request passed the validation rules/g) ?? []).length;
const failed = () => (prism.log().match(/Request did not pass the validation rules/g) ?? []).length;

beforeAll(async () => {
  const started = Date.now();
  prism = await startPrism();
  prismStartMs = Date.now() - started;
  const config = loadConfig({
    ...TEST_ENV,
    BILLGRAPH_PROVIDER: 'flexprice',
    FLEXPRICE_BASE_URL: prism.url,
    FLEXPRICE_API_KEY: 'prism-test-key',
    FLEXPRICE_CUSTOMER_ID: PRISM_CUSTOMER,
    // Prism's first answers can take seconds on a loaded machine; this test checks requests and mapping, not latency.
    UPSTREAM_TIMEOUT_MS: '20000',
  });
  app = createApp(config);
  listening = await listen(app.yoga);
  url = listening.url;
}, 90_000);

afterAll(async () => {
  await listening?.close();
  await app?.close();
  await prism?.close();
});

describe('billgraph against a Prism mock of the Flexprice OpenAPI file', () => {
  it('starts Prism in reasonable time', () => {
    // Recorded for the README / CI budget; a slow machine still has the 90 s hook timeout.
    console.info(`prism mock started in ${prismStartMs} ms`);
    expect(prismStartMs).toBeLessThan(60_000);
  });

  it('sends only requests Prism accepts and maps every response without error', async () => {
    const before = passed();
    const queries: [string, Record<string, unknown>?][] = [
      [
        `{ upcomingInvoice { id isPreview status providerStatus currency amountDue { amount currency } lines(first: 50) { nodes { description quantity amount { amount } } } customer { id name email } } }`,
      ],
      [`{ upcomingInvoice(subscription: "${PRISM_SUBSCRIPTION}") { id amountDue { amount } } }`],
      [
        `{ invoices(first: 5) { totalCount pageInfo { hasNextPage } nodes { id providerId status origin number amountDue { amount currency } total { amount } periodStart createdAt dueAt customer { name } lines(first: 5) { nodes { amount { amount } quantity } } } } }`,
      ],
      [`{ invoices(first: 3, type: AUTO) { nodes { id origin } } }`],
      [`{ invoices(first: 3, type: MANUAL) { nodes { id } } }`],
      [`{ invoices(last: 3) { nodes { id } pageInfo { hasPreviousPage } } }`],
      [
        `mutation { previewInvoice(input: { subscription: "${PRISM_SUBSCRIPTION}", periodStart: "2026-10-01T00:00:00Z", periodEnd: "2026-11-01T00:00:00Z", hideZeroCharges: true }) { __typename ... on PreviewInvoiceSuccess { invoice { id isPreview amountDue { amount } } change { amountDueDifference { amount } } } } }`,
      ],
    ];
    for (const [query, variables] of queries) {
      const { status, body } = await graphql(query, variables);
      expect(status).toBe(200);
      expect(body.errors, `${query}\n${JSON.stringify(body.errors)}`).toBeUndefined();
    }
    const { body: list } = await graphql(`
      {
        invoices(first: 1) {
          nodes {
            id
          }
        }
      }
    `);
    const { body: one } = await graphql(
      `
        query ($id: ID!) {
          invoice(id: $id) {
            id
            providerId
            amountDue {
              amount
              currency
            }
          }
        }
      `,
      { id: list.data.invoices.nodes[0].id },
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.invoice.amountDue).toEqual({ amount: '12.3456789', currency: 'USD' });

    const { body: upcoming } = await graphql(queries[0]![0]);
    expect(upcoming.data.upcomingInvoice).toMatchObject({
      isPreview: true,
      status: 'DRAFT',
      providerStatus: 'DRAFT/INITIATED',
      currency: 'USD',
    });
    expect(upcoming.data.upcomingInvoice.customer.id).toBe(PRISM_CUSTOMER);

    await new Promise((resolve) => setTimeout(resolve, 200)); // let Prism flush its log
    expect(
      failed(),
      prism
        .log()
        .split('\n')
        .filter((line) => /VALIDATOR\].*(error|warning)/.test(line))
        .join('\n'),
    ).toBe(0);
    // upcoming: subscriptions/search + preview + customer; then preview; 5 list searches (last: 3 reads
    // the head first) + customers; invoice(id); ... every one of them validated by Prism.
    expect(passed() - before).toBeGreaterThanOrEqual(12);
  });

  it('the validation check can fail: Prism flags a request Flexprice would refuse', async () => {
    const before = failed();
    const response = await fetch(`${prism.url}/invoices/search`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 5000, invoice_type: 'AUTO' }),
    });
    expect(response.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failed()).toBe(before + 1);
  });
});
