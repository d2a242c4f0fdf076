import type { StripeSettings } from '../../config.js';
import { currencyExponent, normalizeCurrency } from '../../domain/currency.js';
import type { Decimal } from '../../domain/decimal.js';
import { BillingError, badInput, unsupported } from '../../domain/errors.js';
import type { Customer, Invoice, InvoiceLine, InvoiceRef } from '../../domain/invoice.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { periodPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import type { Deadlines } from '../../http/client.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { BillingProvider, InvoiceListQuery, ProviderCall } from '../provider.js';
import { StripeClient, type FieldOf } from './client.js';
import { stripeExponent } from './currency.js';
import type { FormValue } from './form.js';
import { isPreviewId, mapInvoice, mapLine, originOf, toMinorUnits } from './map.js';
import { readCustomer, readInvoice, readLine, readList, readSubscriptionId, type StCustomer, type StInvoice, type StList } from './wire.js';

/** Stripe's list limit. */
const MAX_LIMIT = 100;
/** Upstream pages a filtered (type) page may scan before it returns what it has: 1,000 invoices. */
const MAX_FILTER_SCAN = 10;
/** Upstream pages `last` without `before` may walk to find the end: 2,000 invoices or lines. */
const MAX_WALK = 20;
/** Customer reads in flight at once (Stripe's default per-endpoint limit is 25 req/s). */
const CUSTOMER_CONCURRENCY = 4;
const INVOICE_ID = /^in_[A-Za-z0-9]+$/;
const LINE_ID = /^il_(tmp_)?[A-Za-z0-9_]+$/;

/** A subscription item quantity as Stripe takes it: a whole number (undefined when not given). */
function wholeQuantity(quantity: Decimal | null, path: (string | number)[]): string | undefined {
  if (quantity === null) return undefined;
  const whole = quantity.toUnits(0);
  if (whole === null) throw badInput('a subscription item quantity must be a whole number', path);
  return whole.toString();
}

/**
 * A single charge (no quantity) is billed in whole units of the currency, as ISO and Stripe both count them
 * (ISK: whole krónur, though Stripe writes two decimals; MGA: whole ariary): Stripe would round a finer one.
 * With a quantity the amount is a unit price, which may be finer (Stripe's unit_amount_decimal).
 */
function checkChargeAmount(amount: Decimal, quantity: Decimal | null, currency: string, field: (string | number)[]): void {
  if (quantity !== null) return;
  const code = currency.toUpperCase();
  if (amount.toUnits(currencyExponent(code)) === null || amount.toUnits(stripeExponent(code)) === null) {
    throw badInput(`\`amount\` is finer than ${code}'s smallest unit: give whole units, or a \`quantity\` to make it a unit price`, field);
  }
}

/** Stripe params of list reads -> the GraphQL argument they came from. */
const LIST_FIELDS: FieldOf = (param) =>
  ({ starting_after: ['after'], ending_before: ['before'], limit: ['first'], customer: ['customer'], subscription: ['subscription'] })[
    param
  ] ?? null;

/**
 * The Stripe adapter: create_preview for the upcoming invoice and previews, id-cursor paging over
 * GET /v1/invoices (type filtered here, from billing_reason, with bounded over-fetch), retrieve, the
 * lines endpoint beyond the embedded page, and customers read once each per request.
 */
export class StripeProvider implements BillingProvider {
  readonly name = 'stripe' as const;
  readonly defaultCustomer: string | null;
  private readonly client: StripeClient;

  constructor(settings: StripeSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    this.defaultCustomer = settings.defaultCustomer;
    this.client = new StripeClient(settings, deadlines, retry);
  }

  // ---- reads (each memoised per request: the same read costs one upstream call) ----

  private invoicePage(call: ProviderCall, customer: string, params: Record<string, string>): Promise<StList<StInvoice>> {
    const query = new URLSearchParams({ customer, ...params });
    return call.memo(`stripe GET /v1/invoices?${query}`, async () =>
      readList(await this.client.get('/v1/invoices', query, call, LIST_FIELDS), readInvoice),
    );
  }

  private linesPage(call: ProviderCall, invoiceId: string, params: Record<string, string>) {
    const query = new URLSearchParams(params);
    const path = `/v1/invoices/${encodeURIComponent(invoiceId)}/lines`;
    return call.memo(`stripe GET ${path}?${query}`, async () => readList(await this.client.get(path, query, call, LIST_FIELDS), readLine));
  }

  private customer(call: ProviderCall, id: string): Promise<StCustomer | null> {
    const path = `/v1/customers/${encodeURIComponent(id)}`;
    return call.memo(`stripe GET ${path}`, async () => {
      try {
        return readCustomer(await this.client.get(path, new URLSearchParams(), call, () => ['customer']));
      } catch (error) {
        if (error instanceof BillingError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    });
  }

  private activeSubscriptions(call: ProviderCall, customer: string, field: (string | number)[]): Promise<string[]> {
    const query = new URLSearchParams({ customer, status: 'active', limit: String(MAX_LIMIT) });
    return call.memo(`stripe GET /v1/subscriptions?${query}`, async () => {
      const list = readList(
        await this.client.get('/v1/subscriptions', query, call, (param) => (param === 'customer' ? field : null)),
        readSubscriptionId,
      );
      return list.data;
    });
  }

  private preview(call: ProviderCall, params: Record<string, FormValue>, fieldOf: FieldOf): Promise<StInvoice> {
    return call.memo(`stripe POST /v1/invoices/create_preview ${JSON.stringify(params)}`, async () =>
      readInvoice(await this.client.post('/v1/invoices/create_preview', params, call, fieldOf)),
    );
  }

  // ---- upcoming invoice ----

  /** The one active subscription to preview; null when there is none; BAD_USER_INPUT listing several. */
  private async onlySubscription(call: ProviderCall, customer: string, field: (string | number)[]): Promise<string | null> {
    const subscriptions = await this.activeSubscriptions(call, customer, field.slice(0, -1).concat('customer'));
    if (subscriptions.length > 1) {
      throw new BillingError(
        'BAD_USER_INPUT',
        `customer ${customer} has ${subscriptions.length} active subscriptions; name one in \`subscription\`: ${subscriptions.join(', ')}`,
        { provider: 'stripe', field, choices: subscriptions },
      );
    }
    return subscriptions[0] ?? null;
  }

  async upcomingInvoice(call: ProviderCall, query: { customer: string; subscription: string | null }): Promise<Invoice | null> {
    const subscription = query.subscription ?? (await this.onlySubscription(call, query.customer, ['subscription']));
    if (subscription === null) return null;
    try {
      const wire = await this.preview(call, { customer: query.customer, subscription }, (param) =>
        param === 'customer' || param === 'subscription' ? [param] : null,
      );
      return mapInvoice(wire, query.customer);
    } catch (error) {
      // A subscription with nothing left to bill (canceled at period end) has no upcoming invoice.
      if (error instanceof BillingError && error.details.upstreamCode === 'invoice_upcoming_none') return null;
      throw error;
    }
  }

  // ---- history ----

  async listInvoices(call: ProviderCall, { customer, type, page }: InvoiceListQuery): Promise<Page<Invoice>> {
    const matches = (invoice: StInvoice) => type === 'ALL' || originOf(invoice.billingReason) === type;
    const item = (wire: StInvoice) => ({ item: mapInvoice(wire, customer), position: wire.id });
    // Unfiltered pages ask for exactly the page; filtered ones over-fetch whole upstream pages.
    const limit = String(type === 'ALL' ? page.size : MAX_LIMIT);

    if (page.direction === 'forward') {
      if (page.after !== null) checkPosition(page.after, INVOICE_ID, 'after');
      const found: StInvoice[] = [];
      let cursor = page.after;
      let more = true;
      let scans = 0;
      while (more && found.length <= page.size && scans < MAX_FILTER_SCAN && (type !== 'ALL' || scans === 0)) {
        const upstream = await this.invoicePage(call, customer, { limit, ...(cursor ? { starting_after: cursor } : {}) });
        scans += 1;
        for (const wire of upstream.data) if (matches(wire)) found.push(wire);
        more = upstream.hasMore && upstream.data.length > 0;
        cursor = upstream.data.at(-1)?.id ?? cursor;
      }
      // More exist when we saw one beyond the page, or stopped scanning with the upstream not done.
      return {
        items: found.slice(0, page.size).map(item),
        hasNextPage: found.length > page.size || more,
        hasPreviousPage: page.after !== null,
        totalCount: null,
      };
    }

    if (page.before === null) {
      // Stripe lists newest first and cannot start from the oldest end: walk to it (bounded).
      const all = await this.walk(MAX_WALK, async (cursor) => {
        const upstream = await this.invoicePage(call, customer, {
          limit: String(MAX_LIMIT),
          ...(cursor ? { starting_after: cursor } : {}),
        });
        return { data: upstream.data.filter(matches), last: upstream.data.at(-1)?.id ?? null, hasMore: upstream.hasMore };
      });
      const start = Math.max(0, all.length - page.size);
      return { items: all.slice(start).map(item), hasNextPage: false, hasPreviousPage: start > 0, totalCount: all.length };
    }

    checkPosition(page.before, INVOICE_ID, 'before');
    let found: StInvoice[] = [];
    let cursor = page.before;
    let more = true;
    let scans = 0;
    while (more && found.length <= page.size && scans < MAX_FILTER_SCAN && (type !== 'ALL' || scans === 0)) {
      // ending_before answers the `limit` invoices just newer than the cursor, still newest first.
      const upstream = await this.invoicePage(call, customer, { limit, ending_before: cursor });
      scans += 1;
      found = [...upstream.data.filter(matches), ...found];
      more = upstream.hasMore && upstream.data.length > 0;
      cursor = upstream.data[0]?.id ?? cursor;
    }
    const start = Math.max(0, found.length - page.size);
    return { items: found.slice(start).map(item), hasNextPage: true, hasPreviousPage: start > 0 || more, totalCount: null };
  }

  /** Reads pages forward until the upstream is done; refuses lists longer than `maxPages` pages. */
  private async walk<T>(
    maxPages: number,
    read: (cursor: string | null) => Promise<{ data: T[]; last: string | null; hasMore: boolean }>,
  ): Promise<T[]> {
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

  async getInvoice(call: ProviderCall, ref: InvoiceRef): Promise<Invoice | null> {
    if (ref.preview || isPreviewId(ref.key) || !INVOICE_ID.test(ref.key)) return null;
    const path = `/v1/invoices/${encodeURIComponent(ref.key)}`;
    try {
      const reader = await call.memo(`stripe GET ${path}`, () => this.client.get(path, new URLSearchParams(), call, () => ['id']));
      return mapInvoice(readInvoice(reader), ref.customer);
    } catch (error) {
      if (error instanceof BillingError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async listInvoiceLines(call: ProviderCall, invoice: Invoice, page: PageRequest): Promise<Page<InvoiceLine>> {
    const id = invoice.ref.key;
    const item = (line: InvoiceLine) => ({ item: line, position: line.id ?? '' });
    if (page.direction === 'forward') {
      if (page.after === null && (page.size <= invoice.lines.length || !invoice.linesHasMore)) {
        // The first page is already embedded in the invoice: no upstream call.
        const items = invoice.lines.slice(0, page.size);
        return {
          items: items.map(item),
          hasNextPage: page.size < invoice.lines.length || invoice.linesHasMore,
          hasPreviousPage: false,
          totalCount: null,
        };
      }
      if (page.after !== null) checkPosition(page.after, LINE_ID, 'after');
      const upstream = await this.linesPage(call, id, { limit: String(page.size), ...(page.after ? { starting_after: page.after } : {}) });
      return {
        items: upstream.data.map(mapLine).map(item),
        hasNextPage: upstream.hasMore,
        hasPreviousPage: page.after !== null,
        totalCount: null,
      };
    }
    if (page.before === null) {
      const all = await this.walk(MAX_WALK, async (cursor) => {
        const upstream = await this.linesPage(call, id, { limit: String(MAX_LIMIT), ...(cursor ? { starting_after: cursor } : {}) });
        return { data: upstream.data, last: upstream.data.at(-1)?.id ?? null, hasMore: upstream.hasMore };
      });
      const start = Math.max(0, all.length - page.size);
      return { items: all.slice(start).map(mapLine).map(item), hasNextPage: false, hasPreviousPage: start > 0, totalCount: all.length };
    }
    checkPosition(page.before, LINE_ID, 'before');
    const upstream = await this.linesPage(call, id, { limit: String(page.size), ending_before: page.before });
    return { items: upstream.data.map(mapLine).map(item), hasNextPage: true, hasPreviousPage: upstream.hasMore, totalCount: null };
  }

  async getCustomers(call: ProviderCall, ids: readonly string[]): Promise<(Customer | null)[]> {
    return mapWithConcurrency(ids, CUSTOMER_CONCURRENCY, async (id) => {
      const customer = await this.customer(call, id);
      return customer ? { id: customer.id, name: customer.name, email: customer.email } : null;
    });
  }

  // ---- previewInvoice ----

  checkPreview(input: PreviewInvoiceInput): void {
    // create_preview previews the next invoice of a subscription; it takes no billing period to choose.
    const fields = periodPreviewFields(input);
    if (fields.length > 0) {
      throw unsupported(`Stripe previews the next invoice, not a chosen billing period, so it cannot preview ${fields.join(', ')}`, {
        provider: 'stripe',
        choices: fields,
      });
    }
    input.addItems.forEach((item, i) => wholeQuantity(item.quantity, ['input', 'addItems', i, 'quantity']));
    input.changeItems.forEach((item, i) => wholeQuantity(item.quantity, ['input', 'changeItems', i, 'quantity']));
    input.invoiceItems.forEach((item, i) => {
      // Known without asking Stripe only when the currency is given; otherwise previewParams checks it.
      const currency = item.currency ?? input.currency;
      if (item.amount !== null && currency !== null)
        checkChargeAmount(item.amount, item.quantity, currency, ['input', 'invoiceItems', i, 'amount']);
    });
  }

  async previewInvoice(call: ProviderCall, input: PreviewInvoiceInput): Promise<Invoice> {
    this.checkPreview(input);
    const { params, fieldOf } = await this.previewParams(call, input);
    return mapInvoice(await this.preview(call, params, fieldOf), input.customer);
  }

  /**
   * PreviewInvoiceInput -> create_preview params, and the way back from a Stripe `param` to the input
   * field it came from. Without `subscription`, the customer's one active subscription is previewed
   * (as for upcomingInvoice); with none, items start a new subscription.
   */
  async previewParams(call: ProviderCall, input: PreviewInvoiceInput): Promise<{ params: Record<string, FormValue>; fieldOf: FieldOf }> {
    const fields = new Map<string, (string | number)[]>([
      ['customer', ['input', 'customer']],
      ['subscription', ['input', 'subscription']],
      ['currency', ['input', 'currency']],
      ['subscription_details[proration_date]', ['input', 'prorationDate']],
      ['subscription_details[proration_behavior]', ['input', 'prorationBehavior']],
    ]);
    const needsSubscription = input.changeItems.length > 0 || input.removeItems.length > 0 || input.prorationDate !== null;
    let subscription = input.subscription;
    if (subscription === null) {
      // Only one-off invoice items can be previewed on their own when the choice is ambiguous.
      const onlyInvoiceItems = input.invoiceItems.length > 0 && input.addItems.length === 0 && !needsSubscription;
      try {
        subscription = await this.onlySubscription(call, input.customer, ['input', 'subscription']);
      } catch (error) {
        if (!(onlyInvoiceItems && error instanceof BillingError && error.details.choices)) throw error;
      }
      if (subscription === null && (needsSubscription || (input.addItems.length === 0 && input.invoiceItems.length === 0))) {
        throw badInput(`customer ${input.customer} has no active subscription: add items to start one, or add invoice items`, [
          'input',
          'subscription',
        ]);
      }
    }

    const items: FormValue[] = [];
    const itemField = (path: (string | number)[], names: Record<string, string>) => {
      const index = items.length;
      fields.set(`subscription_details[items][${index}]`, path);
      for (const [stripe, ours] of Object.entries(names)) fields.set(`subscription_details[items][${index}][${stripe}]`, [...path, ours]);
    };
    input.addItems.forEach((add, i) => {
      itemField(['input', 'addItems', i], { price: 'price', quantity: 'quantity' });
      items.push({ price: add.price, quantity: wholeQuantity(add.quantity, ['input', 'addItems', i, 'quantity']) });
    });
    input.changeItems.forEach((change, i) => {
      itemField(['input', 'changeItems', i], { id: 'item', price: 'price', quantity: 'quantity' });
      items.push({
        id: change.item,
        price: change.price ?? undefined,
        quantity: wholeQuantity(change.quantity, ['input', 'changeItems', i, 'quantity']),
      });
    });
    input.removeItems.forEach((id, i) => {
      itemField(['input', 'removeItems', i], {});
      fields.set(`subscription_details[items][${items.length}][id]`, ['input', 'removeItems', i]);
      fields.set(`subscription_details[items][${items.length}][deleted]`, ['input', 'removeItems', i]);
      items.push({ id, deleted: true });
    });

    let currencyOfCustomer: string | null = null;
    const invoiceItems: FormValue[] = [];
    for (const [i, one] of input.invoiceItems.entries()) {
      const path = ['input', 'invoiceItems', i];
      for (const [stripe, ours] of Object.entries({
        price: 'price',
        amount: 'amount',
        unit_amount_decimal: 'amount',
        quantity: 'quantity',
        quantity_decimal: 'quantity',
        description: 'description',
        currency: 'currency',
      })) {
        fields.set(`invoice_items[${i}][${stripe}]`, [...path, ours]);
      }
      fields.set(`invoice_items[${i}]`, path);
      const quantity =
        one.quantity === null
          ? {}
          : one.quantity.toUnits(0) !== null
            ? { quantity: one.quantity.toUnits(0)?.toString() }
            : { quantity_decimal: one.quantity.toString() };
      if (one.price !== null) {
        invoiceItems.push({
          price: one.price,
          ...quantity,
          description: one.description ?? undefined,
          currency: one.currency?.toLowerCase(),
        });
        continue;
      }
      let currency = one.currency ?? input.currency;
      if (currency === null) {
        currencyOfCustomer ??= (await this.customer(call, input.customer))?.currency ?? null;
        if (currencyOfCustomer === null)
          throw badInput('name the `currency` of this amount (the customer has none yet)', [...path, 'currency']);
        currency = currencyOfCustomer;
        // checkPreview could not check this amount without the currency; now it is known.
        checkChargeAmount(one.amount as NonNullable<typeof one.amount>, one.quantity, currency, [...path, 'amount']);
      }
      const minor = toMinorUnits(one.amount as NonNullable<typeof one.amount>, normalizeCurrency(currency) ?? currency);
      if (minor.decimal.scale > 12)
        throw badInput(`\`amount\` has more decimal places than Stripe takes for ${currency}`, [...path, 'amount']);
      // Whole minor units without a quantity go as `amount`; anything else as an exact unit amount.
      const price =
        minor.integer !== null && one.quantity === null
          ? { amount: minor.integer.toString() }
          : { unit_amount_decimal: minor.decimal.toString(), ...quantity };
      invoiceItems.push({ ...price, description: one.description ?? undefined, currency: one.currency?.toLowerCase() });
    }

    input.discounts.forEach((_discount, i) => {
      fields.set(`discounts[${i}][coupon]`, ['input', 'discounts', i, 'coupon']);
      fields.set(`discounts[${i}][promotion_code]`, ['input', 'discounts', i, 'promotionCode']);
      fields.set(`discounts[${i}]`, ['input', 'discounts', i]);
    });

    const details: Record<string, FormValue> = {};
    if (items.length) details.items = items;
    if (input.prorationBehavior) details.proration_behavior = input.prorationBehavior.toLowerCase();
    if (input.prorationDate) details.proration_date = Math.floor(input.prorationDate.getTime() / 1000);

    const params: Record<string, FormValue> = { customer: input.customer };
    if (subscription !== null) params.subscription = subscription;
    if (input.currency) params.currency = input.currency.toLowerCase();
    if (Object.keys(details).length) params.subscription_details = details;
    if (invoiceItems.length) params.invoice_items = invoiceItems;
    if (input.discounts.length) {
      params.discounts = input.discounts.map((d) => (d.coupon !== null ? { coupon: d.coupon } : { promotion_code: d.promotionCode }));
    }
    const fieldOf: FieldOf = (param) => fields.get(param) ?? fields.get(param.replace(/\[[^\]]*\]$/, '')) ?? null;
    return { params, fieldOf };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function checkPosition(position: string, pattern: RegExp, argument: string): void {
  if (!pattern.test(position)) throw badInput(`\`${argument}\` does not point at a position in this list`, [argument]);
}
