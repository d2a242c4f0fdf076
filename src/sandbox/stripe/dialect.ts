import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { copyBody, type SandboxDialect, type SandboxRequest, type SandboxResponse } from '../dialect.js';
import { seedStripeAccount, type StripeAccount } from './data.js';
import { ERROR_CODES, stripeError } from './envelope.js';
import { ROUTES } from './routes.js';

/** The secret key as Bearer or Basic (username, no password); a wrong key is shown masked, as Stripe does. */
function authenticate(request: SandboxRequest, key: string): SandboxResponse | null {
  const authorization = request.headers.authorization;
  if (!authorization) {
    return stripeError(401, {
      type: 'invalid_request_error',
      message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
    });
  }
  let given: string | null = null;
  if (authorization.startsWith('Bearer ')) given = authorization.slice(7).trim();
  else if (authorization.startsWith('Basic ')) given = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0] ?? null;
  if (given === key) return null;
  const shown = given && given.length > 8 ? `${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}` : '****';
  return stripeError(401, { type: 'invalid_request_error', code: 'api_key_invalid', message: `Invalid API Key provided: ${shown}` });
}

/** A copy of a body with its first amount broken: an invoice list's amount_due, a line list's amount, a customer's name. */
function breakContract(json: unknown): unknown {
  const copy = copyBody(json) as Record<string, unknown> & { data?: Record<string, unknown>[] };
  const first = copy.object === 'list' ? copy.data?.[0] : undefined;
  if (first) first['amount_due' in first ? 'amount_due' : 'amount'] = 'twelve dollars';
  else if (copy.object === 'customer') copy.name = 12345;
  else copy.amount_due = 'twelve dollars';
  return copy;
}

/**
 * The Stripe dialect under `/stripe`: `/stripe/v1/invoices`, `/v1/invoices/{id}`, `/v1/invoices/{id}/lines`,
 * `POST /v1/invoices/create_preview`, `/v1/customers/{id}`, `/v1/subscriptions`, `/v1/subscriptions/{id}` (routes.ts). Secret key as
 * Bearer or Basic, form bodies parsed like Stripe's, Stripe's error envelope and a `Request-Id` on every answer.
 */
export function createStripeDialect(account: StripeAccount = seedStripeAccount()): SandboxDialect {
  const key = SANDBOX_CREDENTIALS.stripe.secretKey;
  const handle = (request: SandboxRequest): SandboxResponse => {
    const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(request.path));
    if (!route) {
      return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.path}).` });
    }
    const denied = authenticate(request, key);
    if (denied) return denied;
    const match = route.pattern.exec(request.path) as RegExpExecArray;
    return route.handle(account, request, decodeURIComponent(match[1] ?? ''));
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
    breakContract,
  };
}
