import type { CloudflareSettings } from '../../config.js';
import { badInput, badResponse, notFound, unsupported } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceRef, InvoiceTypeFilter } from '../../domain/invoice.js';
import { pageByOffset, type OffsetRange, type Page } from '../../domain/pagination.js';
import { changedPreviewFields, periodPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { CloudflareClient } from './client.js';
import { historyKey, mapHistoryInvoice, mapInvoicePreview, type CfMapping } from './map.js';
import { readInvoiceHistory, readInvoicePreview, type CfHistoryInvoice, type CfHistoryPage } from './wire.js';

/** Invoices asked per upstream history page. Cloudflare documents no page parameters (docs/UPSTREAMS.md 1.2). */
const HISTORY_PAGE_SIZE = 50;
/** invoice(id) scans history pages; this bounds it (5,000 invoices). */
const MAX_SCAN_PAGES = 100;
const ACCOUNT_ID = /^[0-9a-f]{32}$/;

const TYPE_PARAM: Record<InvoiceTypeFilter, string> = { ALL: 'all', AUTO: 'auto', MANUAL: 'manual' };

/** A contiguous run of the filtered history, starting at list index `offset`. */
type HistoryRange = OffsetRange<CfHistoryInvoice>;

/**
 * The Cloudflare AI Gateway billing adapter: invoice-preview for the upcoming invoice, invoice-history
 * for the rest. History paging works whether or not the upstream honours page/per_page: it asks for
 * pages, and when an answer holds everything it slices locally (docs/ARCHITECTURE.md section 5).
 */
export class CloudflareProvider implements BillingProvider {
  readonly name = 'cloudflare' as const;
  readonly defaultCustomer: string | null;
  private readonly client: CloudflareClient;

  constructor(
    private readonly settings: CloudflareSettings & { baseUrl: string },
    deadlines: Deadlines,
    retry: RetryPolicy,
  ) {
    this.defaultCustomer = settings.defaultAccount;
    this.client = new CloudflareClient(settings, deadlines, retry);
  }

  private mapping(account: string): CfMapping {
    return { account, amountUnit: this.settings.amountUnit };
  }

  private billingPath(account: string, endpoint: string): string {
    if (!ACCOUNT_ID.test(account)) throw badInput('a Cloudflare account id is 32 lowercase hex characters', ['customer']);
    return `/accounts/${account}/ai-gateway/billing/${endpoint}`;
  }

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    if (query.subscription !== null) {
      throw unsupported('Cloudflare AI Gateway billing has no subscriptions; leave `subscription` out', {
        provider: 'cloudflare',
        fields: ['subscription'],
      });
    }
    const path = this.billingPath(query.customer, 'invoice-preview');
    const preview = await this.client.get(call, path, new URLSearchParams(), (result) =>
      result.isNull() ? null : readInvoicePreview(result),
    );
    return preview && mapInvoicePreview(preview, this.mapping(query.customer));
  }

  /** One upstream history page (memoised per request: the same page is read once). */
  private historyPage(call: ProviderCall, account: string, type: InvoiceTypeFilter, page: number): Promise<CfHistoryPage> {
    const path = this.billingPath(account, 'invoice-history');
    const query = new URLSearchParams({ type: TYPE_PARAM[type], page: String(page), per_page: String(HISTORY_PAGE_SIZE) });
    return this.client.get(call, path, query, readInvoiceHistory);
  }

  /** True when an answer holds the whole list (the upstream ignored paging or it all fits). */
  private static isEverything(page: CfHistoryPage): boolean {
    return page.invoices.length >= page.totalCount || (!page.hasMore && page.page === 1);
  }

  /** A part of the list other than the one asked for: slicing it in would give a wrong page. */
  private static checkPageNumber(page: CfHistoryPage, asked: number): void {
    if (page.page !== asked) {
      throw badResponse(
        'cloudflare',
        'result.pagination.page',
        `asked for page ${asked} and got page ${page.page}, which is not the whole list`,
      );
    }
  }

  /** Reads the history needed to cover list indexes [start, end). */
  private async historyRange(
    call: ProviderCall,
    account: string,
    type: InvoiceTypeFilter,
    start: number,
    end: number,
  ): Promise<HistoryRange> {
    let pageNumber = Math.floor(start / HISTORY_PAGE_SIZE) + 1;
    let page = await this.historyPage(call, account, type, pageNumber);
    if (CloudflareProvider.isEverything(page)) {
      // Everything came at once (the upstream ignores paging, or it all fits): slice locally.
      return { offset: 0, items: page.invoices, total: Math.max(page.totalCount, page.invoices.length) };
    }
    const size = page.perPage > 0 ? page.perPage : HISTORY_PAGE_SIZE;
    if (size !== HISTORY_PAGE_SIZE) {
      // The upstream chose its own page size: locate the page that holds `start` in its terms.
      const wanted = Math.floor(start / size) + 1;
      if (wanted !== pageNumber) {
        pageNumber = wanted;
        page = await this.historyPage(call, account, type, pageNumber);
      }
    }
    CloudflareProvider.checkPageNumber(page, pageNumber);
    const range: HistoryRange = { offset: (pageNumber - 1) * size, items: [...page.invoices], total: page.totalCount };
    while (range.offset + range.items.length < end && page.hasMore) {
      pageNumber += 1;
      page = await this.historyPage(call, account, type, pageNumber);
      CloudflareProvider.checkPageNumber(page, pageNumber);
      if (page.invoices.length === 0) break;
      range.items.push(...page.invoices);
      range.total = page.totalCount;
    }
    return range;
  }

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    // The length comes from page 1 (memoised, so a later first page costs nothing).
    const length = async () => (await this.historyPage(call, customer, type, 1)).totalCount;
    const source = {
      lengthForEnd: length,
      lengthForEmpty: length,
      range: (start: number, end: number) => this.historyRange(call, customer, type, start, end),
    };
    return pageByOffset(page, source, (wire) => mapHistoryInvoice(wire, type, this.mapping(customer)));
  }

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    // No retrieve endpoint: walk the history (pages are memoised, so a page already read costs nothing).
    for (let pageNumber = 1; pageNumber <= MAX_SCAN_PAGES; pageNumber += 1) {
      const range = await this.historyRange(
        call,
        ref.customer,
        'ALL',
        (pageNumber - 1) * HISTORY_PAGE_SIZE,
        pageNumber * HISTORY_PAGE_SIZE,
      );
      const found = range.items.find((wire) => historyKey(wire) === ref.key);
      if (found) return mapHistoryInvoice(found, 'ALL', this.mapping(ref.customer));
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
