/**
 * Shares one upstream read among concurrent callers that ask for the same thing with the same credential
 * (single-flight across requests). Only reads still in flight are shared: once a read settles its entry is
 * gone, so this is no cache, and each caller still authorizes what it gets back on its own.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, { read: Promise<unknown>; startedAt: number }>();
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
      joinedAt?.(pending.startedAt);
      return pending.read as Promise<T>;
    }
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { read: started, startedAt: Date.now() });
    return started;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
