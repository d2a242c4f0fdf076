import { randomBytes } from 'node:crypto';
import { JsonNumber } from '../../http/lossless-json.js';
import type { SandboxResponse } from '../dialect.js';
import type { Json } from './request.js';

/** Flexprice's answers: an `x-request-id`, the flat error envelope of its error handler, offset pagination. */

/** Flexprice's `errors.ErrorCode` for a status (docs/UPSTREAMS.md 3.5). */
const ERROR_CODES: Record<number, string> = {
  400: 'validation_error',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'too_many_requests',
  501: 'not_implemented',
  503: 'service_unavailable',
};

export function ok(json: unknown): SandboxResponse {
  return { status: 200, headers: { 'x-request-id': randomBytes(8).toString('hex') }, json };
}

/** `{code, message, http_status_code}`; a 401 is the auth middleware's bare `{"error":"Unauthorized"}`. */
export function fpError(status: number, message: string): SandboxResponse {
  if (status === 401) return { status, json: { error: 'Unauthorized' } };
  return {
    status,
    headers: { 'x-request-id': randomBytes(8).toString('hex') },
    json: { code: ERROR_CODES[status] ?? 'internal_error', message, http_status_code: new JsonNumber(String(status)) },
  };
}

/** One offset window of `items`, with `pagination.total` counting them all (docs/UPSTREAMS.md 3.4). */
export function list(items: Json[], limit: number, offset: number): SandboxResponse {
  return ok({
    items: items.slice(offset, offset + limit),
    pagination: {
      total: new JsonNumber(String(items.length)),
      limit: new JsonNumber(String(limit)),
      offset: new JsonNumber(String(offset)),
    },
  });
}
