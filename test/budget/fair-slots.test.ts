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
