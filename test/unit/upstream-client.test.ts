import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../../src/http/client.js';
import { listen, type Listening } from '../helpers/listen.js';

/** A real loopback upstream that answers every request with `status` and a should-retry header. */
describe('UpstreamClient retry override header', () => {
  let upstream: Listening;
  let baseUrl: string;
  let hits = 0;
  let status = 200;
  beforeAll(async () => {
    upstream = await listen((_req, res) => {
      hits += 1;
      res.writeHead(status, { 'content-type': 'application/json', 'stripe-should-retry': 'true' });
      res.end('{}');
    });
    baseUrl = `${upstream.origin}/v1`;
  });
  afterAll(() => upstream.close());

  const client = () =>
    new UpstreamClient({
      provider: 'stripe',
      baseUrl,
      deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 3_000 },
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 },
      shouldRetryHeader: 'stripe-should-retry',
    });

  it('never retries a success, whatever the header says', async () => {
    hits = 0;
    status = 200;
    const upstream = client();
    const response = await upstream.send({ method: 'GET', path: '/invoices', retryable: true });
    await upstream.close();
    expect(response.status).toBe(200);
    expect(hits).toBe(1);
  });

  it('retries an error the header marks retryable (409 lock timeout)', async () => {
    hits = 0;
    status = 409;
    const upstream = client();
    const response = await upstream.send({ method: 'GET', path: '/invoices', retryable: true });
    await upstream.close();
    expect(response.status).toBe(409);
    expect(hits).toBe(3);
  });
});
