import { badInput, badResponse } from '../../domain/errors.js';
import type { InvoiceTypeFilter } from '../../domain/invoice.js';
import type { OffsetRange } from '../../domain/pagination.js';
import { isSharedAnswer } from '../../http/single-flight.js';
import type { ProviderCall } from '../provider.js';
import type { CloudflareClient } from './client.js';
import { readInvoiceHistory, type CfHistoryInvoice, type CfHistoryPage } from './wire.js';

/** Invoices asked per upstream history page. Cloudflare documents no page parameters (docs/UPSTREAMS.md 1.2). */
export const HISTORY_PAGE_SIZE = 50;
const ACCOUNT_ID = /^[0-9a-f]{32}$/;

const TYPE_PARAM: Record<InvoiceTypeFilter, string> = { ALL: 'all', AUTO: 'auto', MANUAL: 'manual' };

/**
 * A contiguous run of the filtered history, starting at list index `offset`. `shared`: every page of it is an
 * answer other requests received too (single flight), so its invoices may be mapped once for all of them.
 */
export type HistoryRange = OffsetRange<CfHistoryInvoice> & { shared: boolean };

/** The path of one billing endpoint of an account; the account id is checked before it goes in a URL. */
export function billingPath(account: string, endpoint: string): string {
  if (!ACCOUNT_ID.test(account)) throw badInput('a Cloudflare account id is 32 lowercase hex characters', ['customer']);
  return `/accounts/${account}/ai-gateway/billing/${endpoint}`;
}

/** True when an answer holds the whole list (the upstream ignored paging or it all fits). */
function isEverything(page: CfHistoryPage): boolean {
  return page.invoices.length >= page.totalCount || (!page.hasMore && page.page === 1);
}

/** A part of the list other than the one asked for: slicing it in would give a wrong page. */
function checkPageNumber(page: CfHistoryPage, asked: number): void {
  if (page.page !== asked) {
    throw badResponse(
      'cloudflare',
      'result.pagination.page',
      `asked for page ${asked} and got page ${page.page}, which is not the whole list`,
    );
  }
}

/**
 * invoice-history read as an offset-addressed list. It works whether or not the upstream honours
 * page/per_page: it asks for pages, and when an answer holds everything it slices locally
 * (docs/ARCHITECTURE.md section 5).
 */
export class CloudflareHistory {
  constructor(private readonly client: CloudflareClient) {}

  /** One upstream history page (memoised per request: the same page is read once). */
  page(call: ProviderCall, account: string, type: InvoiceTypeFilter, page: number): Promise<CfHistoryPage> {
    const path = billingPath(account, 'invoice-history');
    const query = new URLSearchParams({ type: TYPE_PARAM[type], page: String(page), per_page: String(HISTORY_PAGE_SIZE) });
    return this.client.get(call, path, query, readInvoiceHistory);
  }

  /** Reads the history needed to cover list indexes [start, end). */
  async range(call: ProviderCall, account: string, type: InvoiceTypeFilter, start: number, end: number): Promise<HistoryRange> {
    let pageNumber = Math.floor(start / HISTORY_PAGE_SIZE) + 1;
    let page = await this.page(call, account, type, pageNumber);
    if (isEverything(page)) {
      // Everything came at once (the upstream ignores paging, or it all fits): slice locally.
      return { offset: 0, items: page.invoices, total: Math.max(page.totalCount, page.invoices.length), shared: isSharedAnswer(page) };
    }
    const size = page.perPage > 0 ? page.perPage : HISTORY_PAGE_SIZE;
    if (size !== HISTORY_PAGE_SIZE) {
      // The upstream chose its own page size: locate the page that holds `start` in its terms.
      const wanted = Math.floor(start / size) + 1;
      if (wanted !== pageNumber) {
        pageNumber = wanted;
        page = await this.page(call, account, type, pageNumber);
      }
    }
    checkPageNumber(page, pageNumber);
    const range: HistoryRange = {
      offset: (pageNumber - 1) * size,
      items: [...page.invoices],
      total: page.totalCount,
      shared: isSharedAnswer(page),
    };
    while (range.offset + range.items.length < end && page.hasMore) {
      pageNumber += 1;
      page = await this.page(call, account, type, pageNumber);
      checkPageNumber(page, pageNumber);
      if (page.invoices.length === 0) break;
      range.items.push(...page.invoices);
      range.total = page.totalCount;
      range.shared &&= isSharedAnswer(page);
    }
    return range;
  }
}
