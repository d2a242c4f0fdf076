import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LifecycleSettings } from '../config.js';
import type { InFlight } from './in-flight.js';
import type { Readiness } from './readiness.js';

export interface DrainOptions {
  server: Server;
  inFlight: InFlight;
  readiness: Readiness;
  settings: LifecycleSettings;
  /** Everything else the process holds (app, sandbox, metrics server), closed once no request is in flight. */
  cleanup: () => Promise<void>;
  /** Flushes logs and traces: the last step before exit. */
  flush: () => Promise<void>;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** Ends open subscriptions with a GraphQL `complete`; resolves once they have ended. */
  endStreams?: () => Promise<void>;
}

/** What flushing and closing may take once requests are done, before the process exits anyway. */
const CLEANUP_TIMEOUT_MS = 5_000;
/** What ending the open subscriptions may take before their connections are closed anyway. */
const STREAM_END_MS = 1_000;

/**
 * The graceful stop (docs/ARCHITECTURE.md section 11): readiness turns 503 at once while everything is
 * still served for `drainDelayMs` (load balancers take it out of rotation), then the listener closes, idle
 * keep-alive connections close, busy ones answer with `Connection: close`, and in-flight requests get up to
 * `shutdownGraceMs` to finish. Resolves with the exit code: 0 when nothing was cut.
 */
export async function drain({ server, inFlight, readiness, settings, cleanup, flush, log, endStreams }: DrainOptions): Promise<number> {
  readiness.startDraining();
  log('draining: /readyz answers 503', { drainDelayMs: settings.drainDelayMs, inFlight: inFlight.size });
  if (settings.drainDelayMs > 0) await sleep(settings.drainDelayMs, undefined, { ref: true });

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Subscribers get `complete` now and reconnect, reaching an instance still in rotation; a stream still
  // open after that is ended raw by closeConnections.
  if (endStreams)
    await withTimeout(
      endStreams().then(() => inFlight.streamsEnded()),
      STREAM_END_MS,
    );
  inFlight.closeConnections();
  log('listener closed; finishing requests in flight', { inFlight: inFlight.size, shutdownGraceMs: settings.shutdownGraceMs });
  const grace = new AbortController();
  const finished = await Promise.race([
    inFlight.idle().then(() => true),
    sleep(settings.shutdownGraceMs, false, { signal: grace.signal }).catch(() => false),
  ]);
  grace.abort();
  let code = 0;
  if (!finished) {
    log('grace period over: cutting the requests still in flight', { inFlight: inFlight.size });
    server.closeAllConnections();
    code = 1;
  }
  await withTimeout(closed, 1_000);
  await withTimeout(cleanup(), CLEANUP_TIMEOUT_MS);
  log('stopped', { code });
  await withTimeout(flush(), CLEANUP_TIMEOUT_MS);
  return code;
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([work.catch(() => {}), sleep(ms, undefined, { signal: timer.signal }).catch(() => {})]);
  timer.abort();
}
