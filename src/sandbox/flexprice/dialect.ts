import { randomBytes } from 'node:crypto';
import { Decimal } from '../../domain/decimal.js';
import { JsonNumber } from '../../http/lossless-json.js';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { copyBody, type SandboxDialect, type SandboxRequest, type SandboxResponse } from '../dialect.js';
import { SANDBOX_NOW } from '../random.js';
import { chargeLines, FP_CURRENT_PERIOD, FP_CUSTOMERS, fpIso, lineJson, seedFlexprice, ulid } from './data.js';

type Json = Record<string, unknown>;

const INVOICE_TYPES = ['SUBSCRIPTION', 'ONE_OFF', 'CREDIT'];
const INVOICE_STATUSES = ['DRAFT', 'FINALIZED', 'VOIDED', 'SKIPPED'];
const PAYMENT_STATUSES = [
  'INITIATED',
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'OVERPAID',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
];
const SUBSCRIPTION_STATUSES = ['active', 'paused', 'cancelled', 'incomplete', 'trialing', 'draft'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Flexprice's `errors.ErrorCode` for a status (UPSTREAMS 3.5). */
const ERROR_CODES: Record<number, string> = {
  400: 'validation_error',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'too_many_requests',
  501: 'not_implemented',
  503: 'service_unavailable',
};

const ROUTES: { method: string; pattern: RegExp; name: string }[] = [
  { method: 'POST', pattern: /^\/invoices\/search$/, name: 'invoices.search' },
  { method: 'POST', pattern: /^\/invoices\/preview$/, name: 'invoices.preview' },
  { method: 'GET', pattern: /^\/invoices\/([^/]+)$/, name: 'invoices.get' },
  { method: 'GET', pattern: /^\/customers\/([^/]+)$/, name: 'customers.get' },
  { method: 'POST', pattern: /^\/subscriptions\/search$/, name: 'subscriptions.search' },
  { method: 'GET', pattern: /^\/subscriptions\/([^/]+)$/, name: 'subscriptions.get' },
];

class ValidationError extends Error {}

/** Checks an optional integer field of a filter body, as Flexprice's binding does. */
function integer(body: Json, key: string, min: number, max: number, fallback: number): number {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function stringList(body: Json, key: string, allowed: string[]): string[] | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.includes(v))) {
    throw new ValidationError(`${key} must be a list of ${allowed.join(', ')}`);
  }
  return value as string[];
}

/** A list of ids (`invoice_ids`, `subscription_ids`), or null when absent. */
function idList(body: Json, key: string): string[] | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw new ValidationError(`${key} must be a list of strings`);
  return value as string[];
}

function optionalString(body: Json, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`${key} must be a string`);
  return value;
}

function time(body: Json, key: string): Date | null {
  const value = optionalString(body, key);
  if (value === null) return null;
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) throw new ValidationError(`${key} must be an RFC 3339 date-time`);
  return new Date(value);
}

/**
 * The Flexprice dialect under `/flexprice/v1`: `POST /invoices/search`, `POST /invoices/preview`,
 * `GET /invoices/{id}`, `GET /customers/{id}`, `POST /subscriptions/search`, `GET /subscriptions/{id}`,
 * `x-api-key` auth (401 `{"error":"Unauthorized"}` like Flexprice's auth middleware) and the flat error
 * envelope `{code, message, http_status_code}` of its error handler. Every body it sends validates
 * against the Flexprice OpenAPI file (test/contract/flexprice-sandbox.test.ts).
 */
export function createFlexpriceDialect(): SandboxDialect {
  const data = seedFlexprice();

  const ok = (json: unknown): SandboxResponse => ({ status: 200, headers: { 'x-request-id': randomBytes(8).toString('hex') }, json });
  const error = (status: number, message: string): SandboxResponse => {
    if (status === 401) return { status, json: { error: 'Unauthorized' } };
    return {
      status,
      headers: { 'x-request-id': randomBytes(8).toString('hex') },
      json: { code: ERROR_CODES[status] ?? 'internal_error', message, http_status_code: new JsonNumber(String(status)) },
    };
  };

  const list = (items: Json[], limit: number, offset: number) =>
    ok({
      items: items.slice(offset, offset + limit),
      pagination: {
        total: new JsonNumber(String(items.length)),
        limit: new JsonNumber(String(limit)),
        offset: new JsonNumber(String(offset)),
      },
    });

  function searchInvoices(body: Json): SandboxResponse {
    const limit = integer(body, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
    const offset = integer(body, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const customer = optionalString(body, 'customer_id');
    const subscription = optionalString(body, 'subscription_id');
    const type = optionalString(body, 'invoice_type');
    if (type !== null && !INVOICE_TYPES.includes(type))
      throw new ValidationError(`invoice_type must be one of ${INVOICE_TYPES.join(', ')}`);
    const invoiceStatuses = stringList(body, 'invoice_status', INVOICE_STATUSES);
    const paymentStatuses = stringList(body, 'payment_status', PAYMENT_STATUSES);
    const ids = idList(body, 'invoice_ids');
    const skipLines = body.skip_line_items === true;
    const matching = data.invoices
      .filter(
        (invoice) =>
          (customer === null || invoice.customer_id === customer) &&
          (subscription === null || invoice.subscription_id === subscription) &&
          (type === null || invoice.invoice_type === type) &&
          (invoiceStatuses === null || invoiceStatuses.includes(String(invoice.invoice_status))) &&
          (paymentStatuses === null || paymentStatuses.includes(String(invoice.payment_status))) &&
          (ids === null || ids.includes(String(invoice.id))),
      )
      .map((invoice) => (skipLines ? { ...invoice, line_items: [] } : invoice));
    if (body.order === 'asc') matching.reverse();
    return list(matching, limit, offset);
  }

  function searchSubscriptions(body: Json): SandboxResponse {
    const limit = integer(body, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
    const offset = integer(body, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const customer = optionalString(body, 'customer_id');
    const statuses = stringList(body, 'subscription_status', SUBSCRIPTION_STATUSES);
    const ids = idList(body, 'subscription_ids');
    const matching = [...data.subscriptions.values()]
      .filter(
        ({ seed }) =>
          (customer === null || seed.customerId === customer) &&
          (statuses === null || statuses.includes(seed.status)) &&
          (ids === null || ids.includes(seed.id)),
      )
      .map(({ json }) => json);
    return list(matching, limit, offset);
  }

  /** Computes (never stores) the invoice the subscription would get for a period, with a fresh id. */
  function preview(body: Json): SandboxResponse {
    const subscriptionId = optionalString(body, 'subscription_id');
    if (!subscriptionId) throw new ValidationError('subscription_id is required');
    const hideZero = body.hide_zero_charges_line_items;
    if (hideZero !== undefined && typeof hideZero !== 'boolean')
      throw new ValidationError('hide_zero_charges_line_items must be a boolean');
    const subscription = data.subscriptions.get(subscriptionId);
    if (!subscription) return error(404, `subscription ${subscriptionId} not found`);
    const start = time(body, 'period_start') ?? FP_CURRENT_PERIOD.start;
    const end = time(body, 'period_end') ?? FP_CURRENT_PERIOD.end;
    if (start >= end) throw new ValidationError('period_start must be before period_end');
    const customer = FP_CUSTOMERS.find((c) => c.id === subscription.seed.customerId)!;
    const id = `inv_${ulid(() => randomBytes(1)[0]! / 256)}`;
    const drafts = chargeLines(subscription.seed, start)
      .filter((line) => !(hideZero === true && line.amount.isZero()))
      .map((line) => ({
        displayName: line.charge.displayName,
        quantity: line.quantity,
        amount: line.amount,
        priceId: line.charge.priceId,
        meterId: line.charge.meterId,
        priceType: line.charge.quantity === 'fixed' ? ('FIXED' as const) : ('USAGE' as const),
        discount: Decimal.ZERO,
        prepaid: Decimal.ZERO,
      }));
    const subtotal = drafts.reduce((sum, line) => sum.add(line.amount), Decimal.ZERO);
    const tax = subtotal.mul(Decimal.parse(customer.taxRate));
    const total = subtotal.add(tax);
    const now = SANDBOX_NOW;
    return ok({
      id,
      environment_id: 'env_sandbox',
      tenant_id: 'tenant_sandbox',
      customer_id: customer.id,
      subscription_id: subscription.seed.id,
      subscription_customer_id: customer.id,
      invoice_type: 'SUBSCRIPTION',
      invoice_status: 'DRAFT',
      payment_status: 'PENDING',
      currency: customer.currency,
      amount_due: total.toString(),
      amount_paid: '0',
      amount_remaining: total.toString(),
      subtotal: subtotal.toString(),
      total: total.toString(),
      total_discount: '0',
      total_tax: tax.toString(),
      total_prepaid_credits_applied: '0',
      adjustment_amount: '0',
      refunded_amount: '0',
      invoice_number: null,
      idempotency_key: null,
      billing_sequence: null,
      billing_period: 'MONTHLY',
      billing_reason: 'SUBSCRIPTION_CYCLE',
      period_start: fpIso(start),
      period_end: fpIso(end),
      due_date: fpIso(end),
      metadata: {},
      line_items: drafts.map((line, i) => lineJson(id, customer, subscription.seed, line, i, start, end, now)),
      coupon_applications: [],
      taxes: [],
      customer: data.customers.get(customer.id),
      version: new JsonNumber('1'),
      status: 'published',
      is_manually_edited: false,
      created_at: fpIso(now),
      updated_at: fpIso(now),
      created_by: 'system',
      updated_by: 'system',
    });
  }

  function route(request: SandboxRequest): { name: string; id: string | null } | null {
    for (const candidate of ROUTES) {
      const match = candidate.method === request.method ? candidate.pattern.exec(request.path) : null;
      if (match) return { name: candidate.name, id: match[1] === undefined ? null : decodeURIComponent(match[1]) };
    }
    return null;
  }

  return {
    provider: 'flexprice',
    prefix: '/flexprice/v1',
    routeName: (method, path) => route({ method, path, query: new URLSearchParams(), headers: {}, body: '' })?.name ?? null,
    error,
    breakContract: (json) => {
      const copy = copyBody(json) as Json & { items?: Json[] };
      const target = copy.items?.[0] ?? copy;
      // A JSON number where Flexprice always sends a decimal string (or a string id).
      if ('amount_due' in target) target.amount_due = new JsonNumber('12.5');
      else if ('customer_id' in target) target.customer_id = new JsonNumber('42');
      else target.id = new JsonNumber('42');
      return copy;
    },
    handle(request) {
      if (request.headers['x-api-key'] !== SANDBOX_CREDENTIALS.flexprice.apiKey) return error(401, 'Unauthorized');
      const matched = route(request);
      if (!matched) return error(404, `no route for ${request.method} ${request.path}`);
      let body: Json = {};
      try {
        if (request.method === 'POST') {
          const parsed: unknown = JSON.parse(request.body || 'null');
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            return error(400, 'invalid request body: expected a JSON object');
          body = parsed as Json;
        }
        switch (matched.name) {
          case 'invoices.search':
            return searchInvoices(body);
          case 'invoices.preview':
            return preview(body);
          case 'subscriptions.search':
            return searchSubscriptions(body);
          case 'invoices.get': {
            const invoice = data.invoicesById.get(matched.id ?? '');
            return invoice ? ok(invoice) : error(404, `invoice ${matched.id} not found`);
          }
          case 'customers.get': {
            const customer = data.customers.get(matched.id ?? '');
            return customer ? ok(customer) : error(404, `customer ${matched.id} not found`);
          }
          default: {
            const subscription = data.subscriptions.get(matched.id ?? '');
            return subscription ? ok(subscription.json) : error(404, `subscription ${matched.id} not found`);
          }
        }
      } catch (caught) {
        if (caught instanceof ValidationError || caught instanceof SyntaxError) return error(400, `invalid request: ${caught.message}`);
        throw caught;
      }
    },
  };
}
