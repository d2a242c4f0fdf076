import type { SandboxResponse } from '../dialect.js';
import { stripeError } from './envelope.js';
import type { StripeListJson } from './objects.js';

/** Paging exactly like Stripe's list endpoints: id cursors, limit 1..100 (default 10), has_more, url. */
export function paginate<T extends { id: string }>(
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
