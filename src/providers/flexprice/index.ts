import type { FlexpriceSettings } from '../../config.js';
import { badInput, notFound, unsupported } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceRef } from '../../domain/invoice.js';
import { pageByOffset, type Page } from '../../domain/pagination.js';
import { changedPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { RetryPolicy } from '../../http/retry.js';
import { isSharedAnswer } from '../../http/single-flight.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { SharedInvoices } from '../mapped-once.js';
import { mapInvoice } from './map.js';
import { checkId, FlexpriceReads } from './reads.js';
import type { FpInvoice } from './wire.js';

/** Customer reads in flight at once for one batch (Invoice.customer over a page of many customers). */
const CUSTOMER_CONCURRENCY = 8;

/** A listed invoice is an issued one (never a preview), whoever asked: its mapping depends on nothing else. */
const mapListed = (wire: FpInvoice): Invoice => mapInvoice(wire, false);

/**
 * The Flexprice adapter: `POST /invoices/preview` for upcoming and previewed invoices, `POST
 * /invoices/search` (offset pagination, count from `pagination.total`) for history, `GET /invoices/{id}`
 * and `GET /customers/{id}` for single reads. Every read goes through the request's memo, so one GraphQL
 * operation never asks Flexprice the same thing twice.
 */
export class FlexpriceProvider implements BillingProvider {
  readonly name = 'flexprice' as const;
  readonly defaultCustomer: string | null;
  private readonly reads: FlexpriceReads;
  /** Listed invoices of search answers several requests received, mapped once for all of them (mapped-once.ts). */
  private readonly listed = new SharedInvoices<FpInvoice>();

  constructor(settings: FlexpriceSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.defaultCustomer = settings.defaultCustomer;
    this.reads = new FlexpriceReads(settings, deadlines, retry);
  }

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    const customer = checkId(query.customer, 'customer');
    const subscription =
      query.subscription === null ? await this.reads.onlySubscription(call, customer) : checkId(query.subscription, 'subscription');
    if (subscription === null) return null;
    return this.reads.previewFor(call, customer, { subscription_id: subscription });
  }

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    checkId(customer, 'customer');
    // The length comes from a first page of the same size: one call when everything fits, memoised for a
    // later first page. An empty answer may mean a mistyped customer, which is then NOT_FOUND.
    const head = () => this.reads.search(call, customer, type, 0, page.size);
    let toInvoice = mapListed;
    const source = {
      lengthForEnd: async () => (await this.reads.existingOrEmpty(call, customer, await head())).total,
      lengthForEmpty: async () => (await head()).total,
      range: async (start: number, end: number) => {
        const found = await this.reads.existingOrEmpty(call, customer, await this.reads.search(call, customer, type, start, end - start));
        toInvoice = this.listed.mapperFor(isSharedAnswer(found), '', mapListed);
        return { offset: start, ...found };
      },
    };
    return pageByOffset(page, source, (wire) => toInvoice(wire));
  }

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    if (ref.preview) return null;
    const id = checkId(ref.key, 'id');
    const wire = await this.reads.invoice(call, id);
    if (wire === null) return null;
    // The invoice as Flexprice says it is, its own customer included: authorization (src/auth) decides from
    // that, so another customer's id is FORBIDDEN under JWT, never that customer's invoice.
    return mapInvoice(wire, false);
  }

  async getCustomers(call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]> {
    return mapWithConcurrency(ids, CUSTOMER_CONCURRENCY, (id) => this.reads.customer(call, id));
  }

  checkPreview(input: PreviewInvoiceInput): void {
    const fields = changedPreviewFields(input);
    if (fields.length > 0) {
      throw unsupported(`Flexprice previews a subscription's invoice for a billing period only; it cannot preview ${fields.join(', ')}`, {
        provider: 'flexprice',
        fields,
      });
    }
    checkId(input.customer, ['input', 'customer']);
    if (input.subscription !== null) checkId(input.subscription, ['input', 'subscription']);
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
      input.subscription === null ? await this.reads.onlySubscription(call, customer, ['input', 'subscription']) : input.subscription;
    if (subscription === null) {
      throw notFound(`Flexprice customer ${customer} has no active subscription to preview`, { provider: 'flexprice' });
    }
    return this.reads.previewFor(call, customer, {
      subscription_id: subscription,
      ...(input.periodStart ? { period_start: input.periodStart.toISOString() } : {}),
      ...(input.periodEnd ? { period_end: input.periodEnd.toISOString() } : {}),
      ...(input.hideZeroCharges !== null ? { hide_zero_charges_line_items: input.hideZeroCharges } : {}),
    });
  }

  close(): Promise<void> {
    return this.reads.close();
  }
}
