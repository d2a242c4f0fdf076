import { describe, expect, it } from 'vitest';
import { FairSlots } from '../../src/http/fair-slots.js';

describe('upstream slots shared fairly between principals', () => {
  it("a flooding principal's requests queue behind each other; another principal gets the next free slot", async () => {
    const slots = new FairSlots(2);
    const order: string[] = [];
    const held = [await slots.acquire('flood'), await slots.acquire('flood')];
    const waits = [
      ...Array.from({ length: 5 }, (_, i) => slots.acquire('flood').then((release) => (order.push(`flood${i}`), release))),
      slots.acquire('quiet').then((release) => (order.push('quiet'), release)),
    ];
    expect(slots.waiting).toBe(6);
    held[0]!();
    held[1]!();
    await new Promise((r) => setImmediate(r));
    // Round robin: the first free slot to flood's oldest waiter, the second to quiet, not to flood's second.
    expect(order).toEqual(['flood0', 'quiet']);
    for (const release of await Promise.all(waits.slice(0, 1).concat(waits.slice(5)))) release();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['flood0', 'quiet', 'flood1', 'flood2']);
  });

  it('a waiter whose request is cancelled leaves the queue and its slot goes to the next', async () => {
    const slots = new FairSlots(1);
    const release = await slots.acquire('a');
    const controller = new AbortController();
    const cancelled = slots.acquire('a', controller.signal);
    const next = slots.acquire('b');
    controller.abort(new Error('client went away'));
    await expect(cancelled).rejects.toThrow('client went away');
    release();
    await expect(next).resolves.toBeTypeOf('function');
  });
});

describe('FairSlots bookkeeping', () => {
  const tick = () => new Promise((r) => setImmediate(r));
  /** A promise's state without waiting for it. */
  function track<T>(promise: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
    const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
    promise.then(
      (value) => Object.assign(state, { settled: true, value }),
      (error: unknown) => Object.assign(state, { settled: true, error }),
    );
    return state;
  }

  it('a released slot is free again; releasing twice frees it once', async () => {
    const slots = new FairSlots(1);
    const first = await slots.acquire('a');
    first();
    const second = await slots.acquire('a');
    first();
    const third = track(slots.acquire('b'));
    await tick();
    expect(third.settled).toBe(false);
    second();
    await tick();
    expect(third.settled).toBe(true);
  });

  it('a caller already gone gets no slot, even when one is free', async () => {
    const slots = new FairSlots(1);
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(slots.acquire('a', controller.signal)).rejects.toThrow('client went away');
    const release = track(slots.acquire('b'));
    await tick();
    expect(release.settled).toBe(true);
  });

  it("cancelling one of a principal's waiters leaves its others queued, whatever their place", async () => {
    const slots = new FairSlots(1);
    const held = await slots.acquire('a');
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const waiters = controllers.map((c) => track(slots.acquire('a', c.signal)));
    controllers[1]!.abort(new Error('second went away'));
    await tick();
    expect(waiters[1]!.error).toEqual(new Error('second went away'));
    expect(slots.waiting).toBe(2);
    held();
    await tick();
    expect(waiters[0]!.settled).toBe(true);
    (waiters[0]!.value as () => void)();
    await tick();
    expect(waiters[2]!.settled).toBe(true);
    expect(slots.waiting).toBe(0);
  });

  it('a waiter cancelled after it was granted keeps its slot and takes no one else out of the queue', async () => {
    const slots = new FairSlots(1);
    const held = await slots.acquire('a');
    const controller = new AbortController();
    const granted = track(slots.acquire('a', controller.signal));
    const next = track(slots.acquire('a'));
    held();
    await tick();
    expect(granted.settled).toBe(true);
    controller.abort(new Error('too late'));
    await tick();
    expect(granted.error).toBeUndefined();
    expect(slots.waiting).toBe(1);
    (granted.value as () => void)();
    await tick();
    expect(next.settled).toBe(true);
    // Granted as the last of its principal's queue, then cancelled: nothing to remove, nothing thrown.
    const last = new AbortController();
    const lastGrant = track(slots.acquire('c', last.signal));
    (next.value as () => void)();
    await tick();
    expect(lastGrant.settled).toBe(true);
    last.abort(new Error('too late'));
    await tick();
    expect(slots.waiting).toBe(0);
  });
});
