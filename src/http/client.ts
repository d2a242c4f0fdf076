import { Pool } from 'undici';
import { BillingError, UpstreamBadResponseError, UpstreamCircuitOpenError, UpstreamUnavailableError } from '../domain/errors.js';
import { classifyFailure, deadlineError } from './upstream-failure.js';
import type { UpstreamGuard, UpstreamGuards } from './breaker.js';
import { backoffDelay, parseRetryAfter, sleep, type RetryPolicy } from './retry.js';
import type { Slots } from './concurrency.js';
import type { UpstreamGate } from './gate.js';

export interface Deadlines {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From request sent to response headers received. */
  headersMs: number;
  /** Between body chunks. */
  bodyMs: number;
  /** The whole call including retries and waits: the caller's answer is never later than this. */
  totalMs: number;
}

export interface UpstreamClientOptions {
  /** Names the upstream in errors and logs. */
  provider: string;
  /** e.g. https://api.cloudflare.com/client/v4 — its path is prefixed to every request path. */
  baseUrl: string;
  deadlines: Deadlines;
  retry: RetryPolicy;
  /** Keep-alive sockets per origin. */
  connections?: number;
  /** A response header whose "true"/"false" overrides the retry decision (Stripe-Should-Retry). */
  shouldRetryHeader?: string;
  /** Responses larger than this are refused (UPSTREAM_BAD_RESPONSE) instead of buffered. */
  maxBodyBytes?: number;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base URL's path, starting with "/". */
  path: string;
  query?: URLSearchParams;
  headers?: Record<string, string>;
  body?: string;
  /** Safe to send more than once: reads, and writes that carry an idempotency key. */
  retryable: boolean;
  /** Attempts already made for this read (a malformed answer asked again): this send is one retry, never more. */
  retryOf?: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  attempts: number;
}

/** What one attempt did; the request log and the per-request upstream call count read these. */
export interface UpstreamAttempt {
  provider: string;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  error?: string;
  /** Why this attempt was made again: the previous attempt's outcome (traces, src/telemetry/spans.ts). */
  retryReason?: string;
  /** How long it waited for one of the request's upstream slots before it was sent (calls with slots only). */
  slotWaitMs?: number;
  /** How long it waited for the upstream's budget (issue 10's shared budget fills this in). */
  budgetWaitMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Budgets and fair slots for each attempt (absent: none). */
  gate?: UpstreamGate;
  onAttempt?: (attempt: UpstreamAttempt) => void;
  /** Shared by every call of one GraphQL request: its attempts in flight at once (waiting counts toward the deadline). */
  slots?: Slots;
  /** Breakers and retry budgets per upstream and credential (src/http/breaker.ts); absent = neither. */
  guards?: UpstreamGuards;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The upstream HTTP client shared by all adapters: undici `request` over one keep-alive Pool per origin,
 * with connect/header/body deadlines, an overall deadline, retries for safe requests on connection
 * errors, 429 and 5xx (Retry-After honoured up to a cap), and every failure classified (docs/ARCHITECTURE.md section 8).
 * It knows nothing about invoices; non-2xx responses go back to the adapter, which reads the envelope.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 32,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connectTimeout: options.deadlines.connectMs,
      headersTimeout: options.deadlines.headersMs,
      bodyTimeout: options.deadlines.bodyMs,
    });
  }

  async send(request: UpstreamRequest, call: CallOptions = {}): Promise<UpstreamResponse> {
    const { retry, deadlines, provider } = this.options;
    const deadline = Date.now() + deadlines.totalMs;
    const query = request.query?.toString();
    const path = `${this.basePath}${request.path}${query ? `?${query}` : ''}`;
    const first = (request.retryOf ?? 0) + 1;
    const maxAttempts = request.retryOf ? first : request.retryable ? retry.maxRetries + 1 : 1;
    const guard = call.guards?.for(provider, request.headers);
    let retryReason: string | undefined;

    for (let attempt = first; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw deadlineError(provider, deadlines.totalMs);
      guard?.admit();
      if (attempt === 1) guard?.retries.recordFirstAttempt();
      const deadlineSignal = abortAfter(remaining, call.signal);
      let started = performance.now();
      let response: UpstreamResponse | undefined;
      let thrown: unknown;
      const release = await this.acquireSlot(call, deadlineSignal);
      const slotWaitMs = call.slots ? performance.now() - started : undefined;
      const gateStarted = performance.now();
      const releaseGate = await this.passGate(call, attempt, deadline, deadlineSignal, release);
      const budgetWaitMs = call.gate ? performance.now() - gateStarted : undefined;
      try {
        started = performance.now();
        response = await this.guarded(guard, call, () => this.attempt(path, request, deadlineSignal.signal, attempt));
      } catch (error) {
        thrown = error;
      } finally {
        releaseGate?.();
        release?.();
        deadlineSignal.done();
      }
      if (response === undefined) {
        const durationMs = performance.now() - started;
        const failure = this.failure(thrown, call.signal, deadlines.totalMs);
        const base = { provider, method: request.method, path: request.path, attempt, retryReason, slotWaitMs, budgetWaitMs };
        call.onAttempt?.({ ...base, status: null, durationMs, error: failure.message });
        retryReason = failure.message;
        const wait = backoffDelay(retry, attempt - 1);
        const retryable = failure.code === 'UPSTREAM_UNAVAILABLE' && !(failure instanceof UpstreamCircuitOpenError);
        if (!retryable || attempt >= maxAttempts || Date.now() + wait >= deadline || call.signal?.aborted || !mayRetry(guard)) {
          throw failure;
        }
        await this.backoff(wait, call.signal, deadlines.totalMs);
        continue;
      }
      const base = { provider, method: request.method, path: request.path, attempt, retryReason, slotWaitMs, budgetWaitMs };
      call.onAttempt?.({ ...base, status: response.status, durationMs: performance.now() - started });
      retryReason = `status ${response.status}`;
      call.gate?.afterAnswer(response);
      const wait = this.retryWait(response, attempt - 1);
      if (wait === null || attempt >= maxAttempts || Date.now() + wait >= deadline || !mayRetry(guard)) return response;
      await this.backoff(wait, call.signal, deadlines.totalMs);
    }
  }

  /** One attempt through the upstream's breaker. A caller who went away, or an answer too big to read, says nothing about its health. */
  private guarded(guard: UpstreamGuard | undefined, call: CallOptions, send: () => Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    return guard ? guard.run(send, (error) => !(error instanceof BillingError) && !call.signal?.aborted) : send();
  }

  /** Whether `request` may be sent once more: its upstream's retry budget has a retry left (and spends it). */
  takeRetry(request: UpstreamRequest, call: CallOptions): boolean {
    return mayRetry(call.guards?.for(this.options.provider, request.headers));
  }

  /**
   * Waits for one of the request's upstream slots. A wait that ends without one (the caller went, or the
   * deadline passed) throws: never sent, so not an attempt.
   */
  private async acquireSlot(call: CallOptions, deadlineSignal: { signal: AbortSignal; done(): void }): Promise<(() => void) | undefined> {
    const { provider, deadlines } = this.options;
    let release: (() => void) | undefined;
    let waitFailure: unknown = null;
    try {
      release = await call.slots?.acquire(deadlineSignal.signal);
    } catch (error) {
      waitFailure = error;
    }
    if (waitFailure === null && !deadlineSignal.signal.aborted) return release;
    // The request's other upstream calls held every slot until the end (a slot handed over just as the
    // deadline passed counts the same).
    release?.();
    deadlineSignal.done();
    if (call.signal?.aborted) throw this.failure(waitFailure, call.signal, deadlines.totalMs);
    throw new UpstreamUnavailableError(
      `${provider} was not asked: this request's other upstream calls took all ${call.slots?.limit} slots until its ${deadlines.totalMs} ms deadline`,
      { provider },
      { cause: waitFailure },
    );
  }

  /** Passes the call's gate (budget, fair slot) for one attempt; a refusal is never sent, so not an attempt. */
  // prettier-ignore
  private async passGate(call: CallOptions, attempt: number, deadlineAt: number, deadlineSignal: { signal: AbortSignal; done(): void }, release: (() => void) | undefined) {
    try {
      return await call.gate?.beforeAttempt(attempt, deadlineAt, deadlineSignal.signal);
    } catch (error) {
      release?.();
      deadlineSignal.done();
      throw this.failure(error, call.signal, this.options.deadlines.totalMs);
    }
  }

  /** Waits before a retry; a caller who goes away meanwhile gets a classified error, not a bare AbortError. */
  private async backoff(ms: number, signal: AbortSignal | undefined, totalMs: number): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (error) {
      throw this.failure(error, signal, totalMs);
    }
  }

  /** How long to wait before retrying this response, or null when it must not be retried. */
  private retryWait(response: UpstreamResponse, retryIndex: number): number | null {
    // An answer that succeeded is kept, whatever a retry header on it says.
    if (response.status < 400) return null;
    const override = this.options.shouldRetryHeader ? response.headers[this.options.shouldRetryHeader] : undefined;
    if (override === 'false') return null;
    if (override !== 'true' && !RETRYABLE_STATUS.has(response.status)) return null;
    const retryAfter = parseRetryAfter(response.headers['retry-after']);
    if (retryAfter !== null) return retryAfter <= this.options.retry.maxRetryAfterMs ? retryAfter : null;
    return backoffDelay(this.options.retry, retryIndex);
  }

  private async attempt(path: string, request: UpstreamRequest, signal: AbortSignal, attempt: number): Promise<UpstreamResponse> {
    const response = await this.pool.request({
      path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    const limit = this.options.maxBodyBytes ?? 16 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        response.body.destroy();
        throw new UpstreamBadResponseError(`${this.options.provider} sent a response larger than ${limit} bytes`, {
          provider: this.options.provider,
          upstreamStatus: response.statusCode,
        });
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), attempts: attempt };
  }

  /** A thrown failure as one of our codes (src/http/upstream-failure.ts). */
  private failure(error: unknown, callerSignal: AbortSignal | undefined, totalMs: number): BillingError {
    return classifyFailure(this.options.provider, error, callerSignal, totalMs);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Takes a retry from the upstream's retry budget (none configured: always). */
const mayRetry = (guard: UpstreamGuard | undefined): boolean => guard?.retries.tryRetry() ?? true;

/**
 * An AbortSignal that fires after `ms` or when `parent` aborts, whichever is first. One timer and one
 * listener, both released by done(): cheaper than AbortSignal.any + AbortSignal.timeout on every call,
 * which on Node 20 keep signals alive until the timer fires.
 */
function abortAfter(ms: number, parent: AbortSignal | undefined): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException('upstream deadline exceeded', 'TimeoutError')), ms);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** The code for an upstream error status when the envelope says nothing more specific. */
export function codeForUpstreamStatus(status: number): BillingError['code'] {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500 || status === 408) return 'UPSTREAM_UNAVAILABLE';
  if (status >= 400) return 'BAD_USER_INPUT';
  return 'UPSTREAM_BAD_RESPONSE';
}
