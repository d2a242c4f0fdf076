import type { StripeSettings } from '../../config.js';
import { BillingError } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceLine, InvoiceRef } from '../../domain/invoice.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import type { PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { INVOICE_ID, StripeHistory } from './history.js';
import { checkStripeId, isStripeId } from './ids.js';
import { isPreviewId, mapInvoice } from './map.js';
import { checkStripePreview } from './preview-checks.js';
import { previewParams } from './preview-params.js';
import { StripeReads } from './reads.js';

/** Customer reads in flight at once (Stripe's default per-endpoint limit is 25 req/s). */
const CUSTOMER_CONCURRENCY = 4;

/**
 * The Stripe adapter: create_preview for the upcoming invoice and previews, id-cursor paging over
 * GET /v1/invoices (history.ts), retrieve, the lines endpoint beyond the embedded page, and customers
 * read once each per request.
 */
export class StripeProvider implements BillingProvider {
  readonly name = 'stripe' as const;
  readonly defaultCustomer: string | null;
  private readonly reads: StripeReads;
  private readonly history: StripeHistory;

  constructor(settings: StripeSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.defaultCustomer = settings.defaultCustomer;
    this.reads = new StripeReads(settings, deadlines, retry);
    this.history = new StripeHistory(this.reads);
  }

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    checkStripeId('customer', query.customer, ['customer']);
    const subscription =
      query.subscription === null
        ? await this.reads.onlySubscription(call, query.customer, ['subscription'])
        : await this.reads.customersSubscription(call, query.customer, checkStripeId('subscription', query.subscription, ['subscription']));
    if (subscription === null) return null;
    try {
      const wire = await this.reads.preview(call, { customer: query.customer, subscription }, (param) =>
        param === 'customer' || param === 'subscription' ? [param] : null,
      );
      return mapInvoice(wire, query.customer);
    } catch (error) {
      // A subscription with nothing left to bill (canceled at period end) has no upcoming invoice.
      if (isUpstreamCode(error, 'invoice_upcoming_none')) return null;
      throw error;
    }
  }

  listInvoices(call: ProviderCall, query: InvoiceListQuery): Promise<Page<Invoice>> {
    checkStripeId('customer', query.customer, ['customer']);
    return this.history.listInvoices(call, query);
  }

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    if (ref.preview || isPreviewId(ref.key) || !INVOICE_ID.test(ref.key)) return null;
    const wire = await this.reads.invoice(call, ref.key);
    return wire && mapInvoice(wire, ref.customer);
  }

  listInvoiceLines(call: ProviderCall, invoice: Invoice, page: PageRequest): Promise<Page<InvoiceLine>> {
    return this.history.listInvoiceLines(call, invoice, page);
  }

  async getCustomers(call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]> {
    return mapWithConcurrency(ids, CUSTOMER_CONCURRENCY, async (id) => {
      if (!isStripeId('customer', id)) return null;
      const customer = await this.reads.customer(call, id);
      return customer ? { id: customer.id, name: customer.name, email: customer.email } : null;
    });
  }

  checkPreview(input: PreviewInvoiceInput): void {
    checkStripeId('customer', input.customer, ['input', 'customer']);
    if (input.subscription !== null) checkStripeId('subscription', input.subscription, ['input', 'subscription']);
    checkStripePreview(input);
  }

  async previewInvoice(call: ProviderCall, input: PreviewInvoiceInput): Promise<Invoice> {
    this.checkPreview(input);
    const { params, fieldOf } = await previewParams(this.reads, call, input);
    return mapInvoice(await this.reads.preview(call, params, fieldOf), input.customer);
  }

  close(): Promise<void> {
    return this.reads.close();
  }
}

function isUpstreamCode(error: unknown, code: string): boolean {
  return error instanceof BillingError && error.details.upstreamCode === code;
}
