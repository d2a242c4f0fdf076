import { CURRENT_PERIOD, NEXT_PERIOD, NOW, type CustomerSeed, type StripeAccount, type SubscriptionSeed } from './data.js';
import type { FormTree } from './form.js';
import { buildInvoice, shortHash, type LineSpec } from './invoice.js';
import type { StripeInvoiceJson, StripeLineJson } from './objects.js';
import {
  asArray,
  asInteger,
  asObject,
  asString,
  checkKeys,
  StripeParamError,
  SUBSCRIPTION_DETAILS,
  TOP_LEVEL,
  type Tree,
} from './params.js';
import { oneOffLines, previewDiscounts } from './preview-charges.js';
import { applyItemChanges, itemLine, prorationLines, type ItemState } from './preview-items.js';

/**
 * POST /v1/invoices/create_preview over the seeded account: the invoice a subscription change (items
 * added / changed / removed at a proration date), one-off invoice items and discounts would produce.
 * Each step checks its parameters in the order Stripe reports them; the first problem is the 400.
 */
export { StripeParamError } from './params.js';

/** Who is previewed: the named subscription (active, the customer's) and the customer. */
function previewParty(account: StripeAccount, params: Tree): { sub: SubscriptionSeed | null; customer: CustomerSeed } {
  const subscriptionId = asString(params.subscription, 'subscription');
  let sub: SubscriptionSeed | null = null;
  if (subscriptionId !== null) {
    sub = account.subscriptions.find((s) => s.id === subscriptionId) ?? null;
    if (!sub) throw new StripeParamError(`No such subscription: '${subscriptionId}'`, 'subscription', 'resource_missing');
    if (sub.status !== 'active')
      throw new StripeParamError(
        `The subscription ${sub.id} is canceled and has no upcoming invoice`,
        'subscription',
        'invoice_upcoming_none',
      );
  }
  const customerId = asString(params.customer, 'customer') ?? sub?.customer ?? null;
  if (customerId === null) throw new StripeParamError('Missing required param: customer.', 'customer', 'parameter_missing');
  const customer = account.customers.get(customerId);
  if (!customer) throw new StripeParamError(`No such customer: '${customerId}'`, 'customer', 'resource_missing');
  if (sub && sub.customer !== customer.id) {
    throw new StripeParamError(
      `The subscription ${sub.id} does not belong to customer ${customer.id}`,
      'subscription',
      'parameter_invalid',
    );
  }
  return { sub, customer };
}

interface PreviewRequest {
  itemParams: FormTree[];
  invoiceItemParams: FormTree[];
  currency: string;
  behavior: string;
  prorationDate: number;
}

/** What is asked for: item changes, one-off items, the currency and when and how changes prorate. */
function previewRequest(params: Tree, sub: SubscriptionSeed | null, customer: CustomerSeed): PreviewRequest {
  const details = asObject(params.subscription_details, 'subscription_details') ?? {};
  checkKeys(details, SUBSCRIPTION_DETAILS, 'subscription_details');
  const itemParams = asArray(details.items, 'subscription_details[items]');
  const invoiceItemParams = asArray(params.invoice_items, 'invoice_items');
  if (itemParams.length > 20) throw new StripeParamError('You may pass at most 20 subscription items', 'subscription_details[items]');
  if (invoiceItemParams.length > 250) throw new StripeParamError('You may pass at most 250 invoice items', 'invoice_items');
  if (!sub && itemParams.length === 0 && invoiceItemParams.length === 0) {
    throw new StripeParamError(
      'You must pass one of `subscription`, `subscription_details.items`, `schedule`, `schedule_details.phases` or `invoice_items` with `customer`.',
      null,
      'parameter_missing',
    );
  }
  const currency = (asString(params.currency, 'currency') ?? sub?.currency ?? customer.currency).toLowerCase();
  if (sub && currency !== sub.currency)
    throw new StripeParamError(`The subscription bills in ${sub.currency}, not ${currency}`, 'currency');
  return { itemParams, invoiceItemParams, currency, ...proration(details, sub, itemParams.length > 0) };
}

/** proration_behavior and proration_date: a date needs a subscription and item changes, and lies in the current period. */
function proration(details: Tree, sub: SubscriptionSeed | null, changesItems: boolean): { behavior: string; prorationDate: number } {
  const behavior = asString(details.proration_behavior, 'subscription_details[proration_behavior]') ?? 'create_prorations';
  if (!['create_prorations', 'always_invoice', 'none'].includes(behavior)) {
    throw new StripeParamError(
      `Invalid proration_behavior: must be one of create_prorations, always_invoice, none`,
      'subscription_details[proration_behavior]',
    );
  }
  const prorationDateParam = asInteger(details.proration_date, 'subscription_details[proration_date]');
  if (prorationDateParam !== null && (!sub || !changesItems)) {
    throw new StripeParamError(
      '`proration_date` requires `subscription` and `subscription_details.items`',
      'subscription_details[proration_date]',
    );
  }
  const prorationDate = prorationDateParam === null ? NOW : Number(prorationDateParam);
  if (sub && (prorationDate < CURRENT_PERIOD.start || prorationDate >= CURRENT_PERIOD.end)) {
    throw new StripeParamError('`proration_date` must be within the current subscription period', 'subscription_details[proration_date]');
  }
  return { behavior, prorationDate };
}

/** The invoice's lines and period, by case: a new subscription, a change invoiced at once, or the next cycle. */
function previewLines(
  sub: SubscriptionSeed | null,
  request: PreviewRequest,
  next: ItemState[],
  prorations: LineSpec[],
  oneOffs: LineSpec[],
): { lines: LineSpec[]; period: { start: number; end: number } } {
  const subscription = sub?.id ?? null;
  const cycleLine = (item: ItemState, period: { start: number; end: number }) =>
    itemLine(item, subscription, `${item.quantity} × ${item.price.productName}`, period, false);
  if (!sub) {
    // A new subscription: its first invoice bills the first period from now.
    const first = { start: NOW, end: NOW + (NEXT_PERIOD.end - NEXT_PERIOD.start) };
    return { lines: [...oneOffs, ...next.map((item) => cycleLine(item, first))], period: { start: NOW, end: NOW } };
  }
  if (request.behavior === 'always_invoice' && prorations.length > 0) {
    // The change is invoiced at once: only the prorations (and one-off items) are on this invoice.
    return { lines: [...prorations, ...oneOffs], period: { start: request.prorationDate, end: request.prorationDate } };
  }
  return { lines: [...prorations, ...oneOffs, ...next.map((item) => cycleLine(item, NEXT_PERIOD))], period: CURRENT_PERIOD };
}

export function createPreview(account: StripeAccount, params: Tree): { invoice: StripeInvoiceJson; lines: StripeLineJson[] } {
  checkKeys(params, TOP_LEVEL, '');
  const { sub, customer } = previewParty(account, params);
  const request = previewRequest(params, sub, customer);
  const { currency, prorationDate } = request;
  const owner = sub?.id ?? customer.id;
  const current: ItemState[] = sub ? sub.items.map((item) => ({ ...item })) : [];
  const next = applyItemChanges(account, current, request.itemParams, currency, owner);
  const prorations = sub && request.behavior !== 'none' ? prorationLines(current, next, sub.id, prorationDate) : [];
  const oneOffs = oneOffLines(account, request.invoiceItemParams, currency, customer.id);
  const discounts = previewDiscounts(account, params, sub?.discounts ?? [], currency, owner);
  const { lines, period } = previewLines(sub, request, next, prorations, oneOffs);
  return buildInvoice({
    id: `upcoming_in_${shortHash(JSON.stringify(params), 24)}`,
    customer,
    currency,
    created: NOW,
    periodStart: period.start,
    periodEnd: period.end,
    billingReason: 'upcoming',
    status: 'draft',
    collectionMethod: 'charge_automatically',
    number: null,
    description: null,
    subscription: sub?.id ?? null,
    ...(sub && prorations.length > 0 ? { prorationDate } : {}),
    lines,
    discounts,
    preview: true,
  });
}
