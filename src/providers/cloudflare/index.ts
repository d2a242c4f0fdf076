import type { CloudflareSettings } from '../../config.js';
import { notFound, unsupported } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceRef, InvoiceTypeFilter } from '../../domain/invoice.js';
import { pageByOffset, type Page } from '../../domain/pagination.js';
import { changedPreviewFields, periodPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import { isSharedAnswer } from '../../http/single-flight.js';
import { SharedInvoices } from '../mapped-once.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { CloudflareClient } from './client.js';
import { historyKey, mapHistoryInvoice, mapInvoicePreview, type CfMapping } from './map.js';
import { billingPath, CloudflareHistory, HISTORY_PAGE_SIZE } from './history.js';
import { readInvoicePreview, type CfHistoryInvoice, type CfInvoicePreview } from './wire.js';

/** invoice(id) scans history pages; this bounds it (5,000 invoices). */
const MAX_SCAN_PAGES = 100;

/**
 * The Cloudflare AI Gateway billing adapter: invoice-preview for the upcoming invoice, invoice-history
 * for the rest, read through CloudflareHistory (history.ts) as an offset-addressed list.
 */
export class CloudflareProvider implements BillingProvider {
  readonly name = 'cloudflare' as const;
  readonly defaultCustomer: string | null;
  private readonly client: CloudflareClient;
  private readonly history: CloudflareHistory;
  /** History invoices mapped once per wire object, whichever request asked (the amount unit is this adapter's). */
  private readonly mapped = new SharedInvoices<CfHistoryInvoice>();
  /** Upcoming invoices likewise: one mapping per preview answer several requests received. */
  private readonly previews = new SharedInvoices<CfInvoicePreview>();

  constructor(
    private readonly settings: CloudflareSettings & { baseUrl: string },
    deadlines: Deadlines,
    retry: RetryPolicy,
  ) {
    this.defaultCustomer = settings.defaultAccount;
    this.client = new CloudflareClient(settings, deadlines, retry);
    this.history = new CloudflareHistory(this.client);
  }

  private mapping(account: string): CfMapping {
    return { account, amountUnit: this.settings.amountUnit };
  }

  /**
   * Maps history entries to domain invoices. Those of an answer other requests hold too are mapped once for
   * all of them and shared, never to be mutated (mapped-once.ts); remembering the others would cost more.
   */
  private historyInvoices(filter: InvoiceTypeFilter, account: string, shared: boolean): (wire: CfHistoryInvoice) => Invoice {
    return this.mapped.mapperFor(shared, `${filter} ${account}`, (wire) => mapHistoryInvoice(wire, filter, this.mapping(account)));
  }

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    if (query.subscription !== null) {
      throw unsupported('Cloudflare AI Gateway billing has no subscriptions; leave `subscription` out', {
        provider: 'cloudflare',
        fields: ['subscription'],
      });
    }
    const path = billingPath(query.customer, 'invoice-preview');
    const preview = await this.client.get(call, path, new URLSearchParams(), (result) =>
      result.isNull() ? null : readInvoicePreview(result),
    );
    if (!preview) return null;
    const map = (wire: CfInvoicePreview) => mapInvoicePreview(wire, this.mapping(query.customer));
    return this.previews.mapperFor(isSharedAnswer(preview), query.customer, map)(preview);
  }

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    // The length comes from page 1 (memoised, so a later first page costs nothing).
    const length = async () => (await this.history.page(call, customer, type, 1)).totalCount;
    let toInvoice = this.historyInvoices(type, customer, false);
    const source = {
      lengthForEnd: length,
      lengthForEmpty: length,
      range: async (start: number, end: number) => {
        const range = await this.history.range(call, customer, type, start, end);
        toInvoice = this.historyInvoices(type, customer, range.shared);
        return range;
      },
    };
    return pageByOffset(page, source, (wire) => toInvoice(wire));
  }

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    // No retrieve endpoint: walk the history (pages are memoised, so a page already read costs nothing).
    for (let pageNumber = 1; pageNumber <= MAX_SCAN_PAGES; pageNumber += 1) {
      const range = await this.history.range(
        call,
        ref.customer,
        'ALL',
        (pageNumber - 1) * HISTORY_PAGE_SIZE,
        pageNumber * HISTORY_PAGE_SIZE,
      );
      const found = range.items.find((wire) => historyKey(wire) === ref.key);
      if (found) return this.historyInvoices('ALL', ref.customer, range.shared)(found);
      if (range.offset + range.items.length >= range.total || range.items.length === 0) return null;
    }
    return null;
  }

  async getCustomers(_call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]> {
    // Cloudflare bills accounts and has no customer record with a name or email to read.
    return ids.map((id) => ({ id, name: null, email: null }));
  }

  checkPreview(input: PreviewInvoiceInput): void {
    const fields = changedPreviewFields(input);
    if (input.subscription) fields.push('subscription');
    fields.push(...periodPreviewFields(input));
    if (fields.length > 0) {
      throw unsupported(`Cloudflare's invoice preview takes no input, so it cannot preview ${fields.join(', ')}`, {
        provider: 'cloudflare',
        fields,
      });
    }
  }

  async previewInvoice(call: ProviderCall, input: PreviewInvoiceInput): Promise<Invoice> {
    this.checkPreview(input);
    const invoice = await this.upcomingInvoice(call, { customer: input.customer, subscription: null });
    if (!invoice) throw notFound(`Cloudflare account ${input.customer} has no upcoming invoice to preview`, { provider: 'cloudflare' });
    return invoice;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
