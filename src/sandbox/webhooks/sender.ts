import type { ProviderName } from '../../domain/invoice.js';

/** Where a provider's webhooks go and how they are signed. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** One event to deliver: its body (exact bytes sent) and how to sign one attempt of it. */
export interface OutgoingWebhook {
  provider: ProviderName;
  /** The provider's event id (Stripe `evt_…`, the Standard Webhooks message id). */
  id: string;
  type: string;
  body: string;
  /** The provider's headers for one attempt; every attempt is signed afresh with its own timestamp. */
  sign(timestampS: number, secret: string): Record<string, string>;
}

export interface DeliveryRecord {
  provider: ProviderName;
  id: string;
  type: string;
  /** Each attempt's HTTP status (null: no answer), in order. */
  attempts: (number | null)[];
  /** True for the extra delivery of an event that was already acknowledged (the providers' at-least-once). */
  duplicate: boolean;
}

export interface SenderOptions {
  /** Waits before each retry after a non-2xx answer or no answer, e.g. [100, 500, 2000]: one retry per entry. */
  retryDelaysMs: number[];
  /** Chance that an acknowledged event is delivered once more (0 to 1). */
  duplicateProbability: number;
  random: () => number;
  timeoutMs: number;
}

/**
 * Delivers signed webhooks as the providers do: POST, retried with a short backoff after a non-2xx answer,
 * each attempt re-signed with a new timestamp, and now and then delivered twice. Deliveries run in the
 * background; `settle()` waits for them (tests, close).
 */
export class WebhookSender {
  readonly deliveries: DeliveryRecord[] = [];
  readonly #pending = new Set<Promise<void>>();
  #stopped = false;

  constructor(public options: SenderOptions) {}

  send(target: WebhookTarget, webhook: OutgoingWebhook): void {
    // This event's signing clock: never the same second twice, since an identical signature is a replay.
    const clock = { last: 0 };
    const run: Promise<void> = this.deliver(target, webhook, false, clock)
      .then(async (acknowledged) => {
        if (acknowledged && !this.#stopped && this.options.random() < this.options.duplicateProbability)
          await this.deliver(target, webhook, true, clock);
      })
      .finally(() => this.#pending.delete(run));
    this.#pending.add(run);
  }

  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** No retries or duplicates after this (the sandbox is closing). */
  stop(): void {
    this.#stopped = true;
  }

  private async deliver(target: WebhookTarget, webhook: OutgoingWebhook, duplicate: boolean, clock: { last: number }): Promise<boolean> {
    const record: DeliveryRecord = { provider: webhook.provider, id: webhook.id, type: webhook.type, attempts: [], duplicate };
    this.deliveries.push(record);
    for (let attempt = 0; ; attempt += 1) {
      clock.last = Math.max(clock.last + 1, Math.floor(Date.now() / 1000));
      const status = await this.attempt(target, webhook, clock.last);
      record.attempts.push(status);
      if (status !== null && status >= 200 && status < 300) return true;
      const delay = this.options.retryDelaysMs[attempt];
      if (delay === undefined || this.#stopped) return false;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }

  private async attempt(target: WebhookTarget, webhook: OutgoingWebhook, timestampS: number): Promise<number | null> {
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `billgraph-sandbox-${webhook.provider}`,
          ...webhook.sign(timestampS, target.secret),
        },
        body: webhook.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  }
}
