import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The responses this server is still writing, so a drain can tell busy connections from idle ones
 * (docs/ARCHITECTURE.md section 11): once closing, every response not yet started says `Connection: close`
 * (its client reconnects elsewhere), open event streams are ended cleanly, and a connection that goes idle
 * is closed at once.
 */
export class InFlight {
  private readonly responses = new Set<ServerResponse>();
  /** Responses whose client asked for an event stream (Yoga writes its headers raw: getHeader cannot tell). */
  private readonly streams = new WeakSet<ServerResponse>();
  private closing = false;
  private readonly waiters: (() => void)[] = [];
  /** Woken whenever any response finishes. */
  private readonly onFinish: (() => void)[] = [];

  constructor(private readonly server: Server) {}

  /** Wraps the server's request handler. */
  track(handler: Handler): Handler {
    return (req, res) => {
      this.responses.add(res);
      if (String(req.headers.accept ?? '').includes('text/event-stream')) this.streams.add(res);
      res.once('close', () => this.finished(res));
      if (this.closing) res.setHeader('connection', 'close');
      handler(req, res);
    };
  }

  get size(): number {
    return this.responses.size;
  }

  /** Stop keeping connections alive: called when the listener closes. */
  closeConnections(): void {
    this.closing = true;
    for (const res of this.responses) {
      if (!res.headersSent) res.setHeader('connection', 'close');
      else if (this.streams.has(res) || isEventStream(res)) endEventStream(res);
    }
    this.server.closeIdleConnections();
  }

  /** Resolves when no event stream is in flight any more (the drain ends subscriptions, then waits for this). */
  async streamsEnded(): Promise<void> {
    while ([...this.responses].some((res) => this.streams.has(res) || isEventStream(res))) {
      await new Promise<void>((resolve) => this.onFinish.push(resolve));
    }
  }

  /** Resolves when no response is in flight. */
  idle(): Promise<void> {
    if (this.responses.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private finished(res: ServerResponse): void {
    this.responses.delete(res);
    // A keep-alive connection whose last response just ended is idle now: close it rather than wait.
    if (this.closing) this.server.closeIdleConnections();
    for (const wake of this.onFinish.splice(0)) wake();
    if (this.responses.size === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }
}

function isEventStream(res: ServerResponse): boolean {
  return String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
}

/**
 * Ends a Server-Sent Events response with a clean end of stream (not a reset): the subscription's client
 * reconnects, through the load balancer, to an instance that is not draining. Writes the server may still
 * try after the end are dropped, not thrown.
 */
function endEventStream(res: ServerResponse): void {
  res.on('error', () => {});
  res.shouldKeepAlive = false; // the socket is ended after the last chunk, never destroyed under it
  res.end(': billgraph is restarting; reconnect\n\n');
}
