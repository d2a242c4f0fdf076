import type { ChangeResult } from '../changes.js';
import { WebhookSender, type DeliveryRecord, type WebhookTarget } from './sender.js';

export type WebhookProviderName = 'stripe' | 'flexprice';

export interface SandboxWebhookOptions {
  stripe?: WebhookTarget;
  flexprice?: WebhookTarget;
  /** Waits before each retry after a non-2xx answer; default [200, 1000, 5000] (three retries). */
  retryDelaysMs?: number[];
  /** Chance that an acknowledged event is delivered a second time; default 0.05. 1 forces a duplicate. */
  duplicateProbability?: number;
  /** The coin for duplicates (tests pass a fixed one). */
  random?: () => number;
}

/** Where the sandbox sends each provider's webhooks, and the sender that delivers them. */
export class SandboxWebhooks {
  readonly targets: Partial<Record<WebhookProviderName, WebhookTarget>>;
  readonly sender: WebhookSender;

  constructor(options: SandboxWebhookOptions = {}) {
    this.targets = {
      ...(options.stripe ? { stripe: options.stripe } : {}),
      ...(options.flexprice ? { flexprice: options.flexprice } : {}),
    };
    this.sender = new WebhookSender({
      retryDelaysMs: options.retryDelaysMs ?? [200, 1_000, 5_000],
      duplicateProbability: options.duplicateProbability ?? 0.05,
      random: options.random ?? Math.random,
      timeoutMs: 10_000,
    });
  }

  /** Points a provider's webhooks at `target`, or stops sending them (null). */
  configure(provider: WebhookProviderName, target: WebhookTarget | null): void {
    if (target) this.targets[provider] = target;
    else delete this.targets[provider];
  }

  get deliveries(): DeliveryRecord[] {
    return this.sender.deliveries;
  }

  /** Sends a change's events to its provider's target (none configured: nothing is sent) and says what went where. */
  deliver(change: ChangeResult): { id: string; type: string; url: string | null }[] {
    return change.webhooks.map((webhook) => {
      const target = this.targets[webhook.provider as WebhookProviderName];
      if (target) this.sender.send(target, webhook);
      return { id: webhook.id, type: webhook.type, url: target?.url ?? null };
    });
  }

  settle(): Promise<void> {
    return this.sender.settle();
  }
}
