import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResilienceSettings } from '../../src/config/resilience.js';
import { BillingError, UpstreamCircuitOpenError } from '../../src/domain/errors.js';
import { UpstreamGuards } from '../../src/http/breaker.js';
import { UpstreamClient, type UpstreamRequest } from '../../src/http/client.js';
import { answer, reset, ScriptedUpstream } from '../helpers/scripted-upstream.js';

/**
 * The breaker of one upstream (src/http/breaker.ts), driven through UpstreamClient against a real loopback
 * upstream. Only Date is faked (the breaker's and cockatiel's clock), so the cool-down passes without waiting.
 */
const T0 = 1_800_000_000_000;
const settings: ResilienceSettings = {
  // Half the attempts failing, once 4 attempts are in the 10 s window, opens it for 2 s.
  breaker: { failurePercent: 50, windowMs: 10_000, minAttempts: 4, cooldownMs: 2_000 },
  retryBudget: { percent: 0, minPerSecond: 0 },
  heavyOperations: { minCost: 1, concurrent: 1 },
};
const read: UpstreamRequest = { method: 'GET', path: '/invoices', headers: { authorization: 'Bearer key_A' }, retryable: false };

const upstream = new ScriptedUpstream();
let client: UpstreamClient;
let guards: UpstreamGuards;
let changes: string[];

beforeAll(async () => {
  await upstream.start();
  client = new UpstreamClient({
    provider: 'flexprice',
    baseUrl: `${upstream.origin}/api/v1`,
    deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 3_000 },
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 },
    maxBodyBytes: 64,
  });
});
afterAll(async () => {
  await client.close();
  await upstream.stop();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  changes = [];
  guards = new UpstreamGuards(settings, (guard, state) => changes.push(`${guard.provider} ${state}`));
});
afterEach(() => {
  vi.useRealTimers();
});

const send = (request: UpstreamRequest = read, signal?: AbortSignal) => client.send(request, { guards, signal });
const status = () => guards.statuses()[0]!;

async function failure(run: () => Promise<unknown>): Promise<BillingError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error('expected a BillingError, the call succeeded');
}

async function failTimes(n: number, statusCode = 503): Promise<void> {
  upstream.play(answer(statusCode));
  for (let i = 0; i < n; i++) expect((await send()).status).toBe(statusCode);
}

async function expectFailsFast(retryAfter: number): Promise<void> {
  const asked = upstream.seen.length;
  const error = await failure(() => send());
  expect(error).toBeInstanceOf(UpstreamCircuitOpenError);
  expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(error.message).toBe('flexprice is failing: billgraph stopped asking it for a moment');
  expect(error.details).toMatchObject({ provider: 'flexprice', retryAfter });
  expect(upstream.seen.length).toBe(asked);
}

describe('the breaker of an upstream', () => {
  it('opens once the window holds enough attempts and half of them failed; then fails fast without asking the upstream', async () => {
    await failTimes(3, 500);
    expect(status()).toEqual({
      provider: 'flexprice',
      credential: expect.stringMatching(/^[\w-]{22}$/),
      state: 'closed',
      retryAfter: 0,
      retriesDenied: 0,
    });
    expect(changes).toEqual([]);
    await failTimes(1, 500);
    expect(changes).toEqual(['flexprice open']);
    expect(status()).toMatchObject({ state: 'open', retryAfter: 2 });
    await expectFailsFast(2);
    vi.setSystemTime(T0 + 1_500);
    expect(status().retryAfter).toBe(1);
    await expectFailsFast(1);
  });

  it('after the cool-down one probe goes; its success closes the breaker', async () => {
    await failTimes(4);
    vi.setSystemTime(T0 + 2_000);
    expect(status()).toMatchObject({ state: 'open', retryAfter: 0 });
    upstream.play(answer(200, '{"ok":true}'));
    expect(await send()).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(upstream.seen).toHaveLength(1);
    expect(changes).toEqual(['flexprice open', 'flexprice closed']);
    expect(status()).toMatchObject({ state: 'closed', retryAfter: 0 });
    expect((await send()).status).toBe(200);
  });

  it('while the probe is out, other callers fail fast; a failed probe reopens it for another cool-down, silently', async () => {
    await failTimes(4);
    vi.setSystemTime(T0 + 2_000);
    upstream.play(upstream.hold);
    const probe = send();
    await upstream.waitForRequests(1);
    expect(status()).toMatchObject({ state: 'half-open', retryAfter: 0 });
    await expectFailsFast(1);
    // Even asked directly, the guard lets no second attempt through while the probe is out.
    const guard = guards.for('flexprice', read.headers);
    await expect(
      guard.run(
        () => client.send(read),
        () => true,
      ),
    ).rejects.toBeInstanceOf(UpstreamCircuitOpenError);
    expect(upstream.seen).toHaveLength(1);
    vi.setSystemTime(T0 + 2_500);
    upstream.release(503);
    expect((await probe).status).toBe(503);
    expect(status()).toMatchObject({ state: 'open', retryAfter: 2 });
    expect(changes).toEqual(['flexprice open']);
    await expectFailsFast(2);
    vi.setSystemTime(T0 + 4_500);
    upstream.play(answer(200));
    expect((await send()).status).toBe(200);
    expect(changes).toEqual(['flexprice open', 'flexprice closed']);
  });

  it('asked directly while open, the guard refuses with the same error', async () => {
    await failTimes(4);
    const guard = guards.for('flexprice', read.headers);
    const error = await failure(() =>
      guard.run(
        () => client.send(read),
        () => true,
      ),
    );
    expect(error).toBeInstanceOf(UpstreamCircuitOpenError);
    expect(error.details).toMatchObject({ provider: 'flexprice', retryAfter: 2 });
    expect(upstream.seen).toHaveLength(4);
  });

  it('408 and connection failures count against the upstream', async () => {
    await failTimes(4, 408);
    expect(status().state).toBe('open');
    guards = new UpstreamGuards(settings);
    upstream.play(reset);
    for (let i = 0; i < 4; i++) expect((await failure(() => send())).message).toBe('flexprice is unavailable: the connection was reset');
    expect(status().state).toBe('open');
  });

  it('4xx answers, answers too big to read and callers who went away do not', async () => {
    await failTimes(8, 404);
    expect(status().state).toBe('closed');
    upstream.play(answer(200, JSON.stringify({ padding: 'x'.repeat(100) })));
    for (let i = 0; i < 8; i++) expect((await failure(() => send())).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(status().state).toBe('closed');
    upstream.play(upstream.hold);
    for (let i = 0; i < 8; i++) {
      const controller = new AbortController();
      const pending = send(read, controller.signal);
      await upstream.waitForRequests(i + 1);
      controller.abort(new Error('client went away'));
      expect((await failure(() => pending)).message).toBe('the request to flexprice was cancelled');
    }
    upstream.release(200);
    expect(status().state).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('a failure rate of 0 % means no breaker: every attempt reaches the upstream', async () => {
    guards = new UpstreamGuards({ ...settings, breaker: { ...settings.breaker, failurePercent: 0 } });
    await failTimes(12);
    expect(upstream.seen).toHaveLength(12);
    expect(guards.statuses()).toEqual([
      { provider: 'flexprice', credential: expect.stringMatching(/^[\w-]{22}$/), state: 'closed', retryAfter: 0, retriesDenied: 0 },
    ]);
  });

  it('one upstream credential failing does not open the breaker of another', async () => {
    await failTimes(4);
    upstream.play(answer(200));
    expect((await send({ ...read, headers: { authorization: 'Bearer key_B' } })).status).toBe(200);
    expect(guards.statuses().map((s) => s.state)).toEqual(['open', 'closed']);
  });
});

describe('UpstreamGuards keys', () => {
  it('the credential shown is a digest of the key alone, the same whichever provider uses it', () => {
    const headers = { authorization: 'Bearer key_A' };
    const stripe = guards.for('stripe', headers).credential;
    expect(stripe).toMatch(/^[\w-]{22}$/);
    expect(guards.for('flexprice', headers).credential).toBe(stripe);
    expect(guards.for('flexprice', headers)).not.toBe(guards.for('stripe', headers));
  });

  it('every credential header counts, kept apart; none at all is one credential', () => {
    const a = guards.for('cloudflare', { 'x-auth-email': 'ops@example.com', 'x-auth-key': 'k' });
    expect(guards.for('cloudflare', { 'x-auth-email': 'ops@example.comk' })).not.toBe(a);
    expect(guards.for('cloudflare', { 'x-auth-email': 'ops@example.com', 'x-auth-key': 'k', accept: 'json' })).toBe(a);
    expect(guards.for('cloudflare', { authorization: 'ab' })).not.toBe(guards.for('cloudflare', { authorization: 'a', 'x-api-key': 'b' }));
    expect(guards.for('cloudflare', undefined)).toBe(guards.for('cloudflare', {}));
    expect(guards.for('cloudflare', { 'x-api-key': '' })).toBe(guards.for('cloudflare', {}));
  });

  it('keeps at most 1,000 guards, dropping the least recently used', () => {
    const key = (i: number) => ({ 'x-api-key': `key_${i}` });
    const first = guards.for('flexprice', key(0));
    const second = guards.for('flexprice', key(1));
    for (let i = 2; i < 1_000; i++) guards.for('flexprice', key(i));
    expect(guards.statuses()).toHaveLength(1_000);
    // Used again, the first becomes the most recent: the second is dropped in its place.
    expect(guards.for('flexprice', key(0))).toBe(first);
    guards.for('flexprice', key(1_000));
    expect(guards.statuses()).toHaveLength(1_000);
    expect(guards.for('flexprice', key(0))).toBe(first);
    expect(guards.for('flexprice', key(1))).not.toBe(second);
  });
});
