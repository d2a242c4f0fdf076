import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import {
  FP_CUSTOMERS,
  FP_DEFAULT_SUBSCRIPTION,
  FP_IDLE_CUSTOMER,
  FP_MULTI_CUSTOMER,
  FP_SUBSCRIPTIONS,
} from '../../src/sandbox/flexprice/data.js';
import { createFlexpriceDialect } from '../../src/sandbox/flexprice/dialect.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { createValidator, describeErrors, type ContractValidator } from '../helpers/openapi.js';

/**
 * The sandbox's Flexprice dialect and billgraph's Flexprice adapter, both held to Flexprice's own OpenAPI
 * file: every request the adapter sends and every response the dialect answers validates (with only the
 * named nullable patch of test/helpers/openapi.ts).
 */
let h: Harness;
let validator: ContractValidator;
const PREFIX = '/flexprice/v1';

interface Exchange {
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  apiKey: string = SANDBOX_CREDENTIALS.flexprice.apiKey,
): Promise<Exchange> {
  const response = await fetch(`${h.sandbox.url}${PREFIX}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { method, path, body, status: response.status, response: await response.json() };
}

/** Asserts one answer of the dialect validates against the operation's response schema for its status. */
function expectValidResponse(exchange: Exchange): void {
  const result = validator.response(exchange.method, exchange.path, exchange.status, exchange.response);
  if (result === 'undocumented-status') {
    // The file documents 400/404/500 per operation but not every status; an error of another status must
    // still be the flat envelope.
    const errors = validator.schema('errors.ErrorResponse', exchange.response);
    expect(errors, `${exchange.method} ${exchange.path} ${exchange.status}\n${describeErrors(errors)}`).toEqual([]);
    return;
  }
  expect(result, `${exchange.method} ${exchange.path}: no such operation in the file`).not.toBe('no-operation');
  expect(result, `${exchange.method} ${exchange.path} ${exchange.status}\n${describeErrors(result as never)}`).toEqual([]);
}

beforeAll(async () => {
  validator = createValidator();
  h = await startHarness({ BILLGRAPH_PROVIDER: 'flexprice' });
});
afterAll(async () => h?.close());

describe('every request billgraph sends to Flexprice', () => {
  it('names a documented operation and has a valid body, and every response to it validates', async () => {
    h.sandbox.reset();
    const queries = [
      `{ upcomingInvoice { id customer { name } lines(first: 3) { nodes { amount { amount } } } } }`,
      `{ upcomingInvoice(subscription: "${FP_DEFAULT_SUBSCRIPTION}") { id } }`,
      `{ upcomingInvoice(customer: "${FP_MULTI_CUSTOMER}") { id } }`,
      `{ upcomingInvoice(customer: "${FP_IDLE_CUSTOMER}") { id } }`,
      `{ invoices(first: 5) { nodes { id customer { email } } } }`,
      `{ invoices(last: 5, type: AUTO) { nodes { id } } }`,
      `{ invoices(first: 100, type: MANUAL, customer: "${FP_MULTI_CUSTOMER}") { nodes { id } } }`,
      `{ invoices(first: 2, customer: "cust_does_not_exist") { totalCount } }`,
      `mutation { previewInvoice(input: { subscription: "${FP_DEFAULT_SUBSCRIPTION}", periodStart: "2026-10-01T00:00:00Z", periodEnd: "2026-11-01T00:00:00Z", hideZeroCharges: true }) { __typename } }`,
      `mutation { previewInvoice(input: { subscription: "subs_missing" }) { __typename } }`,
    ];
    for (const query of queries) await h.graphql(query);
    const { body } = await h.graphql(`{ invoices(first: 1) { nodes { id } } }`);
    const id = body.data.invoices.nodes[0].id;
    h.sandbox.reset();
    await h.graphql(`{ invoices(first: 1) { nodes { id } } }`);
    await h.graphql(`query($id: ID!) { invoice(id: $id) { id } }`, { id });
    const received = h.sandbox.received.filter((r) => r.provider === 'flexprice');
    expect(received.length).toBeGreaterThan(0);

    // Replay the whole first round too: the sandbox is deterministic for everything but preview ids.
    h.sandbox.reset();
    for (const query of queries) await h.graphql(query);
    received.push(...h.sandbox.received.filter((r) => r.provider === 'flexprice'));
    const routes = new Set(received.map((r) => r.route));
    expect([...routes].sort()).toEqual(['customers.get', 'invoices.get', 'invoices.preview', 'invoices.search', 'subscriptions.search']);

    for (const request of received) {
      expect(request.headers['x-api-key'], 'x-api-key auth on every request').toBe(SANDBOX_CREDENTIALS.flexprice.apiKey);
      expect(validator.operation(request.method, request.path), `${request.method} ${request.path}`).not.toBeNull();
      if (request.method === 'POST') {
        expect(request.headers['content-type']).toBe('application/json');
        const errors = validator.requestBody(request.method, request.path, JSON.parse(request.body));
        expect(errors, `${request.path} ${request.body}\n${describeErrors(errors as never)}`).toEqual([]);
      } else {
        expect(request.body).toBe('');
      }
      expectValidResponse(await call(request.method, request.path, request.method === 'POST' ? JSON.parse(request.body) : undefined));
    }
  });
});

describe('every response the sandbox sends', () => {
  it('validates for every seeded invoice, page, customer and subscription', async () => {
    let invoices = 0;
    for (const customer of FP_CUSTOMERS) {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 9) {
        const page = await call('POST', '/invoices/search', { customer_id: customer.id, limit: 9, offset });
        expectValidResponse(page);
        const items = (page.response as { items: { id: string }[] }).items;
        ids.push(...items.map((item) => item.id));
        if (items.length < 9) break;
      }
      expect(ids.length).toBeGreaterThanOrEqual(36);
      for (const id of ids) expectValidResponse(await call('GET', `/invoices/${id}`));
      invoices += ids.length;
      expectValidResponse(await call('GET', `/customers/${customer.id}`));
      expectValidResponse(
        await call('POST', '/subscriptions/search', { customer_id: customer.id, subscription_status: ['active', 'trialing'] }),
      );
      for (const type of ['SUBSCRIPTION', 'ONE_OFF', 'CREDIT']) {
        expectValidResponse(await call('POST', '/invoices/search', { customer_id: customer.id, invoice_type: type, limit: 1000 }));
      }
    }
    expect(invoices).toBeGreaterThan(100);
    for (const subscription of FP_SUBSCRIPTIONS) {
      expectValidResponse(await call('POST', '/invoices/preview', { subscription_id: subscription.id }));
      expectValidResponse(
        await call('POST', '/invoices/preview', {
          subscription_id: subscription.id,
          hide_zero_charges_line_items: true,
          period_start: '2025-02-01T00:00:00Z',
          period_end: '2025-03-01T00:00:00Z',
        }),
      );
    }
  });

  it('answers errors in the flat envelope (and 401 as the auth middleware does)', async () => {
    const errors = [
      await call('GET', '/invoices/inv_missing'),
      await call('GET', '/customers/cust_missing'),
      await call('POST', '/invoices/preview', { subscription_id: 'subs_missing' }),
      await call('POST', '/invoices/preview', {}),
      await call('POST', '/invoices/search', { limit: 5000 }),
      await call('POST', '/invoices/search', '{not json'),
    ];
    expect(errors.map((e) => e.status)).toEqual([404, 404, 404, 400, 400, 400]);
    for (const exchange of errors) {
      expectValidResponse(exchange);
      expect(exchange.response).toMatchObject({ http_status_code: exchange.status, message: expect.any(String) });
    }
    // Not in the file: Flexprice's AuthenticateMiddleware answers before the error handler, bare.
    const unauthorized = await call('POST', '/invoices/search', {}, 'wrong-key');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.response).toEqual({ error: 'Unauthorized' });
    // The bodies the fault injector sends for other statuses are the flat envelope too.
    const dialect = createFlexpriceDialect();
    for (const status of [403, 404, 429, 500, 502, 503]) {
      const answer = dialect.error(status, 'injected');
      const json = JSON.parse(JSON.stringify(answer.json));
      expect(validator.schema('errors.ErrorResponse', json), String(status)).toEqual([]);
      expect(json.http_status_code).toBe(status);
    }
  });

  it('the contract fault really breaks the contract', async () => {
    const dialect = createFlexpriceDialect();
    const page = await call('POST', '/invoices/search', { customer_id: FP_CUSTOMERS[0]!.id, limit: 2 });
    const broken = JSON.parse(JSON.stringify(dialect.breakContract(page.response)));
    expect(validator.schema('ListInvoicesResponse', broken).length).toBeGreaterThan(0);
  });
});
