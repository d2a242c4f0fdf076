import { badInput } from '../../domain/errors.js';
import type { Invoice, InvoiceLine, InvoiceTypeFilter } from '../../domain/invoice.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { isSharedAnswer } from '../../http/single-flight.js';
import type { InvoiceListQuery, ProviderCall } from '../provider.js';
import { SharedInvoices } from '../mapped-once.js';
import { mapInvoice, mapLine, originOf } from './map.js';
import { MAX_LIMIT, type StripeReads } from './reads.js';
import type { StInvoice } from './wire.js';

/** Upstream pages a filtered (type) page may scan before it returns what it has: 1,000 invoices. */
const MAX_FILTER_SCAN = 10;
/** Upstream pages `last` without `before` may walk to find the end: 2,000 invoices or lines. */
const MAX_WALK = 20;
export const INVOICE_ID = /^in_[A-Za-z0-9]+$/;
const LINE_ID = /^il_(tmp_)?[A-Za-z0-9_]+$/;

function checkPosition(position: string, pattern: RegExp, argument: string): void {
  if (!pattern.test(position)) throw badInput(`\`${argument}\` does not point at a position in this list`, [argument]);
}

/** Reads pages forward until the upstream is done; refuses lists longer than `maxPages` pages. */
async function walk<T>(maxPages: number, read: (cursor: string | null) => Promise<{ data: T[]; last: string | null; hasMore: boolean }>) {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = await read(cursor);
    all.push(...page.data);
    if (!page.hasMore || page.last === null) return all;
    cursor = page.last;
  }
  throw badInput(
    `this list is longer than ${maxPages * MAX_LIMIT} items; page from the start with \`first\`/\`after\` instead of \`last\` alone`,
    ['last'],
  );
}

/** How a page's invoices are made from wire invoices: `shared` when every upstream answer they came from was (single flight). */
type ItemsOf = (shared: boolean) => (wire: StInvoice) => { item: Invoice; position: string };

/** The last `size` of a fully walked list. */
function tail<W, T>(all: W[], size: number, item: (wire: W) => { item: T; position: string }): Page<T> {
  const start = Math.max(0, all.length - size);
  return { items: all.slice(start).map(item), hasNextPage: false, hasPreviousPage: start > 0, totalCount: all.length };
}

/**
 * Invoice history over GET /v1/invoices: id-cursor paging, the type filtered here from billing_reason.
 * Unfiltered pages ask for exactly the page; filtered ones over-fetch whole upstream pages (bounded).
 */
export class StripeHistory {
  /** Invoices of answers several requests received, mapped once for all of them (mapped-once.ts). */
  private readonly shared = new SharedInvoices<StInvoice>();

  constructor(private readonly reads: StripeReads) {}

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    const matches = (invoice: StInvoice) => type === 'ALL' || originOf(invoice.billingReason) === type;
    const item: ItemsOf = (shared) => {
      const map = this.shared.mapperFor(shared, customer, (wire) => mapInvoice(wire, customer));
      return (wire) => ({ item: map(wire), position: wire.id });
    };
    if (page.direction === 'forward') return this.forward(call, customer, type, page, matches, item);
    if (page.before === null) {
      // Stripe lists newest first and cannot start from the oldest end: walk to it (bounded).
      let shared = true;
      const all = await walk(MAX_WALK, async (cursor) => {
        const upstream = await this.reads.invoicePage(call, customer, {
          limit: String(MAX_LIMIT),
          ...(cursor ? { starting_after: cursor } : {}),
        });
        shared &&= isSharedAnswer(upstream);
        return { data: upstream.data.filter(matches), last: upstream.data.at(-1)?.id ?? null, hasMore: upstream.hasMore };
      });
      return tail(all, page.size, item(shared));
    }
    return this.backward(call, customer, type, { ...page, before: page.before }, matches, item);
  }

  private async forward(
    call: ProviderCall,
    customer: string,
    type: InvoiceTypeFilter,
    page: Extract<PageRequest, { direction: 'forward' }>,
    matches: (invoice: StInvoice) => boolean,
    item: ItemsOf,
  ): Promise<Page<Invoice>> {
    if (page.after !== null) checkPosition(page.after, INVOICE_ID, 'after');
    const limit = String(type === 'ALL' ? page.size : MAX_LIMIT);
    const found: StInvoice[] = [];
    let cursor = page.after;
    let more = true;
    let shared = true;
    for (let scans = 0; more && found.length <= page.size && scans < MAX_FILTER_SCAN && (type !== 'ALL' || scans === 0); scans += 1) {
      const upstream = await this.reads.invoicePage(call, customer, { limit, ...(cursor ? { starting_after: cursor } : {}) });
      for (const wire of upstream.data) if (matches(wire)) found.push(wire);
      shared &&= isSharedAnswer(upstream);
      more = upstream.hasMore && upstream.data.length > 0;
      cursor = upstream.data.at(-1)?.id ?? cursor;
    }
    // More exist when we saw one beyond the page, or stopped scanning with the upstream not done.
    return {
      items: found.slice(0, page.size).map(item(shared)),
      hasNextPage: found.length > page.size || more,
      hasPreviousPage: page.after !== null,
      totalCount: null,
    };
  }

  private async backward(
    call: ProviderCall,
    customer: string,
    type: InvoiceTypeFilter,
    page: { size: number; before: string },
    matches: (invoice: StInvoice) => boolean,
    item: ItemsOf,
  ): Promise<Page<Invoice>> {
    checkPosition(page.before, INVOICE_ID, 'before');
    const limit = String(type === 'ALL' ? page.size : MAX_LIMIT);
    let found: StInvoice[] = [];
    let cursor = page.before;
    let more = true;
    let shared = true;
    for (let scans = 0; more && found.length <= page.size && scans < MAX_FILTER_SCAN && (type !== 'ALL' || scans === 0); scans += 1) {
      // ending_before answers the `limit` invoices just newer than the cursor, still newest first.
      const upstream = await this.reads.invoicePage(call, customer, { limit, ending_before: cursor });
      found = [...upstream.data.filter(matches), ...found];
      shared &&= isSharedAnswer(upstream);
      more = upstream.hasMore && upstream.data.length > 0;
      cursor = upstream.data[0]?.id ?? cursor;
    }
    const start = Math.max(0, found.length - page.size);
    return { items: found.slice(start).map(item(shared)), hasNextPage: true, hasPreviousPage: start > 0 || more, totalCount: null };
  }

  /** Lines beyond the page embedded in an issued invoice (the first page costs no upstream call). */
  async listInvoiceLines(call: ProviderCall, invoice: Invoice, page: PageRequest): Promise<Page<InvoiceLine>> {
    const id = invoice.ref.key;
    const item = (line: InvoiceLine) => ({ item: line, position: line.id ?? '' });
    if (page.direction === 'forward') {
      if (page.after === null && (page.size <= invoice.lines.length || !invoice.linesHasMore)) {
        const items = invoice.lines.slice(0, page.size);
        const hasNextPage = page.size < invoice.lines.length || invoice.linesHasMore;
        return { items: items.map(item), hasNextPage, hasPreviousPage: false, totalCount: null };
      }
      if (page.after !== null) checkPosition(page.after, LINE_ID, 'after');
      const upstream = await this.reads.linesPage(call, id, {
        limit: String(page.size),
        ...(page.after ? { starting_after: page.after } : {}),
      });
      const items = upstream.data.map(mapLine).map(item);
      return { items, hasNextPage: upstream.hasMore, hasPreviousPage: page.after !== null, totalCount: null };
    }
    if (page.before === null) {
      const all = await walk(MAX_WALK, async (cursor) => {
        const upstream = await this.reads.linesPage(call, id, { limit: String(MAX_LIMIT), ...(cursor ? { starting_after: cursor } : {}) });
        return { data: upstream.data, last: upstream.data.at(-1)?.id ?? null, hasMore: upstream.hasMore };
      });
      return tail(all, page.size, (wire) => item(mapLine(wire)));
    }
    checkPosition(page.before, LINE_ID, 'before');
    const upstream = await this.reads.linesPage(call, id, { limit: String(page.size), ending_before: page.before });
    return { items: upstream.data.map(mapLine).map(item), hasNextPage: true, hasPreviousPage: upstream.hasMore, totalCount: null };
  }
}
