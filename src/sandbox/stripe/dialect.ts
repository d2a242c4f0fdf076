import { randomBytes } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { copyBody, type SandboxDialect, type SandboxRequest, type SandboxResponse } from '../dialect.js';
import { customerJson, seedStripeAccount } from './data.js';
import { FormParseError, parseForm } from './form.js';
import type { StripeListJson } from './objects.js';
import { createPreview, StripeParamError } from './preview.js';

const ROUTES: { method: string; pattern: RegExp; name: string }[] = [
  { method: 'POST', pattern: /^\/v1\/invoices\/create_preview$/, name: 'invoices.create_preview' },
  { method: 'GET', pattern: /^\/v1\/invoices$/, name: 'invoices.list' },
  { method: 'GET', pattern: /^\/v1\/invoices\/([^/]+)\/lines$/, name: 'invoices.lines' },
  { method: 'GET', pattern: /^\/v1\/invoices\/([^/]+)$/, name: 'invoices.retrieve' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, name: 'customers.retrieve' },
  { method: 'GET', pattern: /^\/v1\/subscriptions$/, name: 'subscriptions.list' },
];

type ErrorType = 'invalid_request_error' | 'api_error' | 'idempotency_error';

interface StripeErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
  param?: string;
}

const ERROR_CODES: Record<number, string> = {
  401: 'api_key_invalid',
  403: 'secret_key_required',
  404: 'resource_missing',
  409: 'lock_timeout',
  429: 'rate_limit',
};

/** Paging exactly like Stripe's list endpoints: id cursors, limit 1..100 (default 10), has_more, url. */
function paginate<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  url: string,
  noun: string,
): SandboxResponse | StripeListJson<T> {
  const limitText = query.get('limit');
  let limit = 10;
  if (limitText !== null) {
    if (!/^-?\d+$/.test(limitText))
      return stripeError(400, { type: 'invalid_request_error', message: `Invalid integer: ${limitText}`, param: 'limit' });
    limit = Number(limitText);
    if (limit < 1 || limit > 100) {
      return stripeError(400, {
        type: 'invalid_request_error',
        message: 'This value must be greater than or equal to 1 and less than or equal to 100.',
        param: 'limit',
      });
    }
  }
  const after = query.get('starting_after');
  const before = query.get('ending_before');
  if (after && before) {
    return stripeError(400, {
      type: 'invalid_request_error',
      message: 'You may only specify one of these parameters: ending_before, starting_after.',
      param: 'starting_after',
    });
  }
  const cursor = after ?? before;
  if (cursor) {
    const index = items.findIndex((item) => item.id === cursor);
    if (index < 0) {
      return stripeError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such ${noun}: '${cursor}'`,
        param: after ? 'starting_after' : 'ending_before',
      });
    }
    if (after) {
      const data = items.slice(index + 1, index + 1 + limit);
      return { object: 'list', data, has_more: index + 1 + limit < items.length, url };
    }
    const start = Math.max(0, index - limit);
    return { object: 'list', data: items.slice(start, index), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: limit < items.length, url };
}

function stripeError(status: number, error: StripeErrorBody, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'request-id': requestId(), ...headers },
    json: { error: { ...error, doc_url: error.code ? `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}` : undefined } },
  };
}

function requestId(): string {
  return `req_${randomBytes(7).toString('hex')}`;
}

function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'json' in value;
}

/**
 * The Stripe dialect under `/stripe`: `/stripe/v1/invoices`, `/v1/invoices/{id}`, `/v1/invoices/{id}/lines`,
 * `POST /v1/invoices/create_preview`, `/v1/customers/{id}`, `/v1/subscriptions`. Secret key as Bearer or
 * Basic, form bodies parsed like Stripe's, Stripe's error envelope and a `Request-Id` on every answer.
 */
export function createStripeDialect(): SandboxDialect {
  const account = seedStripeAccount();
  const key = SANDBOX_CREDENTIALS.stripe.secretKey;

  const ok = (json: unknown): SandboxResponse => ({
    status: 200,
    headers: { 'request-id': requestId(), 'stripe-version': '2026-07-29.dahlia' },
    json,
  });

  const authenticate = (request: SandboxRequest): SandboxResponse | null => {
    const authorization = request.headers.authorization;
    if (!authorization) {
      return stripeError(401, {
        type: 'invalid_request_error',
        message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
      });
    }
    let given: string | null = null;
    if (authorization.startsWith('Bearer ')) given = authorization.slice(7).trim();
    else if (authorization.startsWith('Basic '))
      given = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0] ?? null;
    if (given === key) return null;
    const shown =
      given && given.length > 8 ? `${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}` : '****';
    return stripeError(401, { type: 'invalid_request_error', code: 'api_key_invalid', message: `Invalid API Key provided: ${shown}` });
  };

  const notFound = (noun: string, id: string, param = 'id') =>
    stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${noun}: '${id}'`, param });

  const handle = (request: SandboxRequest): SandboxResponse => {
    const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(request.path));
    if (!route) {
      return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.path}).` });
    }
    const denied = authenticate(request);
    if (denied) return denied;
    const match = route.pattern.exec(request.path) as RegExpExecArray;
    const id = decodeURIComponent(match[1] ?? '');
    switch (route.name) {
      case 'invoices.list': {
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
      }
      case 'invoices.retrieve': {
        const invoice = account.invoices.find((i) => i.id === id);
        return invoice ? ok(invoice) : notFound('invoice', id);
      }
      case 'invoices.lines': {
        // Preview lines cannot be paged (stripe-node #2518; /v1/invoices/upcoming/lines was removed).
        const lines = account.invoiceLines.get(id);
        if (!lines) return notFound('invoice', id, 'invoice');
        const page = paginate(lines, request.query, `/v1/invoices/${id}/lines`, 'invoice line item');
        return isResponse(page) ? page : ok(page);
      }
      case 'customers.retrieve': {
        const customer = account.customers.get(id);
        return customer ? ok(customerJson(customer)) : notFound('customer', id);
      }
      case 'subscriptions.list': {
        const customer = request.query.get('customer');
        const status = request.query.get('status') ?? 'active';
        if (customer && !account.customers.has(customer)) return notFound('customer', customer, 'customer');
        const matching = account.subscriptions
          .filter((s) => (!customer || s.customer === customer) && (status === 'all' || s.status === status))
          .map((s) => ({
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
          }));
        const page = paginate(matching, request.query, '/v1/subscriptions', 'subscription');
        return isResponse(page) ? page : ok(page);
      }
      case 'invoices.create_preview': {
        const contentType = String(request.headers['content-type'] ?? '');
        if (request.body && !contentType.startsWith('application/x-www-form-urlencoded')) {
          return stripeError(400, {
            type: 'invalid_request_error',
            message: 'Stripe accepts application/x-www-form-urlencoded request bodies.',
          });
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
      }
      default:
        return stripeError(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${request.method}: ${request.path}).`,
        });
    }
  };

  return {
    provider: 'stripe',
    prefix: '/stripe',
    routeName: (method, path) => ROUTES.find((r) => r.method === method && r.pattern.test(path))?.name ?? null,
    handle,
    error: (status, message) => {
      const code = ERROR_CODES[status];
      // Stripe tells clients whether a retry can help; lock timeouts (409) are worth retrying.
      const shouldRetry = status === 409 ? 'true' : status >= 400 && status < 429 ? 'false' : undefined;
      return stripeError(
        status,
        { type: status >= 500 ? 'api_error' : 'invalid_request_error', message, ...(code ? { code } : {}) },
        shouldRetry ? { 'stripe-should-retry': shouldRetry } : {},
      );
    },
    breakContract: (json) => {
      const copy = copyBody(json) as Record<string, unknown> & { data?: Record<string, unknown>[] };
      const first = copy.object === 'list' ? copy.data?.[0] : undefined;
      // An invoice list breaks its amount_due; a line list (which has no amount_due) its amount.
      if (first) first['amount_due' in first ? 'amount_due' : 'amount'] = 'twelve dollars';
      else if (copy.object === 'customer') copy.name = 12345;
      else copy.amount_due = 'twelve dollars';
      return copy;
    },
  };
}
