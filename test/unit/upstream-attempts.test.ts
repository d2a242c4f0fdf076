import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient, type UpstreamAttempt } from '../../src/http/client.js';
import { Slots } from '../../src/http/concurrency.js';
import type { UpstreamGate } from '../../src/http/gate.js';
import { listen, type Listening } from '../helpers/listen.js';

/**
 * What each attempt reports (the request log and the upstream-attempt spans read it): the retry reason is the
 * previous attempt's outcome, and the time spent waiting for a slot is measured before the attempt is sent.
 */
describe('UpstreamClient attempt reports', () => {
  let upstream: Listening;
  let baseUrl: string;
  let answers: (number | 'reset')[] = [];
  beforeAll(async () => {
    upstream = await listen((_req, res) => {
      const next = answers.shift() ?? 200;
      if (next === 'reset') return res.socket?.destroy();
      res.writeHead(next, { 'content-type': 'application/json' }).end('{}');
    });
    baseUrl = upstream.origin;
  });
  afterAll(() => upstream.close());

  const client = () =>
    new UpstreamClient({
      provider: 'stripe',
      baseUrl,
      deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 5_000 },
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 },
    });

  it('names the previous outcome as the retry reason of each retry', async () => {
    answers = [500, 'reset', 503, 200];
    const attempts: UpstreamAttempt[] = [];
    const upstream = client();
    const response = await upstream.send({ method: 'GET', path: '/v1/invoices', retryable: true }, { onAttempt: (a) => attempts.push(a) });
    await upstream.close();
    expect(response.status).toBe(200);
    expect(attempts.map((a) => [a.attempt, a.status, a.retryReason])).toEqual([
      [1, 500, undefined],
      [2, null, 'status 500'],
      [3, 503, 'stripe is unavailable: the connection was reset'],
      [4, 200, 'status 503'],
    ]);
    for (const a of attempts) expect(a.slotWaitMs).toBeUndefined(); // no slots, no wait
    for (const a of attempts) expect(a.budgetWaitMs).toBeUndefined(); // no gate, no wait
  });

  it('measures the wait for a slot held by another call of the request', async () => {
    answers = [];
    const slots = new Slots(1);
    const release = await slots.acquire(new AbortController().signal);
    setTimeout(() => release?.(), 150);
    const attempts: UpstreamAttempt[] = [];
    const upstream = client();
    await upstream.send({ method: 'GET', path: '/v1/invoices', retryable: true }, { slots, onAttempt: (a) => attempts.push(a) });
    await upstream.close();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.slotWaitMs).toBeGreaterThanOrEqual(140);
    expect(attempts[0]!.durationMs).toBeLessThan(attempts[0]!.slotWaitMs!);
  });

  it('measures the wait at the budget gate, per attempt, apart from the attempt itself', async () => {
    answers = [500, 200];
    const waits = [120, 0];
    const gate: UpstreamGate = {
      beforeAttempt: async () => {
        await new Promise((resolve) => setTimeout(resolve, waits.shift()));
        return () => {};
      },
      afterAnswer: () => {},
    };
    const attempts: UpstreamAttempt[] = [];
    const upstream = client();
    await upstream.send({ method: 'GET', path: '/v1/invoices', retryable: true }, { gate, onAttempt: (a) => attempts.push(a) });
    await upstream.close();
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(attempts[0]!.budgetWaitMs).toBeGreaterThanOrEqual(110);
    expect(attempts[0]!.durationMs).toBeLessThan(attempts[0]!.budgetWaitMs!);
    expect(attempts[1]!.budgetWaitMs).toBeLessThan(100);
  });
});
