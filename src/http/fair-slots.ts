/**
 * Upstream attempts in flight for the whole process, handed out fairly: when all are busy, waiters queue per
 * principal and the next free slot goes to the principal after the last one served (round robin). A tenant
 * that floods queues behind its own requests; another tenant's single request waits for one slot at most.
 */
export class FairSlots {
  private free: number;
  /** Waiting grants per principal, in arrival order; the Map's order is the round-robin order. */
  private readonly queues = new Map<string, Array<{ grant: () => void }>>();

  constructor(readonly limit: number) {
    this.free = limit;
  }

  acquire(principal: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = { grant: () => resolve(this.releaser()) };
      const queue = this.queues.get(principal) ?? [];
      queue.push(waiter);
      this.queues.set(principal, queue);
      signal?.addEventListener(
        'abort',
        () => {
          if (this.remove(principal, waiter)) reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Principals with requests waiting (for metrics and tests). */
  get waiting(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  private remove(principal: string, waiter: { grant: () => void }): boolean {
    const queue = this.queues.get(principal);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return false;
    queue.splice(index, 1);
    if (queue.length === 0) this.queues.delete(principal);
    return true;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queues.entries().next();
      if (next.done) {
        this.free += 1;
        return;
      }
      const [principal, queue] = next.value;
      const waiter = queue.shift()!;
      // The served principal goes to the back of the round.
      this.queues.delete(principal);
      if (queue.length > 0) this.queues.set(principal, queue);
      waiter.grant();
    };
  }
}
