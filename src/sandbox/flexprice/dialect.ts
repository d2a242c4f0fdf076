import { JsonNumber } from '../../http/lossless-json.js';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { copyBody, type SandboxDialect, type SandboxRequest, type SandboxResponse } from '../dialect.js';
import { seedFlexprice, type FpDataset } from './data.js';
import { fpError, ok } from './envelope.js';
import { previewInvoice } from './preview.js';
import { ValidationError, type Json } from './request.js';
import { searchInvoices, searchSubscriptions } from './search.js';

type FlexpriceRoute = (data: FpDataset, body: Json, id: string | null) => SandboxResponse;

const getInvoice: FlexpriceRoute = (data, _body, id) => {
  const invoice = data.invoicesById.get(id ?? '');
  return invoice ? ok(invoice) : fpError(404, `invoice ${id} not found`);
};
const getCustomer: FlexpriceRoute = (data, _body, id) => {
  const customer = data.customers.get(id ?? '');
  return customer ? ok(customer) : fpError(404, `customer ${id} not found`);
};
const getSubscription: FlexpriceRoute = (data, _body, id) => {
  const subscription = data.subscriptions.get(id ?? '');
  return subscription ? ok(subscription.json) : fpError(404, `subscription ${id} not found`);
};

const ROUTES: { method: string; pattern: RegExp; name: string; handle: FlexpriceRoute }[] = [
  { method: 'POST', pattern: /^\/invoices\/search$/, name: 'invoices.search', handle: searchInvoices },
  { method: 'POST', pattern: /^\/invoices\/preview$/, name: 'invoices.preview', handle: previewInvoice },
  { method: 'GET', pattern: /^\/invoices\/([^/]+)$/, name: 'invoices.get', handle: getInvoice },
  { method: 'GET', pattern: /^\/customers\/([^/]+)$/, name: 'customers.get', handle: getCustomer },
  { method: 'POST', pattern: /^\/subscriptions\/search$/, name: 'subscriptions.search', handle: searchSubscriptions },
  { method: 'GET', pattern: /^\/subscriptions\/([^/]+)$/, name: 'subscriptions.get', handle: getSubscription },
];

function route(method: string, path: string): { route: (typeof ROUTES)[number]; id: string | null } | null {
  for (const candidate of ROUTES) {
    const match = candidate.method === method ? candidate.pattern.exec(path) : null;
    if (match) return { route: candidate, id: match[1] === undefined ? null : decodeURIComponent(match[1]) };
  }
  return null;
}

/** A JSON number where Flexprice always sends a decimal string (or a string id). */
function breakContract(json: unknown): unknown {
  const copy = copyBody(json) as Json & { items?: Json[] };
  const target = copy.items?.[0] ?? copy;
  if ('amount_due' in target) target.amount_due = new JsonNumber('12.5');
  else if ('customer_id' in target) target.customer_id = new JsonNumber('42');
  else target.id = new JsonNumber('42');
  return copy;
}

/**
 * The Flexprice dialect under `/flexprice/v1`: `POST /invoices/search`, `POST /invoices/preview`,
 * `GET /invoices/{id}`, `GET /customers/{id}`, `POST /subscriptions/search`, `GET /subscriptions/{id}`,
 * `x-api-key` auth (401 `{"error":"Unauthorized"}` like Flexprice's auth middleware) and the flat error
 * envelope `{code, message, http_status_code}` of its error handler. Every body it sends validates
 * against the Flexprice OpenAPI file (test/contract/flexprice-sandbox.test.ts).
 */
export function createFlexpriceDialect(data: FpDataset = seedFlexprice()): SandboxDialect {
  const handle = (request: SandboxRequest): SandboxResponse => {
    if (request.headers['x-api-key'] !== SANDBOX_CREDENTIALS.flexprice.apiKey) return fpError(401, 'Unauthorized');
    const matched = route(request.method, request.path);
    if (!matched) return fpError(404, `no route for ${request.method} ${request.path}`);
    try {
      let body: Json = {};
      if (request.method === 'POST') {
        const parsed: unknown = JSON.parse(request.body || 'null');
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          return fpError(400, 'invalid request body: expected a JSON object');
        body = parsed as Json;
      }
      return matched.route.handle(data, body, matched.id);
    } catch (caught) {
      if (caught instanceof ValidationError || caught instanceof SyntaxError) return fpError(400, `invalid request: ${caught.message}`);
      throw caught;
    }
  };
  return {
    provider: 'flexprice',
    prefix: '/flexprice/v1',
    routeName: (method, path) => route(method, path)?.route.name ?? null,
    error: fpError,
    breakContract,
    handle,
  };
}
