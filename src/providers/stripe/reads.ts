import type { Deadlines } from '../../http/client.js';
import type { FieldPath } from '../../domain/errors.js';
import { notFound, nullWhenNotFound } from '../../domain/errors.js';
import { chooseSubscription } from '../../domain/subscription-choice.js';
import type { StripeSettings } from '../../config.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { ProviderCall } from '../provider.js';
import { StripeClient, type FieldOf } from './client.js';
import type { FormValue } from './form.js';
import {
  readCustomer,
  readInvoice,
  readLine,
  readList,
  readSubscriptionId,
  readSubscriptionOwner,
  type StCustomer,
  type StInvoice,
} from './wire.js';

/** Stripe's list limit. */
export const MAX_LIMIT = 100;

/** Stripe params of list reads -> the GraphQL argument they came from. */
const LIST_FIELDS: FieldOf = (param) =>
  ({ starting_after: ['after'], ending_before: ['before'], limit: ['first'], customer: ['customer'], subscription: ['subscription'] })[
    param
  ] ?? null;

const path = (...parts: string[]) => parts.map((part) => `/${encodeURIComponent(part)}`).join('');

/**
 * The Stripe reads the adapter makes, each read once per request (the client memoises by method, path,
 * query and body), already checked against the wire contract.
 */
export class StripeReads {
  private readonly client: StripeClient;

  constructor(settings: StripeSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.client = new StripeClient(settings, deadlines, retry);
  }

  /** One page of GET /v1/invoices of a customer, newest first. */
  invoicePage(call: ProviderCall, customer: string, params: Record<string, string>) {
    const query = new URLSearchParams({ customer, ...params });
    return this.client.get(call, '/v1/invoices', query, LIST_FIELDS, (body) => readList(body, readInvoice));
  }

  /** One page of an invoice's lines beyond the embedded ones. */
  linesPage(call: ProviderCall, invoiceId: string, params: Record<string, string>) {
    const query = new URLSearchParams(params);
    return this.client.get(call, `/v1/invoices${path(invoiceId)}/lines`, query, LIST_FIELDS, (body) => readList(body, readLine));
  }

  invoice(call: ProviderCall, id: string): Promise<StInvoice | null> {
    return nullWhenNotFound(this.client.get(call, `/v1/invoices${path(id)}`, new URLSearchParams(), () => ['id'], readInvoice));
  }

  customer(call: ProviderCall, id: string): Promise<StCustomer | null> {
    return nullWhenNotFound(this.client.get(call, `/v1/customers${path(id)}`, new URLSearchParams(), () => ['customer'], readCustomer));
  }

  /**
   * `subscription` when it bills `customer`. Stripe previews another customer's subscription when asked and
   * says only that it "does not belong" to the customer, so it is read first (GET /v1/subscriptions/{id}):
   * another customer's reads exactly like one that does not exist, and no preview is asked for it.
   */
  async customersSubscription(call: ProviderCall, customer: string, subscription: string): Promise<string> {
    const read = this.client.get(call, `/v1/subscriptions${path(subscription)}`, new URLSearchParams(), () => null, readSubscriptionOwner);
    const owner = await nullWhenNotFound(read);
    if (owner === null || owner.id !== subscription || owner.customer !== customer) {
      throw notFound(`Stripe customer ${customer} has no subscription ${subscription}`, { provider: 'stripe' });
    }
    return subscription;
  }

  /** The one active subscription to preview; null when there is none; AmbiguousSubscriptionError listing several. */
  async onlySubscription(call: ProviderCall, customer: string, field: FieldPath): Promise<string | null> {
    const query = new URLSearchParams({ customer, status: 'active', limit: String(MAX_LIMIT) });
    const customerField = field.slice(0, -1).concat('customer');
    const fieldOf: FieldOf = (param) => (param === 'customer' ? customerField : null);
    const list = await this.client.get(call, '/v1/subscriptions', query, fieldOf, (body) => readList(body, readSubscriptionId));
    return chooseSubscription(list.data, {
      provider: 'stripe',
      field,
      message: (count, ids) => `customer ${customer} has ${count} active subscriptions; name one in \`subscription\`: ${ids}`,
    });
  }

  /** POST /v1/invoices/create_preview: the invoice the params would produce; nothing is written. */
  preview(call: ProviderCall, params: Record<string, FormValue>, fieldOf: FieldOf): Promise<StInvoice> {
    return this.client.post(call, '/v1/invoices/create_preview', params, fieldOf, readInvoice);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
