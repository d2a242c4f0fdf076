import type { SandboxRequest, SandboxResponse } from '../dialect.js';
import { customerJson, type StripeAccount, type SubscriptionSeed } from './data.js';
import { isResponse, notFound, ok, stripeError } from './envelope.js';
import { FormParseError, parseForm } from './form.js';
import { paginate } from './paging.js';
import { createPreview, StripeParamError } from './preview.js';

/** The Stripe dialect's routes, one function each, over the seeded account. `id` is the path's id, if any. */
export type StripeRoute = (account: StripeAccount, request: SandboxRequest, id: string) => SandboxResponse;

const listInvoices: StripeRoute = (account, request) => {
  const customer = request.query.get('customer');
  const subscription = request.query.get('subscription');
  const status = request.query.get('status');
  if (customer && !account.customers.has(customer)) return notFound('customer', customer, 'customer');
  const matching = account.invoices.filter(
    (invoice) =>
      (!customer || invoice.customer === customer) &&
      (!status || invoice.status === status) &&
      (!subscription || invoice.parent?.subscription_details?.subscription === subscription),
  );
  const page = paginate(matching, request.query, '/v1/invoices', 'invoice');
  return isResponse(page) ? page : ok(page);
};

const retrieveInvoice: StripeRoute = (account, _request, id) => {
  const invoice = account.invoices.find((i) => i.id === id);
  return invoice ? ok(invoice) : notFound('invoice', id);
};

const invoiceLines: StripeRoute = (account, request, id) => {
  // Preview lines cannot be paged (stripe-node #2518; /v1/invoices/upcoming/lines was removed).
  const lines = account.invoiceLines.get(id);
  if (!lines) return notFound('invoice', id, 'invoice');
  const page = paginate(lines, request.query, `/v1/invoices/${id}/lines`, 'invoice line item');
  return isResponse(page) ? page : ok(page);
};

const retrieveCustomer: StripeRoute = (account, _request, id) => {
  const customer = account.customers.get(id);
  return customer ? ok(customerJson(customer)) : notFound('customer', id);
};

export function subscriptionJson(s: SubscriptionSeed) {
  return {
    id: s.id,
    object: 'subscription',
    customer: s.customer,
    status: s.status,
    currency: s.currency,
    created: s.created,
    livemode: false,
    metadata: {},
    discounts: s.discounts.map((d) => d.id),
    items: {
      object: 'list',
      data: s.items.map((item) => ({
        id: item.id,
        object: 'subscription_item',
        quantity: Number(item.quantity),
        price: {
          id: item.price.id,
          object: 'price',
          currency: item.price.currency,
          product: item.price.product,
          unit_amount_decimal: item.price.unitAmount.toString(),
        },
      })),
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
  };
}

const listSubscriptions: StripeRoute = (account, request) => {
  const customer = request.query.get('customer');
  const status = request.query.get('status') ?? 'active';
  if (customer && !account.customers.has(customer)) return notFound('customer', customer, 'customer');
  const matching = account.subscriptions
    .filter((s) => (!customer || s.customer === customer) && (status === 'all' || s.status === status))
    .map(subscriptionJson);
  const page = paginate(matching, request.query, '/v1/subscriptions', 'subscription');
  return isResponse(page) ? page : ok(page);
};

const retrieveSubscription: StripeRoute = (account, _request, id) => {
  const subscription = account.subscriptions.find((s) => s.id === id);
  return subscription ? ok(subscriptionJson(subscription)) : notFound('subscription', id);
};

const createInvoicePreview: StripeRoute = (account, request) => {
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body && !contentType.startsWith('application/x-www-form-urlencoded')) {
    return stripeError(400, { type: 'invalid_request_error', message: 'Stripe accepts application/x-www-form-urlencoded request bodies.' });
  }
  try {
    return ok(createPreview(account, parseForm(request.body)).invoice);
  } catch (error) {
    if (error instanceof StripeParamError) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: error.code,
        message: error.message,
        ...(error.param ? { param: error.param } : {}),
      });
    }
    if (error instanceof FormParseError)
      return stripeError(400, { type: 'invalid_request_error', message: error.message, param: error.param });
    throw error;
  }
};

/** Method, path pattern (its group is the id), counter name and handler of every route the dialect serves. */
export const ROUTES: { method: string; pattern: RegExp; name: string; handle: StripeRoute }[] = [
  { method: 'POST', pattern: /^\/v1\/invoices\/create_preview$/, name: 'invoices.create_preview', handle: createInvoicePreview },
  { method: 'GET', pattern: /^\/v1\/invoices$/, name: 'invoices.list', handle: listInvoices },
  { method: 'GET', pattern: /^\/v1\/invoices\/([^/]+)\/lines$/, name: 'invoices.lines', handle: invoiceLines },
  { method: 'GET', pattern: /^\/v1\/invoices\/([^/]+)$/, name: 'invoices.retrieve', handle: retrieveInvoice },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, name: 'customers.retrieve', handle: retrieveCustomer },
  { method: 'GET', pattern: /^\/v1\/subscriptions$/, name: 'subscriptions.list', handle: listSubscriptions },
  { method: 'GET', pattern: /^\/v1\/subscriptions\/([^/]+)$/, name: 'subscriptions.retrieve', handle: retrieveSubscription },
];
