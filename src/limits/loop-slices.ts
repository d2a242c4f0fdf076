/**
 * Time slices of the event loop for resolver work (issue 14: big pages must not stall others). Resolving a
 * 100-invoice page with its lines is thousands of small steps that run back to back in one turn of the loop,
 * several requests' pieces in a row, while timers and other sockets wait behind all of them. Resolvers that
 * start a big piece (an invoice's lines, a page) pass through here: the first piece of a turn goes on at once,
 * later ones are let go one at a time, each after the previous one's synchronous work (its promise jobs) is
 * done, and once a turn has run `sliceMs` the rest wait for the next turn, so timers and I/O run in between.
 */
export class LoopSlices {
  private readonly waiting: (() => void)[] = [];
  /** Whether a piece already went on in this turn (reset after the turn). */
  private turnTaken = false;
  /** Whether a setImmediate will let the waiting pieces go. */
  private scheduled = false;

  constructor(private readonly sliceMs: number) {}

  /** Resolves when the caller may run its next piece of work. */
  pass(): Promise<void> {
    if (!this.turnTaken && this.waiting.length === 0) {
      this.turnTaken = true;
      setImmediate(() => (this.turnTaken = false));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.release(performance.now());
    });
  }

  /** Lets one piece go; after its promise jobs have all run (a tick queued from a job runs after them), the next. */
  private release(turnStart: number): void {
    const next = this.waiting.shift();
    if (!next) return;
    next();
    queueMicrotask(() =>
      process.nextTick(() => {
        if (performance.now() - turnStart < this.sliceMs) this.release(turnStart);
        else if (this.waiting.length > 0) this.schedule();
      }),
    );
  }
}

/** The event loop is one per process: so are its slices. 5 ms keeps a loop delay p99 well under 50 ms. */
export const loopSlices = new LoopSlices(5);
