import { Repeater } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import type { Target } from '../auth/authorize.js';
import { UnsupportedError } from '../domain/errors.js';
import type { Invoice, ProviderName } from '../domain/invoice.js';
import type { Loaders } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { BillingEvent } from './billing-event.js';
import type { CloudflarePoller } from './cloudflare-poller.js';
import type { EventBus } from './event-bus.js';
import type { OpenStreams } from './open-streams.js';

/** The parts of a resolver context a re-read replaces. */
export interface Renewable {
  loaders: Loaders;
  callFor(provider: ProviderName): ProviderCall;
}

/** What a subscription's source yields: the start (when asked), each event of the customer, the token's end. */
export type Tick = { kind: 'start' } | { kind: 'event'; event: BillingEvent } | { kind: 'expired' };

/** The live side of one subscription request's context (src/server/context.ts). */
export interface LiveContext {
  /** Opens the customer's stream: takes a place (RATE_LIMITED when none is left) and, for Cloudflare, a poller watch. */
  ticks(target: Target, options: { initial: boolean; poll: boolean }): Promise<AsyncIterableIterator<Tick>>;
  /** Before a re-read: spends its estimate from the caller's budget and gives the resolvers' context fresh loaders. */
  renew(context: Renewable): Promise<void>;
  /** The upcoming invoice the Cloudflare poller last read (undefined: none kept). */
  lastPolled(customer: string): Promise<Invoice | null | undefined>;
  /** Runs the re-read an event causes (null: the start's read) where the stream's observer can see it, if any. */
  within<T>(event: BillingEvent | null, read: () => Promise<T>): Promise<T>;
  /** The event led to nothing this stream sends (its upcoming invoice did not change). */
  skipped(event: BillingEvent): void;
}

/**
 * Watches one stream's ticks, re-reads and skips: with tracing on, src/telemetry/stream-trace.ts makes spans
 * of them. Every tick pushed is delivered to the subscriber once, in order, unless skipped.
 */
export interface StreamObserver {
  ticked(tick: Tick): void;
  within<T>(event: BillingEvent | null, read: () => Promise<T>): Promise<T>;
  skipped(event: BillingEvent): void;
}

export interface LiveServices {
  bus: EventBus;
  streams: OpenStreams;
  poller: CloudflarePoller;
}

export interface LiveRequest {
  principal: Principal;
  /** Whose budget and whose subscription count this stream draws on. */
  budgetKey: string;
  signal: AbortSignal;
  /** Spends one re-read's estimate from the caller's budget (RATE_LIMITED when spent) and renews the loaders. */
  renew(context: Renewable): Promise<void>;
  /** The observer of the stream being opened, asked when it opens (absent or null: nobody watches; tracing off). */
  observer?: () => StreamObserver | null;
}

/** Timers cannot wait longer than this (2^31 - 1 ms); a token living longer is re-armed then. */
const MAX_TIMER_MS = 2_147_483_647;

export function liveContext(services: LiveServices, request: LiveRequest): LiveContext {
  // One subscription per request: its stream's observer, found when the stream opens (inside the subscription's span).
  let observer: StreamObserver | null = null;
  return {
    ticks: (target, options) => {
      observer = request.observer?.() ?? null;
      return openTicks(services, request, target, options, observer);
    },
    renew: request.renew,
    lastPolled: (customer) => services.poller.lastRead(customer),
    within: (event, read) => (observer ? observer.within(event, read) : read()),
    skipped: (event) => observer?.skipped(event),
  };
}

async function openTicks(
  services: LiveServices,
  request: LiveRequest,
  target: Target,
  options: { initial: boolean; poll: boolean },
  observer: StreamObserver | null,
) {
  if (options.poll && request.principal.kind === 'pass-through') {
    // The poller reads with the configured Cloudflare credential, which pass-through callers never use.
    throw new UnsupportedError('Cloudflare sends no webhooks and pass-through mode configures no credential to poll it with', {
      provider: 'cloudflare',
    });
  }
  const release = services.streams.open(request.budgetKey, () => end());
  const unwatch = options.poll ? services.poller.watch(target.customer) : () => {};
  // Listening before the stream opens: the response begins only once Redis confirmed the subscription, so an
  // event published after the subscriber saw the stream open reaches it. The first pull makes the pub/sub listen.
  const events = services.bus.subscribe(target.provider, target.customer);
  const first = events.next();
  // Its place, watch and listener are let go once, however the stream ends: also when it is returned before it ran.
  let finished = false;
  const finish = () => {
    finished = true;
    unwatch();
    release();
    void events.return?.();
  };
  let end = finish;
  await services.bus.listening(target.provider, target.customer);
  // The caller left while Redis confirmed: nobody will pull or return the stream.
  if (request.signal.aborted) finish();
  const expiresAt = request.principal.kind === 'customer' ? (request.principal.expiresAt ?? null) : null;
  const ticks = new Repeater<Tick>(async (pushTick, stop) => {
    if (finished) return stop();
    const push = (tick: Tick) => {
      observer?.ticked(tick);
      return pushTick(tick);
    };
    end = () => stop();
    const untilExpiry = expiresAt === null ? null : Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now()));
    // The token's end ends the stream: one UNAUTHENTICATED event, then `complete`.
    const expiry = untilExpiry === null ? null : setTimeout(() => void push({ kind: 'expired' }).then(() => stop()), untilExpiry);
    const onAbort = () => stop();
    request.signal.addEventListener('abort', onAbort, { once: true });
    if (options.initial) void push({ kind: 'start' });
    void (async () => {
      for (let next = await first; !next.done; next = await events.next()) await push({ kind: 'event', event: next.value });
    })().catch(() => stop());
    await stop;
    if (expiry) clearTimeout(expiry);
    request.signal.removeEventListener('abort', onAbort);
    await events.return?.();
    finish();
  });
  return onReturn(ticks, finish);
}

/** `iterator`, whose return() also runs `cleanup` (a Repeater returned before its first next() never runs its executor). */
export function onReturn<T>(iterator: AsyncIterableIterator<T>, cleanup: () => unknown): AsyncIterableIterator<T> {
  const original = iterator.return?.bind(iterator);
  iterator.return = async (value?: unknown) => {
    cleanup();
    return original ? original(value) : { done: true, value: undefined };
  };
  return iterator;
}
