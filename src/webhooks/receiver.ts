import type { WebhookSettings } from '../config/webhooks.js';
import type { BillingEvent, BillingEventHub } from '../live/billing-event.js';
import type { Logger } from '../log/logger.js';
import type { BillgraphMetrics, WebhookOutcome, WebhookProvider } from '../metrics/billgraph-metrics.js';
import { readCappedBody } from './capped-body.js';
import { normaliseFlexpriceEvent } from './flexprice-events.js';
import { normaliseStripeEvent } from './stripe-events.js';
import type { Normalised } from './normalised.js';
import type { SeenStore } from './seen-store.js';
import { verifyStandardSignature } from './standard-signature.js';
import { verifyStripeSignature } from './stripe-signature.js';
import type { SignatureVerdict } from './verdict.js';

export interface WebhookReceiverOptions {
  settings: WebhookSettings;
  events: BillingEventHub;
  seen: SeenStore;
  logger: Logger;
  metrics: BillgraphMetrics;
}

const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

type Verified = Extract<SignatureVerdict, { ok: true }>;

/**
 * One delivery, in this order (docs/ARCHITECTURE.md section 13): method, size, signature on the raw bytes,
 * the same signature seen before (replay), payload, event id seen before (duplicate); then 2xx at once, and
 * the BillingEvent is emitted after the answer, so a slow listener never makes the provider time out.
 */
export class WebhookReceiver {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookReceiverOptions) {}

  /** A provider's route exists only when it has a signing secret. */
  serves(provider: string): provider is WebhookProvider {
    const { stripeSecrets, flexpriceSecrets } = this.options.settings;
    return (provider === 'stripe' && stripeSecrets.length > 0) || (provider === 'flexprice' && flexpriceSecrets.length > 0);
  }

  async receive(provider: WebhookProvider, request: Request): Promise<Response> {
    if (request.method !== 'POST') return this.refuse(provider, 'rejected_method', 405, 'method_not_allowed', { allow: 'POST' });
    const body = await readCappedBody(request, this.options.settings.maxBodyBytes);
    if (body === null) return this.refuse(provider, 'rejected_too_large', 413, 'payload_too_large');
    const verdict = await this.verify(provider, body, request.headers);
    if (!verdict.ok) return this.refuse(provider, 'rejected_signature', 400, 'invalid_signature', {}, verdict.failure);
    if (!(await this.firstUse(verdict))) return this.refuse(provider, 'rejected_replay', 400, 'replayed_signature');
    const normalised = this.normalise(provider, body, verdict);
    if (normalised.kind === 'malformed') return this.refuse(provider, 'rejected_payload', 400, 'invalid_payload', {}, normalised.reason);
    if (normalised.kind === 'ignored') {
      this.options.metrics.observeWebhook(provider, 'ignored');
      return answer(200, { received: true, ignored: true });
    }
    const { event } = normalised;
    const ttlMs = this.options.settings.dedupeTtlS * 1000;
    if (!(await this.options.seen.claim(`${provider}:evt:${event.id}`, ttlMs))) {
      this.options.metrics.observeWebhook(provider, 'duplicate');
      return answer(200, { received: true, duplicate: true });
    }
    this.options.metrics.observeWebhook(provider, 'accepted');
    this.options.logger.info({ webhook: { provider, id: event.id, type: event.providerType } }, 'webhook accepted');
    this.dispatch(event);
    return answer(200, { received: true });
  }

  /** Resolves when every event accepted so far has been handed to the listeners (the drain waits for it). */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  private async verify(provider: WebhookProvider, body: Buffer, headers: Headers): Promise<SignatureVerdict> {
    const { stripeSecrets, flexpriceSecrets, toleranceS } = this.options.settings;
    const nowS = Math.floor(Date.now() / 1000);
    return provider === 'stripe'
      ? verifyStripeSignature(body, headers.get('stripe-signature'), stripeSecrets, toleranceS, nowS)
      : verifyStandardSignature(body, headers, flexpriceSecrets, toleranceS, nowS);
  }

  /** False when any presented signature was used before within the tolerance window (both directions). */
  private async firstUse(verdict: Verified): Promise<boolean> {
    const ttlMs = this.options.settings.toleranceS * 2 * 1000;
    const claims = await Promise.all(verdict.replayKeys.map((key) => this.options.seen.claim(key, ttlMs)));
    return claims.every(Boolean);
  }

  private normalise(provider: WebhookProvider, body: Buffer, verdict: Verified): Normalised {
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return { kind: 'malformed', reason: 'the body is not JSON' };
    }
    return provider === 'stripe'
      ? normaliseStripeEvent(payload)
      : normaliseFlexpriceEvent(payload, verdict.deliveryId ?? '', verdict.timestampS);
  }

  private dispatch(event: BillingEvent): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.options.events.emit(event))
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, webhook: { provider: event.provider, id: event.id } }, 'webhook event handling failed'),
      )
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  /** One log line (never a secret or body text), one metric, a small JSON answer. */
  private refuse(
    provider: WebhookProvider,
    outcome: WebhookOutcome,
    status: number,
    error: string,
    headers: Record<string, string> = {},
    reason?: string,
  ): Response {
    this.options.metrics.observeWebhook(provider, outcome);
    this.options.logger.warn({ webhook: { provider, outcome, status, ...(reason ? { reason } : {}) } }, 'webhook refused');
    return answer(status, { error }, headers);
  }
}
