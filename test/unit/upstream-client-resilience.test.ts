import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamGates } from '../../src/budget/upstream-gate.js';
import { budgetSettings } from '../../src/config.js';
import type { ResilienceSettings } from '../../src/config/resilience.js';
import { BillingError } from '../../src/domain/errors.js';
import { UpstreamGuards } from '../../src/http/breaker.js';
import { UpstreamClient, type UpstreamAttempt, type UpstreamClientOptions, type UpstreamRequest } from '../../src/http/client.js';
import { Slots } from '../../src/http/concurrency.js';
import { FairSlots } from '../../src/http/fair-slots.js';
import { answer, reset, ScriptedUpstream } from '../helpers/scripted-upstream.js';

/**
 * UpstreamClient with what stands around each attempt: the retry budget, the gate (call cap, fair slot,
 * credential budget), the request's slots, its pool, and a caller who goes away. Against a real loopback
 * upstream that plays a script.
 */
const upstream = new ScriptedUpstream();
const clients: UpstreamClient[] = [];
const read: UpstreamRequest = { method: 'GET', path: '/invoices', headers: { authorization: 'Bearer key_A' }, retryable: true };

function client(overrides: Partial<UpstreamClientOptions> = {}, closedByTest = false): UpstreamClient {
  const made = new UpstreamClient({
    provider: 'flexprice',
    baseUrl: `${upstream.origin}/api/v1`,
    deadlines: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, totalMs: 3_000 },
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 },
    ...overrides,
  });
  if (!closedByTest) clients.push(made);
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

/** Whether `promise` settles within a few hundred turns of the event loop (no timers involved). */
async function settlesPromptly(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 500 && !settled; i++) await new Promise((r) => setImmediate(r));
  return settled;
}

beforeAll(() => upstream.start());
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await upstream.stop();
});
beforeEach(() => upstream.play(answer(200)));

describe('retries are limited by the retry budget', () => {
  // No breaker; each first attempt earns half a retry, and there is no floor.
  const settings: ResilienceSettings = {
    breaker: { failurePercent: 0, windowMs: 10_000, minAttempts: 4, cooldownMs: 1_000 },
    retryBudget: { percent: 50, minPerSecond: 0 },
    heavyOperations: { minCost: 1, concurrent: 1 },
  };

  it('an upstream that keeps failing gets one retry per two calls, not three per call', async () => {
    const c = client();
    const guards = new UpstreamGuards(settings);
    upstream.play(answer(503));
    const attempts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = upstream.seen.length;
      const response = await c.send(read, { guards });
      expect(response.status).toBe(503);
      expect(response.attempts).toBe(upstream.seen.length - before);
      attempts.push(response.attempts);
    }
    expect(attempts).toEqual([1, 2, 1, 2]);
    expect(guards.statuses()[0]!.retriesDenied).toBe(4);
  });

  it('connection failures are retried within the same budget', async () => {
    const c = client();
    const guards = new UpstreamGuards(settings);
    upstream.play(reset);
    const attempts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const seen: UpstreamAttempt[] = [];
      const error = await failure(() => c.send(read, { guards, onAttempt: (a) => seen.push(a) }));
      expect(error.message).toBe('flexprice is unavailable: the connection was reset');
      attempts.push(seen.length);
    }
    expect(attempts).toEqual([1, 2, 1, 2]);
    expect(upstream.seen).toHaveLength(6);
  });

  it('takeRetry asks the same budget (none configured: always yes)', () => {
    const c = client();
    expect(c.takeRetry(read, {})).toBe(true);
    const guards = new UpstreamGuards({ ...settings, retryBudget: { percent: 0, minPerSecond: 1 } });
    // A floor of 1 per second over a 10 s window: ten retries, then no more.
    const granted = Array.from({ length: 12 }, () => c.takeRetry(read, { guards }));
    expect(granted.filter(Boolean)).toHaveLength(10);
    expect(granted.slice(10)).toEqual([false, false]);
    // Another credential has its own budget.
    expect(c.takeRetry({ ...read, headers: { authorization: 'Bearer key_B' } }, { guards })).toBe(true);
  });
});

describe('the gate before each attempt', () => {
  const gates = (fairSlots = new FairSlots(1)) =>
    new UpstreamGates({ redis: null, keyPrefix: 't:', instances: 1 }, budgetSettings({}), fairSlots);

  it('a refused call is never sent and is no attempt; its slots are given back', async () => {
    const c = client();
    const g = gates();
    const allowance = { cap: 1, calls: 0 };
    const gate = g.gate('flexprice', 'key_A', 'principal-1', allowance);
    const slots = new Slots(1);
    const attempts: UpstreamAttempt[] = [];
    expect((await c.send(read, { gate, slots, onAttempt: (a) => attempts.push(a) })).status).toBe(200);
    // The fair slot of the first call was released after its attempt: a second call gets it at once.
    expect((await c.send(read, { gate: g.gate('flexprice', 'key_A', 'principal-2', { cap: 1, calls: 0 }) })).status).toBe(200);
    expect(upstream.seen).toHaveLength(2);
    for (const call of [{ gate, slots, onAttempt: (a: UpstreamAttempt) => attempts.push(a) }, { gate }]) {
      const error = await failure(() => c.send(read, call));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('reached its cap of 1 upstream calls');
    }
    expect(upstream.seen).toHaveLength(2);
    expect(attempts).toHaveLength(1);
    expect(await settlesPromptly(slots.acquire())).toBe(true);
  });

  it("the upstream's 429 is heeded: nothing more goes with that credential until its Retry-After", async () => {
    const c = client({ retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 } });
    const g = gates(new FairSlots(4));
    upstream.play(answer(429, '{}', { 'retry-after': '20' }));
    expect((await c.send(read, { gate: g.gate('flexprice', 'key_A', 'p', { cap: 9, calls: 0 }) })).status).toBe(429);
    const error = await failure(() => c.send(read, { gate: g.gate('flexprice', 'key_A', 'q', { cap: 9, calls: 0 }) }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 20 } });
    expect(upstream.seen).toHaveLength(1);
  });

  it('a caller who goes away while waiting for a fair slot gets a classified error, and nothing is sent', async () => {
    const c = client();
    const fair = new FairSlots(1);
    const held = await fair.acquire('someone-else');
    const controller = new AbortController();
    const pending = c.send(read, { gate: gates(fair).gate('flexprice', 'key_A', 'p', { cap: 9, calls: 0 }), signal: controller.signal });
    controller.abort(new Error('client went away'));
    expect((await failure(() => pending)).message).toBe('the request to flexprice was cancelled');
    held();
    expect(upstream.seen).toHaveLength(0);
  });
});

describe('the pool, the body limit and the caller', () => {
  it('keeps at most `connections` requests in flight to the origin', async () => {
    const c = client({ connections: 1 });
    upstream.play(upstream.hold);
    const first = c.send(read);
    const second = c.send(read);
    await upstream.waitForRequests(1);
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    expect(upstream.seen).toHaveLength(1);
    upstream.release(200);
    await upstream.waitForRequests(2);
    upstream.release(200);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  it('reads a large answer whole under the default limit of 16 MiB', async () => {
    const body = JSON.stringify({ data: 'x'.repeat(1_000_000) });
    upstream.play(answer(200, body));
    const response = await client().send(read);
    expect(response.body).toBe(body);
  });

  it('a caller who goes away ends the attempt at once, without waiting for the deadline', async () => {
    const c = client();
    upstream.play(upstream.hold);
    const controller = new AbortController();
    const pending = c.send(read, { signal: controller.signal });
    await upstream.waitForRequests(1);
    controller.abort(new Error('client went away'));
    expect(await settlesPromptly(pending)).toBe(true);
    expect((await failure(() => pending)).message).toBe('the request to flexprice was cancelled');
    expect(upstream.seen).toHaveLength(1);
    upstream.release(200);
  });

  it('reports how long each attempt waited for a slot of its request', async () => {
    const c = client();
    const slots = new Slots(1);
    const attempts: UpstreamAttempt[] = [];
    const started = performance.now();
    await c.send(read, { slots, onAttempt: (a) => attempts.push(a) });
    const elapsed = performance.now() - started;
    expect(attempts[0]!.slotWaitMs).toBeGreaterThanOrEqual(0);
    expect(attempts[0]!.slotWaitMs).toBeLessThanOrEqual(elapsed);
    await c.send(read, { onAttempt: (a) => attempts.push(a) });
    expect(attempts[1]!.slotWaitMs).toBeUndefined();
  });

  it('a closed client sends nothing more', async () => {
    const c = client({}, true);
    expect((await c.send(read)).status).toBe(200);
    await c.close();
    const error = await failure(() => c.send({ ...read, retryable: false }));
    expect(error.message).toBe('flexprice is unavailable: the connection failed');
    expect(upstream.seen).toHaveLength(1);
  });
});
