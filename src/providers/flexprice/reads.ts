import type { FlexpriceSettings } from '../../config.js';
import { badInput, badResponse, notFound, nullWhenNotFound } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceTypeFilter } from '../../domain/invoice.js';
import { chooseSubscription } from '../../domain/subscription-choice.js';
import type { Deadlines } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { ProviderCall } from '../provider.js';
import { FlexpriceClient } from './client.js';
import { INVOICE_TYPE_FOR_FILTER, mapInvoice } from './map.js';
import { readCustomer, readInvoice, readInvoiceList, readSubscriptionList, type FpInvoice, type FpSubscription } from './wire.js';

/** Subscriptions read when resolving "the" subscription of a customer; more than one is already an answer. */
const SUBSCRIPTION_SEARCH_LIMIT = 50;
/** Subscriptions that will produce a next invoice. */
const BILLING_SUBSCRIPTION_STATUSES = ['active', 'trialing'];
/**
 * Flexprice's ids are generated, `<prefix>_<ULID>` (docs/UPSTREAMS.md 3.3): letters, digits, `_` and `-` cover
 * them. Nothing else is let into a path, so `.` and `..` (which would reach `GET /v1/invoices/..`), `/`, `?`,
 * `%` and control characters never reach Flexprice.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

export type SearchResult = { items: FpInvoice[]; total: number };

/** `field`: the argument's name, or its path in a mutation input (["input", "subscription"]). */
export function checkId(value: string, field: string | readonly string[]): string {
  const path = typeof field === 'string' ? [field] : [...field];
  if (!ID_PATTERN.test(value)) throw badInput(`\`${path.at(-1)}\` is not a Flexprice id`, path);
  return value;
}

/**
 * The Flexprice reads the adapter makes, each once per request (the client memoises by method, path and
 * body), checked against the wire contract and against the customer they were asked for.
 */
export class FlexpriceReads {
  private readonly client: FlexpriceClient;

  constructor(settings: FlexpriceSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.client = new FlexpriceClient(settings, deadlines, retry);
  }

  search(call: ProviderCall, customer: string, type: InvoiceTypeFilter, offset: number, limit: number): Promise<SearchResult> {
    const invoiceType = INVOICE_TYPE_FOR_FILTER[type];
    const body = { customer_id: customer, ...(invoiceType ? { invoice_type: invoiceType } : {}), limit, offset };
    return this.client.post(call, '/invoices/search', body, (answer) => {
      const list = readInvoiceList(answer);
      const items = list.items.slice(0, limit);
      items.forEach((invoice, i) => {
        if (invoice.customerId !== customer)
          throw badResponse('flexprice', `items[${i}].customer_id`, `an invoice of another customer was listed for ${customer}`);
      });
      // A total smaller than what was just listed cannot be right; trust what is in hand. An empty page past the
      // end says nothing about the length: the offset there is the caller's, not Flexprice's.
      return { items, total: items.length > 0 ? Math.max(list.pagination.total, offset + items.length) : list.pagination.total };
    });
  }

  private preview(call: ProviderCall, body: Record<string, unknown>): Promise<FpInvoice> {
    return this.client.post(call, '/invoices/preview', body, readInvoice);
  }

  private billingSubscriptions(call: ProviderCall, customer: string): Promise<FpSubscription[]> {
    const body = { customer_id: customer, subscription_status: BILLING_SUBSCRIPTION_STATUSES, limit: SUBSCRIPTION_SEARCH_LIMIT, offset: 0 };
    return this.client.post(call, '/subscriptions/search', body, (answer) => {
      const list = readSubscriptionList(answer);
      return list.items.filter((s) => s.customerId === customer && BILLING_SUBSCRIPTION_STATUSES.includes(s.status));
    });
  }

  /**
   * Is `subscription` one of the customer's? Flexprice's preview request names no customer, so this is asked
   * first, of the customer's own list: another customer's subscription is then never previewed (its data
   * never fetched), and it gets the same answer as one that does not exist.
   */
  private async isCustomersSubscription(call: ProviderCall, customer: string, subscription: string): Promise<boolean> {
    if ((await this.billingSubscriptions(call, customer)).some((s) => s.id === subscription)) return true;
    const body = { customer_id: customer, subscription_ids: [subscription], limit: 1, offset: 0 };
    return this.client.post(call, '/subscriptions/search', body, (answer) => {
      const list = readSubscriptionList(answer);
      return list.items.some((s) => s.id === subscription && s.customerId === customer);
    });
  }

  /** The one subscription to preview when the caller named none; null when the customer has none. */
  async onlySubscription(call: ProviderCall, customer: string, field: readonly string[] = ['subscription']): Promise<string | null> {
    const subscriptions = await this.billingSubscriptions(call, customer);
    if (subscriptions.length === 0) {
      await this.assertCustomerExists(call, customer);
      return null;
    }
    return chooseSubscription(
      subscriptions.map((s) => s.id),
      {
        provider: 'flexprice',
        field: [...field],
        message: (count, list) =>
          `Flexprice customer ${customer} has ${count} active subscriptions; name one with \`subscription\`: ${list}`,
      },
    );
  }

  async previewFor(call: ProviderCall, customer: string, body: { subscription_id: string } & Record<string, unknown>): Promise<Invoice> {
    const unknown = () => notFound(`Flexprice customer ${customer} has no subscription ${body.subscription_id}`, { provider: 'flexprice' });
    if (!(await this.isCustomersSubscription(call, customer, body.subscription_id))) throw unknown();
    const wire = await this.preview(call, body);
    // Checked again on what the preview says, in case the upstream's search and preview disagree.
    if (wire.customerId !== customer) throw unknown();
    return mapInvoice(wire, true);
  }

  invoice(call: ProviderCall, id: string): Promise<FpInvoice | null> {
    return nullWhenNotFound(this.client.get(call, `/invoices/${encodeURIComponent(id)}`, readInvoice));
  }

  async customer(call: ProviderCall, id: string): Promise<Customer | null> {
    if (!ID_PATTERN.test(id)) return null;
    const path = `/customers/${encodeURIComponent(id)}`;
    const customer = await nullWhenNotFound(this.client.get(call, path, readCustomer));
    return customer && { id: customer.id, name: customer.name, email: customer.email };
  }

  /**
   * Flexprice's searches answer an unknown customer with an empty list. Where an empty answer would be
   * read as "this customer has nothing", the customer is looked up once, so a mistyped id is NOT_FOUND.
   */
  async assertCustomerExists(call: ProviderCall, customer: string): Promise<void> {
    if ((await this.customer(call, customer)) === null) throw notFound(`Flexprice has no customer ${customer}`, { provider: 'flexprice' });
  }

  /** A search answer, after checking that an empty one is of a customer that exists. */
  async existingOrEmpty(call: ProviderCall, customer: string, result: SearchResult): Promise<SearchResult> {
    if (result.total === 0) await this.assertCustomerExists(call, customer);
    return result;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
