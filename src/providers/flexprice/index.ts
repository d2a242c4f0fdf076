import type { FlexpriceSettings } from '../../config.js';
import { badInput, badResponse, notFound, nullWhenNotFound, unsupported } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceRef, InvoiceTypeFilter } from '../../domain/invoice.js';
import { pageByOffset, type Page } from '../../domain/pagination.js';
import { chooseSubscription } from '../../domain/subscription-choice.js';
import { changedPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { FlexpriceClient } from './client.js';
import { INVOICE_TYPE_FOR_FILTER, mapInvoice } from './map.js';
import { readCustomer, readInvoice, readInvoiceList, readSubscriptionList, type FpInvoice, type FpSubscription } from './wire.js';

/** Customer reads in flight at once for one batch (Invoice.customer over a page of many customers). */
const CUSTOMER_CONCURRENCY = 8;
/** Subscriptions read when resolving "the" subscription of a customer; more than one is already an answer. */
const SUBSCRIPTION_SEARCH_LIMIT = 50;
/** Subscriptions that will produce a next invoice. */
const BILLING_SUBSCRIPTION_STATUSES = ['active', 'trialing'];
/** Control characters and path separators have no place in a Flexprice id. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const ID_PATTERN = /^[^\s/?#\\\u0000-\u001f\u007f]{1,255}$/;

type SearchResult = { items: FpInvoice[]; total: number };

/**
 * The Flexprice adapter: `POST /invoices/preview` for upcoming and previewed invoices, `POST
 * /invoices/search` (offset pagination, count from `pagination.total`) for history, `GET /invoices/{id}`
 * and `GET /customers/{id}` for single reads. Every read goes through `call.memo`, so one GraphQL
 * operation never asks Flexprice the same thing twice.
 */
export class FlexpriceProvider implements BillingProvider {
  readonly name = 'flexprice' as const;
  readonly defaultCustomer: string | null;
  private readonly client: FlexpriceClient;

  constructor(settings: FlexpriceSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.defaultCustomer = settings.defaultCustomer;
    this.client = new FlexpriceClient(settings, deadlines, retry);
  }

  /** `field`: the argument's name, or its path in a mutation input (["input", "subscription"]). */
  private static checkId(value: string, field: string | readonly string[]): string {
    const path = typeof field === 'string' ? [field] : [...field];
    if (!ID_PATTERN.test(value)) throw badInput(`\`${path.at(-1)}\` is not a Flexprice id`, path);
    return value;
  }

  // --- upstream reads (memoised per request) ---

  private search(call: ProviderCall, customer: string, type: InvoiceTypeFilter, offset: number, limit: number): Promise<SearchResult> {
    const invoiceType = INVOICE_TYPE_FOR_FILTER[type];
    const body = { customer_id: customer, ...(invoiceType ? { invoice_type: invoiceType } : {}), limit, offset };
    return this.client.post(call, '/invoices/search', body, (answer) => {
      const list = readInvoiceList(answer);
      const items = list.items.slice(0, limit);
      items.forEach((invoice, i) => {
        if (invoice.customerId !== customer)
          throw badResponse('flexprice', `items[${i}].customer_id`, `an invoice of another customer was listed for ${customer}`);
      });
      // A total smaller than what was just listed cannot be right; trust what is in hand.
      return { items, total: Math.max(list.pagination.total, offset + items.length) };
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
  private async onlySubscription(
    call: ProviderCall,
    customer: string,
    field: readonly string[] = ['subscription'],
  ): Promise<string | null> {
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

  private async previewFor(
    call: ProviderCall,
    customer: string,
    body: { subscription_id: string } & Record<string, unknown>,
  ): Promise<Invoice> {
    const unknown = () => notFound(`Flexprice customer ${customer} has no subscription ${body.subscription_id}`, { provider: 'flexprice' });
    if (!(await this.isCustomersSubscription(call, customer, body.subscription_id))) throw unknown();
    const wire = await this.preview(call, body);
    // Checked again on what the preview says, in case the upstream's search and preview disagree.
    if (wire.customerId !== customer) throw unknown();
    return mapInvoice(wire, true);
  }

  // --- BillingProvider ---

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    const customer = FlexpriceProvider.checkId(query.customer, 'customer');
    const subscription =
      query.subscription === null
        ? await this.onlySubscription(call, customer)
        : FlexpriceProvider.checkId(query.subscription, 'subscription');
    if (subscription === null) return null;
    return this.previewFor(call, customer, { subscription_id: subscription });
  }

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    FlexpriceProvider.checkId(customer, 'customer');
    // The length comes from a first page of the same size: one call when everything fits, memoised for a
    // later first page. An empty answer may mean a mistyped customer, which is then NOT_FOUND.
    const head = () => this.search(call, customer, type, 0, page.size);
    const source = {
      lengthForEnd: async () => (await this.existingOrEmpty(call, customer, await head())).total,
      lengthForEmpty: async () => (await head()).total,
      range: async (start: number, end: number) => ({
        offset: start,
        ...(await this.existingOrEmpty(call, customer, await this.search(call, customer, type, start, end - start))),
      }),
    };
    return pageByOffset(page, source, (wire) => mapInvoice(wire, false));
  }

  /** A search answer, after checking that an empty one is of a customer that exists. */
  private async existingOrEmpty(call: ProviderCall, customer: string, result: SearchResult): Promise<SearchResult> {
    if (result.total === 0) await this.assertCustomerExists(call, customer);
    return result;
  }

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    if (ref.preview) return null;
    const id = FlexpriceProvider.checkId(ref.key, 'id');
    const path = `/invoices/${encodeURIComponent(id)}`;
    const wire = await nullWhenNotFound(this.client.get(call, path, readInvoice));
    if (wire === null) return null;
    // The invoice as Flexprice says it is, its own customer included: authorization (src/auth) decides from
    // that, so another customer's id is FORBIDDEN under JWT, never that customer's invoice.
    return mapInvoice(wire, false);
  }

  async getCustomers(call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]> {
    return mapWithConcurrency(ids, CUSTOMER_CONCURRENCY, (id) => this.customer(call, id));
  }

  private async customer(call: ProviderCall, id: string): Promise<Customer | null> {
    if (!ID_PATTERN.test(id)) return null;
    const path = `/customers/${encodeURIComponent(id)}`;
    const customer = await nullWhenNotFound(this.client.get(call, path, readCustomer));
    return customer && { id: customer.id, name: customer.name, email: customer.email };
  }

  /**
   * Flexprice's searches answer an unknown customer with an empty list. Where an empty answer would be
   * read as "this customer has nothing", the customer is looked up once, so a mistyped id is NOT_FOUND.
   */
  private async assertCustomerExists(call: ProviderCall, customer: string): Promise<void> {
    if ((await this.customer(call, customer)) === null) throw notFound(`Flexprice has no customer ${customer}`, { provider: 'flexprice' });
  }

  checkPreview(input: PreviewInvoiceInput): void {
    const fields = changedPreviewFields(input);
    if (fields.length > 0) {
      throw unsupported(`Flexprice previews a subscription's invoice for a billing period only; it cannot preview ${fields.join(', ')}`, {
        provider: 'flexprice',
        fields,
      });
    }
    FlexpriceProvider.checkId(input.customer, ['input', 'customer']);
    if (input.subscription !== null) FlexpriceProvider.checkId(input.subscription, ['input', 'subscription']);
    if ((input.periodStart === null) !== (input.periodEnd === null)) {
      // Flexprice fills a missing end from the current period, which can then precede the given start.
      throw badInput('give both `periodStart` and `periodEnd`, or neither for the current period', [
        'input',
        input.periodStart === null ? 'periodStart' : 'periodEnd',
      ]);
    }
  }

  async previewInvoice(call: ProviderCall, input: PreviewInvoiceInput): Promise<Invoice> {
    this.checkPreview(input);
    const customer = input.customer;
    const subscription =
      input.subscription === null ? await this.onlySubscription(call, customer, ['input', 'subscription']) : input.subscription;
    if (subscription === null) {
      throw notFound(`Flexprice customer ${customer} has no active subscription to preview`, { provider: 'flexprice' });
    }
    return this.previewFor(call, customer, {
      subscription_id: subscription,
      ...(input.periodStart ? { period_start: input.periodStart.toISOString() } : {}),
      ...(input.periodEnd ? { period_end: input.periodEnd.toISOString() } : {}),
      ...(input.hideZeroCharges !== null ? { hide_zero_charges_line_items: input.hideZeroCharges } : {}),
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
