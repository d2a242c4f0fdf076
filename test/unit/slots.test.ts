import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/http/concurrency.js';

describe('Slots', () => {
  it('lets `limit` holders in, then the waiters in arrival order as slots are released', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    b();
    b(); // releasing twice frees one slot only
    const releaseC = await c;
    expect(order).toEqual(['c']);
    a();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    // All free again: two more get in at once.
    await Promise.all([slots.acquire(), slots.acquire()]);
  });

  it('a waiter whose signal aborts leaves the queue with the reason, and takes no slot', async () => {
    const slots = new Slots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    held();
    const release = await next; // the slot went to the next waiter, not the aborted one
    release();
    await expect(slots.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
