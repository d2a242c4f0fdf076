import type { ProviderName } from '../domain/invoice.js';

/**
 * What changed at a billing provider, in billgraph's words (issue 11). A verified webhook (src/webhooks),
 * or the Cloudflare poller (which has no webhooks), turns into one BillingEvent; everything that reacts to a
 * change — cache invalidation (src/cache), live subscriptions (src/live) — listens on the app's
 * BillingEventHub and never sees a provider's payload.
 */
export const BILLING_EVENT_TYPES = [
  'INVOICE_CREATED',
  'INVOICE_FINALIZED',
  'INVOICE_UPDATED',
  'INVOICE_PAID',
  'INVOICE_PAYMENT_FAILED',
  'INVOICE_VOIDED',
  'INVOICE_UNCOLLECTIBLE',
  'INVOICE_OVERDUE',
  'INVOICE_UPCOMING',
  'SUBSCRIPTION_CHANGED',
  'UPCOMING_INVOICE_CHANGED',
] as const;
export type BillingEventType = (typeof BILLING_EVENT_TYPES)[number];

export interface BillingEvent {
  /** The provider's event id (Stripe `evt_…`, the Standard Webhooks `webhook-id`/`svix-id`), or the poller's. */
  id: string;
  provider: ProviderName;
  /** The provider's customer id the change belongs to. */
  customer: string;
  type: BillingEventType;
  /** The provider's own event type, e.g. `invoice.paid` (logs and metrics only). */
  providerType: string;
  /** The provider's invoice id when the event is about one invoice. */
  invoiceId: string | null;
  /** The provider's subscription id when the event names one. */
  subscriptionId: string | null;
  /** When the change happened at the provider (ISO 8601). */
  occurredAt: string;
}

export type BillingEventListener = (event: BillingEvent) => void | Promise<void>;

/**
 * One per app: receivers `emit`, reactions register with `on`. A listener that throws does not stop the others
 * and does not fail the webhook (its error goes to `onListenerError`, which the app logs).
 */
export class BillingEventHub {
  readonly #listeners: BillingEventListener[] = [];

  constructor(private readonly onListenerError: (error: unknown, event: BillingEvent) => void = () => {}) {}

  on(listener: BillingEventListener): this {
    this.#listeners.push(listener);
    return this;
  }

  /** Listeners run one after another in the order they registered: eviction is done before anyone is told. */
  async emit(event: BillingEvent): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
