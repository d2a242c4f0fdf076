import { createHash } from 'node:crypto';
import { JsonNumber } from '../../http/lossless-json.js';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { copyBody, type SandboxDialect, type SandboxRequest, type SandboxResponse } from '../dialect.js';
import { seedCloudflareAccounts, type CfAccount } from './data.js';
import { addUsage } from './usage.js';

const BILLING = /^\/accounts\/([^/]+)\/ai-gateway\/billing\/(invoice-preview|invoice-history)$/;
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 100;

/** Cloudflare API v4 error codes the sandbox answers with (as the real API does). */
const ERROR_CODES: Record<number, number> = { 400: 6003, 401: 10000, 403: 9109, 404: 7003, 429: 971, 500: 10001, 502: 10001, 503: 10001 };

type Envelope = (status: number, result: unknown, extra?: Record<string, unknown>) => SandboxResponse;
type ErrorAnswer = (status: number, message: string, code?: number) => SandboxResponse;

/**
 * One page of invoice-history: filtered by `type`, paged by `page`/`per_page` unless the account is one that
 * ignores paging and answers everything at once (docs/UPSTREAMS.md 1.5 leaves both possible).
 */
function historyPage(account: CfAccount, query: URLSearchParams, envelope: Envelope, error: ErrorAnswer): SandboxResponse {
  const type = query.get('type') ?? 'all';
  if (!['all', 'auto', 'manual'].includes(type)) return error(400, `type must be one of auto, all, manual`, 6003);
  const matching = account.history.filter((invoice) => type === 'all' || invoice.invoice_origin === type);
  const n = (value: number) => new JsonNumber(String(value));
  if (account.ignoresPaging) {
    const pagination = { has_more: false, page: n(1), per_page: n(matching.length), total_count: n(matching.length) };
    return envelope(200, { invoices: matching, pagination });
  }
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const perPage = Math.min(
    MAX_PER_PAGE,
    Math.max(1, Number.parseInt(query.get('per_page') ?? `${DEFAULT_PER_PAGE}`, 10) || DEFAULT_PER_PAGE),
  );
  const slice = matching.slice((page - 1) * perPage, page * perPage);
  const hasMore = page * perPage < matching.length;
  const pagination = { has_more: hasMore, page: n(page), per_page: n(perPage), total_count: n(matching.length) };
  return envelope(200, { invoices: slice, pagination }, { result_info: pagination });
}

/**
 * The Cloudflare dialect: `/cloudflare/client/v4/accounts/{id}/ai-gateway/billing/invoice-preview` and
 * `.../invoice-history?type=auto|all|manual&page=&per_page=`, the v4 envelope, both auth schemes.
 */
export function createCloudflareDialect(): SandboxDialect {
  let accounts = seedCloudflareAccounts();
  const creds = SANDBOX_CREDENTIALS.cloudflare;

  const envelope = (status: number, result: unknown, extra: Record<string, unknown> = {}): SandboxResponse => ({
    status,
    headers: { 'cf-ray': `${createHash('sha1').update(String(Math.random())).digest('hex').slice(0, 16)}-SJC` },
    json: { success: status < 400, errors: [], messages: [], result, ...extra },
  });

  const error = (status: number, message: string, code = ERROR_CODES[status] ?? 10001): SandboxResponse => ({
    ...envelope(status, null),
    json: { success: false, errors: [{ code: new JsonNumber(String(code)), message }], messages: [], result: null },
  });

  const authenticated = (request: SandboxRequest): boolean => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) return authorization === `Bearer ${creds.token}`;
    return request.headers['x-auth-email'] === creds.email && request.headers['x-auth-key'] === creds.globalKey;
  };

  return {
    provider: 'cloudflare',
    prefix: '/cloudflare/client/v4',
    routeName: (method, path) => {
      const match = BILLING.exec(path);
      return match && method === 'GET' ? (match[2] ?? null) : null;
    },
    error: (status, message) => error(status, message),
    control: (action, method, body) => (action === 'usage' && method === 'POST' ? addUsage(accounts, body) : null),
    reset: () => (accounts = seedCloudflareAccounts()),
    breakContract: (json) => {
      const copy = copyBody(json) as { result: Record<string, unknown> & { invoices?: Record<string, unknown>[] } };
      if (copy.result.invoices?.[0]) copy.result.invoices[0].amount_due = 'twelve dollars';
      else copy.result.amount_due = 'twelve dollars';
      return copy;
    },
    handle(request) {
      const match = BILLING.exec(request.path);
      if (!match || request.method !== 'GET') return error(404, `No route for the URI ${request.path}`, 7000);
      if (request.headers.authorization === undefined && request.headers['x-auth-key'] === undefined) {
        return error(400, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers', 9106);
      }
      if (!authenticated(request)) return error(403, 'Authentication error', 10000);
      const account = accounts.get(match[1] ?? '');
      if (!account) return error(404, 'Could not route to this account, perhaps your object identifier is invalid?', 7003);
      if (match[2] === 'invoice-preview') return envelope(200, account.preview);

      return historyPage(account, request.query, envelope, error);
    },
  };
}
