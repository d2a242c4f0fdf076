/**
 * Shares one upstream read among concurrent callers that ask for the same thing with the same credential
 * (single-flight across requests). Only reads still in flight are shared: once a read settles its entry is
 * gone, so this is no cache, and each caller still authorizes what it gets back on its own.
 */
interface Flight {
  read: Promise<unknown>;
  startedAt: number;
  /** Callers that joined: known for good once the read settles (its entry is gone then). */
  joiners: number;
}

export class SingleFlight {
  private readonly inFlight = new Map<string, Flight>();
  /** Reads that joined one already in flight instead of asking the upstream (for metrics and tests). */
  joined = 0;

  /**
   * `key` must name the credential and the whole read (method, path, query or body digest). `joinedAt` is told
   * when a joined read began (ms since epoch): the answer holds data from then, which the response cache must
   * know (src/cache/cache-tags.ts readsBegan).
   */
  run<T>(key: string, read: () => Promise<T>, joinedAt?: (startedAt: number) => void): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) {
      this.joined += 1;
      pending.joiners += 1;
      joinedAt?.(pending.startedAt);
      return pending.read as Promise<T>;
    }
    const flight: Flight = { read: Promise.resolve(), startedAt: Date.now(), joiners: 0 };
    // Marked before any caller sees it, so each can tell that what it got is shared.
    const started = read()
      .then((result) => markShared(result, flight.joiners))
      .finally(() => this.inFlight.delete(key));
    flight.read = started;
    this.inFlight.set(key, flight);
    return started;
  }

  get size(): number {
    return this.inFlight.size;
  }
}

/** Answers that more than one caller received: what is made of them for one caller may be made once for all. */
const sharedAnswers = new WeakSet<object>();

function markShared<T>(result: T, joiners: number): T {
  if (joiners > 0 && typeof result === 'object' && result !== null) sharedAnswers.add(result);
  return result;
}

/** True for an answer that single flight handed to more than one caller. */
export function isSharedAnswer(result: object): boolean {
  return sharedAnswers.has(result);
}
