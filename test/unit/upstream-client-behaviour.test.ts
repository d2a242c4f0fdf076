import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type UpstreamAttempt, type UpstreamClientOptions } from '../../src/http/client.js';
import { mapWithConcurrency, Slots } from '../../src/http/concurrency.js';
import { freePort, listen, type Listening } from '../helpers/listen.js';

/**
 * UpstreamClient against a real loopback upstream that plays a script: one handler per attempt, the last
 * one repeated. Every request it saw is kept.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let upstream: Listening;
let origin: string;
let script: Handler[] = [];
let seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

const answer =
  (status: number, body = '{}', headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

beforeAll(async () => {
  upstream = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const handler = script[Math.min(seen.length - 1, script.length - 1)]!;
      handler(req, res, body);
    });
  });
  origin = upstream.origin;
});
afterAll(() => upstream.close());
beforeEach(() => {
  script = [answer(200)];
  seen = [];
});

const clients: UpstreamClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

function client(overrides: Partial<UpstreamClientOptions> = {}): UpstreamClient {
  const made = new UpstreamClient({
    provider: 'flexprice',
    baseUrl: `${origin}/api/v1/`,
    deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 3_000 },
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 },
    ...overrides,
  });
  clients.push(made);
  return made;
}

async function failure(run: () => Promise<unknown>): Promise<BillingError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error('expected a BillingError, the call succeeded');
}

describe('UpstreamClient requests and responses', () => {
  it('sends method, base path + path + query, headers and body; answers status, lower-cased headers and body', async () => {
    script = [answer(201, '{"id":"x"}', { 'X-Request-Id': 'req_1' })];
    const attempts: UpstreamAttempt[] = [];
    const response = await client().send(
      {
        method: 'POST',
        path: '/invoices',
        query: new URLSearchParams({ a: '1', b: 'x y' }),
        headers: { 'x-api-key': 'k' },
        body: '{"n":1}',
        retryable: false,
      },
      { onAttempt: (a) => attempts.push(a) },
    );
    expect(response).toMatchObject({ status: 201, body: '{"id":"x"}', attempts: 1 });
    expect(response.headers['x-request-id']).toBe('req_1');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/invoices?a=1&b=x+y', body: '{"n":1}' });
    expect(seen[0]!.headers['x-api-key']).toBe('k');
    expect(attempts).toEqual([
      { provider: 'flexprice', method: 'POST', path: '/invoices', status: 201, durationMs: expect.any(Number), attempt: 1 },
    ]);
    // No query string, no "?".
    await client().send({ method: 'GET', path: '/x', query: new URLSearchParams(), retryable: true });
    expect(seen[1]!.url).toBe('/api/v1/x');
  });

  it('joins repeated response headers', async () => {
    script = [
      (_req, res) => {
        res.setHeader('x-multi', ['a', 'b']);
        res.writeHead(200);
        res.end('ok');
      },
    ];
    expect((await client().send({ method: 'GET', path: '/', retryable: true })).headers['x-multi']).toBe('a, b');
  });

  it('refuses a body larger than the limit, naming the provider, the limit and the status', async () => {
    script = [answer(200, 'x'.repeat(2_000))];
    const error = await failure(() => client({ maxBodyBytes: 1_000 }).send({ method: 'GET', path: '/', retryable: true }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('flexprice sent a response larger than 1000 bytes');
    expect(error.details).toMatchObject({ provider: 'flexprice', upstreamStatus: 200 });
    expect(seen).toHaveLength(1);
    script = [answer(200, 'x'.repeat(1_000))];
    expect((await client({ maxBodyBytes: 1_000 }).send({ method: 'GET', path: '/', retryable: true })).body).toHaveLength(1_000);
  });
});

describe('UpstreamClient retries', () => {
  it('retries 429 and 5xx for safe requests, up to maxRetries, and returns the last answer', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      seen = [];
      script = [answer(status)];
      const response = await client().send({ method: 'GET', path: '/', retryable: true });
      expect(response.status, String(status)).toBe(status);
      expect(response.attempts).toBe(3);
      expect(seen, String(status)).toHaveLength(3);
    }
  });

  it('a retry that succeeds returns the success with its attempt number', async () => {
    script = [answer(503), answer(200, '{"ok":true}')];
    const attempts: UpstreamAttempt[] = [];
    const response = await client().send({ method: 'GET', path: '/', retryable: true }, { onAttempt: (a) => attempts.push(a) });
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}', attempts: 2 });
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('never retries a request that is not safe to repeat, or a status that is not transient', async () => {
    script = [answer(503)];
    expect((await client().send({ method: 'POST', path: '/', retryable: false })).attempts).toBe(1);
    expect(seen).toHaveLength(1);
    for (const status of [400, 401, 404, 409, 422, 501]) {
      seen = [];
      script = [answer(status)];
      expect((await client().send({ method: 'GET', path: '/', retryable: true })).status).toBe(status);
      expect(seen, String(status)).toHaveLength(1);
    }
  });

  it('honours Retry-After up to the cap; longer goes straight back to the caller', async () => {
    script = [answer(429, '{}', { 'retry-after': '0.2' }), answer(200)];
    const started = performance.now();
    expect((await client().send({ method: 'GET', path: '/', retryable: true })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    seen = [];
    script = [answer(429, '{}', { 'retry-after': '2' }), answer(200)];
    const response = await client().send({ method: 'GET', path: '/', retryable: true });
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(1);
  });

  it('does not wait past the overall deadline for a retry', async () => {
    script = [answer(503, '{}', { 'retry-after': '1' }), answer(200)];
    const response = await client({
      deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 500 },
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 },
    }).send({ method: 'GET', path: '/', retryable: true });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('the should-retry header overrides the status both ways', async () => {
    const stripeLike = () => client({ shouldRetryHeader: 'stripe-should-retry' });
    script = [answer(503, '{}', { 'stripe-should-retry': 'false' })];
    expect((await stripeLike().send({ method: 'GET', path: '/', retryable: true })).attempts).toBe(1);
    seen = [];
    script = [answer(409, '{}', { 'stripe-should-retry': 'true' }), answer(200)];
    expect((await stripeLike().send({ method: 'GET', path: '/', retryable: true })).status).toBe(200);
    expect(seen).toHaveLength(2);
    // Without the option configured, the header means nothing.
    seen = [];
    script = [answer(409, '{}', { 'stripe-should-retry': 'true' })];
    expect((await client().send({ method: 'GET', path: '/', retryable: true })).attempts).toBe(1);
  });
});

describe('UpstreamClient failures', () => {
  it('a refused connection is UPSTREAM_UNAVAILABLE, retried, and says so', async () => {
    const port = await freePort();
    const attempts: UpstreamAttempt[] = [];
    const error = await failure(() =>
      client({ baseUrl: `http://127.0.0.1:${port}` }).send(
        { method: 'GET', path: '/', retryable: true },
        { onAttempt: (a) => attempts.push(a) },
      ),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('flexprice is unavailable: the connection was refused');
    expect(error.details).toEqual({ provider: 'flexprice' });
    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, null, error.message],
      [2, null, error.message],
      [3, null, error.message],
    ]);
    const once: UpstreamAttempt[] = [];
    await failure(() =>
      client({ baseUrl: `http://127.0.0.1:${port}` }).send(
        { method: 'POST', path: '/', retryable: false },
        { onAttempt: (a) => once.push(a) },
      ),
    );
    expect(once).toHaveLength(1);
  });

  it('a reset connection is UPSTREAM_UNAVAILABLE', async () => {
    script = [(req) => req.socket.destroy()];
    const error = await failure(() => client().send({ method: 'GET', path: '/', retryable: false }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('flexprice is unavailable: the connection was reset');
  });

  it('no response headers in time, and a stalled body, are named', async () => {
    // Both at once: undici checks these deadlines on its own clock, which ticks about every half second.
    script = [
      (req, res) => {
        if (req.url!.endsWith('/body')) {
          res.writeHead(200);
          res.write('{');
        }
      },
    ];
    const [headers, body] = await Promise.all([
      failure(() =>
        client({ deadlines: { connectMs: 1_000, headersMs: 100, bodyMs: 1_000, totalMs: 3_000 } }).send({
          method: 'GET',
          path: '/headers',
          retryable: false,
        }),
      ),
      failure(() =>
        client({ deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 100, totalMs: 3_000 } }).send({
          method: 'GET',
          path: '/body',
          retryable: false,
        }),
      ),
    ]);
    expect(headers.message).toBe('flexprice is unavailable: it sent no response headers in time');
    expect(body.message).toBe('flexprice is unavailable: the response body stalled');
  });

  it('the overall deadline ends a call that hangs, and is never exceeded by much', async () => {
    script = [() => undefined];
    const started = performance.now();
    const error = await failure(() =>
      client({ deadlines: { connectMs: 1_000, headersMs: 5_000, bodyMs: 5_000, totalMs: 200 } }).send({
        method: 'GET',
        path: '/',
        retryable: true,
      }),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('flexprice did not answer within 200 ms');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('the caller going away cancels the call with a classified error', async () => {
    script = [() => undefined];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client gone')), 50);
    const error = await failure(() => client().send({ method: 'GET', path: '/', retryable: true }, { signal: controller.signal }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('the request to flexprice was cancelled');
    expect(seen).toHaveLength(1);
    // Already gone: nothing is sent.
    seen = [];
    const gone = await failure(() => client().send({ method: 'GET', path: '/', retryable: true }, { signal: AbortSignal.abort() }));
    expect(gone.message).toBe('the request to flexprice was cancelled');
    expect(seen).toHaveLength(0);
  });

  it('a caller leaving during the wait before a retry is cancelled too', async () => {
    script = [answer(503, '{}', { 'retry-after': '0.5' })];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client gone')), 100);
    const error = await failure(() => client().send({ method: 'GET', path: '/', retryable: true }, { signal: controller.signal }));
    expect(error.message).toBe('the request to flexprice was cancelled');
    expect(seen).toHaveLength(1);
  });

  it('when the request slots stay taken until the deadline, the upstream is not asked', async () => {
    const slots = new Slots(1);
    const release = await slots.acquire();
    const attempts: UpstreamAttempt[] = [];
    const error = await failure(() =>
      client({ deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 150 } }).send(
        { method: 'GET', path: '/', retryable: true },
        { slots, onAttempt: (a) => attempts.push(a) },
      ),
    );
    release();
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe("flexprice was not asked: this request's other upstream calls took all 1 slots until its 150 ms deadline");
    expect(seen).toHaveLength(0);
    expect(attempts).toHaveLength(0);
    // With a free slot the call goes through and gives the slot back.
    const response = await client().send({ method: 'GET', path: '/', retryable: true }, { slots });
    expect(response.status).toBe(200);
    const again = await slots.acquire(AbortSignal.timeout(100));
    again();
  });
});

describe('codeForUpstreamStatus', () => {
  it('maps statuses to codes', () => {
    expect(
      [401, 403, 404, 429, 500, 503, 599, 408, 400, 409, 422, 499, 200, 302, 399].map((status) => [status, codeForUpstreamStatus(status)]),
    ).toEqual([
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [429, 'RATE_LIMITED'],
      [500, 'UPSTREAM_UNAVAILABLE'],
      [503, 'UPSTREAM_UNAVAILABLE'],
      [599, 'UPSTREAM_UNAVAILABLE'],
      [408, 'UPSTREAM_UNAVAILABLE'],
      [400, 'BAD_USER_INPUT'],
      [409, 'BAD_USER_INPUT'],
      [422, 'BAD_USER_INPUT'],
      [499, 'BAD_USER_INPUT'],
      [200, 'UPSTREAM_BAD_RESPONSE'],
      [302, 'UPSTREAM_BAD_RESPONSE'],
      [399, 'UPSTREAM_BAD_RESPONSE'],
    ]);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps the input order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithConcurrency([30, 10, 20, 5, 1], 2, async (ms, index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(['0:30', '1:10', '2:20', '3:5', '4:1']);
    expect(most).toBe(2);
    expect(await mapWithConcurrency([], 3, async () => 1)).toEqual([]);
  });
});

describe('UpstreamClient details', () => {
  it('a base URL with trailing slashes is joined with one', async () => {
    await client({ baseUrl: `${origin}/api/v1//` }).send({ method: 'GET', path: '/invoices', retryable: true });
    expect(seen[0]!.url).toBe('/api/v1/invoices');
  });

  it('the should-retry header can make a 400 retryable', async () => {
    script = [answer(400, '{}', { 'stripe-should-retry': 'true' }), answer(200)];
    expect((await client({ shouldRetryHeader: 'stripe-should-retry' }).send({ method: 'GET', path: '/', retryable: true })).status).toBe(
      200,
    );
    expect(seen).toHaveLength(2);
  });

  it('a Retry-After exactly at the cap is waited for', async () => {
    script = [answer(429, '{}', { 'retry-after': '0.2' }), answer(200)];
    const capped = client({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 200 } });
    expect((await capped.send({ method: 'GET', path: '/', retryable: true })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('attempt durations are the time the attempt took', async () => {
    script = [(_req, res) => setTimeout(() => answer(200)(_req, res, ''), 50)];
    const attempts: UpstreamAttempt[] = [];
    await client().send({ method: 'GET', path: '/', retryable: true }, { onAttempt: (a) => attempts.push(a) });
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(40);
    expect(attempts[0]!.durationMs).toBeLessThan(2_000);
    script = [(req) => req.socket.destroy()];
    const failed: UpstreamAttempt[] = [];
    await failure(() => client().send({ method: 'GET', path: '/', retryable: false }, { onAttempt: (a) => failed.push(a) }));
    expect(failed[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(failed[0]!.durationMs).toBeLessThan(2_000);
  });

  it('every failure names its provider in the details', async () => {
    script = [() => undefined];
    const timeout = await failure(() =>
      client({ deadlines: { connectMs: 1_000, headersMs: 5_000, bodyMs: 5_000, totalMs: 100 } }).send({
        method: 'GET',
        path: '/',
        retryable: false,
      }),
    );
    expect(timeout.details).toEqual({ provider: 'flexprice' });
    const cancelled = await failure(() => client().send({ method: 'GET', path: '/', retryable: true }, { signal: AbortSignal.abort() }));
    expect(cancelled.details).toEqual({ provider: 'flexprice' });
    const slots = new Slots(1);
    const release = await slots.acquire();
    const waited = await failure(() =>
      client({ deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 50 } }).send(
        { method: 'GET', path: '/', retryable: true },
        { slots },
      ),
    );
    release();
    expect(waited.details).toEqual({ provider: 'flexprice' });
  });
});
