import { budgetSpent } from './rate-limited.js';

interface Line {
  running: number;
  waiting: Array<() => void>;
}

/**
 * A cap on one principal's requests executing at once: a flood waits behind its own requests, in arrival
 * order, and past `maxWaiting` (or its deadline) is refused with RATE_LIMITED. Other principals never wait here.
 */
export class PrincipalTurns {
  private readonly lines = new Map<string, Line>();

  constructor(
    readonly inFlight: number,
    readonly maxWaiting: number,
  ) {}

  /** Resolves with a release once the principal may run another request. */
  async take(principal: string, waitMs: number): Promise<() => void> {
    const line = this.lines.get(principal) ?? { running: 0, waiting: [] };
    this.lines.set(principal, line);
    if (line.running < this.inFlight) {
      line.running += 1;
      return this.releaser(principal, line);
    }
    if (line.waiting.length >= this.maxWaiting) throw budgetSpent("caller's in-flight", 1_000);
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = line.waiting.indexOf(grant);
        if (index >= 0) line.waiting.splice(index, 1);
        reject(budgetSpent("caller's in-flight", 1_000));
      }, waitMs);
      line.waiting.push(grant);
    });
    return this.releaser(principal, line);
  }

  /** Requests of `principal` executing now (for tests). */
  running(principal: string): number {
    return this.lines.get(principal)?.running ?? 0;
  }

  private releaser(principal: string, line: Line): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = line.waiting.shift();
      // The turn passes straight to the next waiter; the running count stays.
      if (next) return next();
      line.running -= 1;
      if (line.running === 0) this.lines.delete(principal);
    };
  }
}
