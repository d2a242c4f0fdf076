import { Decimal } from '../../domain/decimal.js';
import { JsonNumber } from '../../http/lossless-json.js';
import { monthStart, randomInt, SANDBOX_NOW, seededRandom } from '../random.js';

/**
 * Seeded Flexprice data: customers in several currencies, subscriptions with usage charges, 24+ months
 * of invoices per customer covering every invoice_status x payment_status pair, SUBSCRIPTION, ONE_OFF
 * and CREDIT invoices, and usage lines whose quantities and unit prices need many decimal places (line
 * amounts are the exact products, as shopspring decimals keep them). Everything is JSON as Flexprice
 * sends it: money as decimal strings in major units, lowercase currencies, RFC 3339 times, `null` for
 * unset invoice_number / idempotency_key / billing_sequence.
 */
export const FP_DEFAULT_CUSTOMER = 'cust_acme_usd';
export const FP_MULTI_CUSTOMER = 'cust_globex_eur';
export const FP_IDLE_CUSTOMER = 'cust_tanaka_jpy';
export const FP_DEFAULT_SUBSCRIPTION = 'subs_acme_growth';
export const FP_MULTI_SUBSCRIPTIONS = ['subs_globex_api', 'subs_globex_storage'] as const;
export const FP_CANCELLED_SUBSCRIPTION = 'subs_tanaka_cancelled';
/** A one-off invoice of the default customer: 2^53 + 1 cents, which a float64 cannot hold. */
export const FP_PRECISION_INVOICE = 'inv_precision_beyond_float64';

/** Flexprice's invoice_status and payment_status values (docs/UPSTREAMS.md 3.3); the search route checks filters against them. */
export const INVOICE_STATUSES = ['DRAFT', 'FINALIZED', 'VOIDED', 'SKIPPED'] as const;
export const PAYMENT_STATUSES = [
  'INITIATED',
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'OVERPAID',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
] as const;
export const FP_STATUS_PAIRS = INVOICE_STATUSES.flatMap((invoice) => PAYMENT_STATUSES.map((payment) => [invoice, payment] as const));

const ENV = 'env_sandbox';
const TENANT = 'tenant_sandbox';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const d = (text: string) => Decimal.parse(text);
const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');
const int = (value: number) => new JsonNumber(String(value));

/** A ULID-shaped id (26 Crockford base32 characters) from a seeded generator. */
export function ulid(random: () => number): string {
  let out = '01J';
  while (out.length < 26) out += CROCKFORD[Math.floor(random() * 32)];
  return out;
}

/** One usage (or fixed) charge of a subscription: unit price in major units, quantity range per month. */
export interface FpCharge {
  priceId: string;
  meterId: string | null;
  displayName: string;
  unitPrice: string;
  /** Whole part range of the monthly quantity; fixed charges have quantity 1. */
  quantity: [number, number] | 'fixed';
  /** Digits after the point in generated quantities. */
  quantityScale: number;
}

export interface FpSubscriptionSeed {
  id: string;
  customerId: string;
  planId: string;
  planName: string;
  status: 'active' | 'trialing' | 'cancelled' | 'paused';
  charges: FpCharge[];
  seed: number;
}

export interface FpCustomerSeed {
  id: string;
  externalId: string;
  name: string;
  email: string;
  country: string;
  currency: string;
  months: number;
  /** VAT rate applied to the subtotal (exact products again), "0" for none. */
  taxRate: string;
  seed: number;
}

export const FP_CUSTOMERS: FpCustomerSeed[] = [
  {
    id: FP_DEFAULT_CUSTOMER,
    externalId: 'acme-001',
    name: 'Acme Analytics Inc.',
    email: 'billing@acme.test',
    country: 'US',
    currency: 'usd',
    months: 26,
    taxRate: '0',
    seed: 41,
  },
  {
    id: FP_MULTI_CUSTOMER,
    externalId: 'globex-de-7',
    name: 'Globex GmbH',
    email: 'rechnung@globex.test',
    country: 'DE',
    currency: 'eur',
    months: 25,
    taxRate: '0.19',
    seed: 42,
  },
  {
    id: FP_IDLE_CUSTOMER,
    externalId: 'tanaka-jp',
    name: 'Tanaka Shoji KK',
    email: 'keiri@tanaka.test',
    country: 'JP',
    currency: 'jpy',
    months: 24,
    taxRate: '0.1',
    seed: 43,
  },
];

const usage = (
  priceId: string,
  meterId: string,
  displayName: string,
  unitPrice: string,
  quantity: [number, number],
  quantityScale: number,
): FpCharge => ({
  priceId,
  meterId,
  displayName,
  unitPrice,
  quantity,
  quantityScale,
});
const fixed = (priceId: string, displayName: string, unitPrice: string): FpCharge => ({
  priceId,
  meterId: null,
  displayName,
  unitPrice,
  quantity: 'fixed',
  quantityScale: 0,
});

export const FP_SUBSCRIPTIONS: FpSubscriptionSeed[] = [
  {
    id: FP_DEFAULT_SUBSCRIPTION,
    customerId: FP_DEFAULT_CUSTOMER,
    planId: 'plan_growth',
    planName: 'Growth',
    status: 'active',
    seed: 51,
    charges: [
      fixed('price_growth_platform', 'Platform fee', '49'),
      usage('price_growth_api', 'meter_api_calls', 'API calls', '0.000012345', [1_200_000, 4_800_000], 3),
      usage('price_growth_tokens', 'meter_llm_tokens', 'LLM tokens (per token)', '0.0000001875', [40_000_000, 90_000_000], 0),
      usage('price_growth_storage', 'meter_storage', 'Storage (GB-hours)', '0.000041666667', [50_000, 220_000], 6),
      usage('price_growth_free', 'meter_webhooks', 'Webhook deliveries (free tier)', '0', [10_000, 90_000], 0),
    ],
  },
  {
    id: FP_MULTI_SUBSCRIPTIONS[0],
    customerId: FP_MULTI_CUSTOMER,
    planId: 'plan_api_eu',
    planName: 'API EU',
    status: 'active',
    seed: 52,
    charges: [
      fixed('price_api_eu_base', 'Base fee', '99.5'),
      usage('price_api_eu_calls', 'meter_api_calls', 'API calls', '0.0000098765', [3_000_000, 9_000_000], 2),
      usage('price_api_eu_free', 'meter_webhooks', 'Webhook deliveries (free tier)', '0', [1_000, 9_000], 0),
    ],
  },
  {
    id: FP_MULTI_SUBSCRIPTIONS[1],
    customerId: FP_MULTI_CUSTOMER,
    planId: 'plan_storage_eu',
    planName: 'Storage EU',
    status: 'trialing',
    seed: 53,
    charges: [usage('price_storage_eu_gb', 'meter_storage', 'Storage (GB-hours)', '0.00003472222', [100_000, 400_000], 4)],
  },
  {
    id: FP_CANCELLED_SUBSCRIPTION,
    customerId: FP_IDLE_CUSTOMER,
    planId: 'plan_jp_basic',
    planName: 'Basic JP',
    status: 'cancelled',
    seed: 54,
    charges: [
      fixed('price_jp_basic', 'Basic plan', '5000'),
      usage('price_jp_calls', 'meter_api_calls', 'API calls', '0.0125', [100_000, 900_000], 1),
    ],
  },
];

type Json = Record<string, unknown>;

export interface FpLineDraft {
  charge: FpCharge;
  quantity: Decimal;
  amount: Decimal;
}

/** The quantity of a charge for a period: deterministic in (subscription, period start). */
export function chargeLines(subscription: FpSubscriptionSeed, periodStart: Date): FpLineDraft[] {
  const random = seededRandom(subscription.seed * 1_000_003 + Math.floor(periodStart.getTime() / 3_600_000));
  return subscription.charges.map((charge) => {
    let quantity = d('1');
    if (charge.quantity !== 'fixed') {
      const whole = randomInt(random, charge.quantity[0], charge.quantity[1]);
      const fraction = charge.quantityScale
        ? `.${String(randomInt(random, 0, 10 ** charge.quantityScale - 1)).padStart(charge.quantityScale, '0')}`
        : '';
      quantity = d(`${whole}${fraction}`);
    }
    return { charge, quantity, amount: quantity.mul(d(charge.unitPrice)) };
  });
}

interface InvoiceDraft {
  id: string;
  type: 'SUBSCRIPTION' | 'ONE_OFF' | 'CREDIT';
  subscription: FpSubscriptionSeed | null;
  billingReason: string;
  description: string | null;
  periodStart: Date;
  periodEnd: Date;
  createdAt: Date;
  lines: {
    displayName: string;
    quantity: Decimal;
    amount: Decimal;
    priceId: string | null;
    meterId: string | null;
    priceType: 'USAGE' | 'FIXED' | null;
    discount: Decimal;
    prepaid: Decimal;
  }[];
}

export function lineJson(
  invoiceId: string,
  customer: FpCustomerSeed,
  subscription: FpSubscriptionSeed | null,
  line: InvoiceDraft['lines'][number],
  index: number,
  periodStart: Date,
  periodEnd: Date,
  createdAt: Date,
): Json {
  const json: Json = {
    id: `inli_${invoiceId.slice(4, 20)}${String(index).padStart(2, '0')}`,
    invoice_id: invoiceId,
    customer_id: customer.id,
    display_name: line.displayName,
    amount: line.amount.toString(),
    quantity: line.quantity.toString(),
    currency: customer.currency,
    period_start: iso(periodStart),
    period_end: iso(periodEnd),
    metadata: {},
    environment_id: ENV,
    tenant_id: TENANT,
    prepaid_credits_applied: line.prepaid.toString(),
    line_item_discount: line.discount.toString(),
    invoice_level_discount: '0',
    status: 'published',
    created_at: iso(createdAt),
    updated_at: iso(createdAt),
    created_by: 'system',
    updated_by: 'system',
  };
  if (subscription) {
    json.subscription_id = subscription.id;
    json.entity_id = subscription.planId;
    json.entity_type = 'plan';
    json.plan_display_name = subscription.planName;
  }
  if (line.priceId) json.price_id = line.priceId;
  if (line.priceType) json.price_type = line.priceType;
  if (line.meterId) {
    json.meter_id = line.meterId;
    json.meter_display_name = line.displayName;
  }
  return json;
}

/** Sums, tax and payment fields of an invoice, from its lines and statuses (all exact). */
function invoiceJson(
  draft: InvoiceDraft,
  customer: FpCustomerSeed,
  invoiceStatus: (typeof INVOICE_STATUSES)[number],
  paymentStatus: (typeof PAYMENT_STATUSES)[number],
  sequence: number | null,
): Json {
  const skipped = invoiceStatus === 'SKIPPED';
  const lines = skipped ? [] : draft.lines;
  const subtotal = lines.reduce((sum, line) => sum.add(line.amount), Decimal.ZERO);
  const discount = lines.reduce((sum, line) => sum.add(line.discount), Decimal.ZERO);
  const prepaid = lines.reduce((sum, line) => sum.add(line.prepaid), Decimal.ZERO);
  const tax = draft.type === 'CREDIT' ? Decimal.ZERO : subtotal.sub(discount).mul(d(customer.taxRate));
  const total = subtotal.sub(discount).add(tax);
  const due = total.sub(prepaid);
  let paid = Decimal.ZERO;
  let refunded = Decimal.ZERO;
  let overpaid: Decimal | null = null;
  if (['SUCCEEDED', 'OVERPAID', 'REFUNDED', 'PARTIALLY_REFUNDED'].includes(paymentStatus)) paid = due;
  if (paymentStatus === 'OVERPAID') {
    overpaid = d('10');
    paid = due.add(overpaid);
  }
  if (paymentStatus === 'REFUNDED') refunded = due;
  if (paymentStatus === 'PARTIALLY_REFUNDED') refunded = due.mul(d('0.5'));
  const settled = paid.compare(due) >= 0 || invoiceStatus === 'VOIDED' || skipped;
  const remaining = settled ? Decimal.ZERO : due.sub(paid);
  const finalizedAt = new Date(draft.createdAt.getTime() + 3_600_000);
  const json: Json = {
    id: draft.id,
    environment_id: ENV,
    tenant_id: TENANT,
    customer_id: customer.id,
    invoice_type: draft.type,
    invoice_status: invoiceStatus,
    payment_status: paymentStatus,
    currency: customer.currency,
    amount_due: due.toString(),
    amount_paid: paid.toString(),
    amount_remaining: remaining.toString(),
    subtotal: subtotal.toString(),
    total: total.toString(),
    total_discount: discount.toString(),
    total_tax: tax.toString(),
    total_prepaid_credits_applied: prepaid.toString(),
    adjustment_amount: '0',
    refunded_amount: refunded.toString(),
    invoice_number: invoiceStatus === 'DRAFT' ? null : `INV-${customer.externalId.toUpperCase()}-${String(sequence ?? 0).padStart(5, '0')}`,
    idempotency_key: draft.type === 'SUBSCRIPTION' ? `idem_${draft.id.slice(4)}` : null,
    billing_sequence: draft.type === 'SUBSCRIPTION' && sequence !== null ? int(sequence) : null,
    billing_reason: draft.billingReason,
    due_date: iso(new Date(draft.periodEnd.getTime() + 14 * 86_400_000)),
    period_start: iso(draft.periodStart),
    period_end: iso(draft.periodEnd),
    metadata: {},
    line_items: lines.map((line, i) =>
      lineJson(draft.id, customer, draft.subscription, line, i, draft.periodStart, draft.periodEnd, draft.createdAt),
    ),
    coupon_applications: [],
    taxes: [],
    version: int(1),
    status: 'published',
    is_manually_edited: false,
    created_at: iso(draft.createdAt),
    updated_at: iso(finalizedAt),
    created_by: 'system',
    updated_by: 'system',
  };
  if (draft.description) json.description = draft.description;
  if (draft.subscription) {
    json.subscription_id = draft.subscription.id;
    json.subscription_customer_id = customer.id;
    json.billing_period = 'MONTHLY';
  }
  if (overpaid) json.overpaid_amount = overpaid.toString();
  if (invoiceStatus !== 'DRAFT') {
    json.finalized_at = iso(finalizedAt);
    json.issue_date = iso(finalizedAt);
    json.invoice_pdf_url = `https://invoices.flexprice.test/${customer.id}/${draft.id}.pdf`;
  }
  if (invoiceStatus === 'VOIDED') json.voided_at = iso(new Date(finalizedAt.getTime() + 86_400_000));
  if (paid.compare(Decimal.ZERO) > 0) json.paid_at = iso(new Date(finalizedAt.getTime() + 2 * 86_400_000));
  return json;
}

export interface FpDataset {
  customers: Map<string, Json>;
  subscriptions: Map<string, { seed: FpSubscriptionSeed; json: Json }>;
  /** Every invoice, newest first (created_at desc, then id desc). */
  invoices: Json[];
  invoicesById: Map<string, Json>;
}

function customerJson(seed: FpCustomerSeed): Json {
  const created = iso(monthStart(SANDBOX_NOW, seed.months + 1));
  return {
    id: seed.id,
    external_id: seed.externalId,
    name: seed.name,
    email: seed.email,
    address_country: seed.country,
    timezone: 'UTC',
    metadata: {},
    environment_id: ENV,
    tenant_id: TENANT,
    status: 'published',
    created_at: created,
    updated_at: created,
    created_by: 'system',
    updated_by: 'system',
  };
}

/** The current billing period of every subscription: the calendar month SANDBOX_NOW is in. */
export const FP_CURRENT_PERIOD = { start: monthStart(SANDBOX_NOW, 0), end: monthStart(SANDBOX_NOW, -1) };

function subscriptionJson(seed: FpSubscriptionSeed, customer: FpCustomerSeed): Json {
  const start = monthStart(SANDBOX_NOW, customer.months);
  const json: Json = {
    id: seed.id,
    customer_id: seed.customerId,
    plan_id: seed.planId,
    currency: customer.currency,
    subscription_status: seed.status,
    status: 'published',
    billing_cadence: 'RECURRING',
    billing_period: 'MONTHLY',
    billing_period_count: int(1),
    billing_anchor: iso(start),
    start_date: iso(start),
    current_period_start: iso(FP_CURRENT_PERIOD.start),
    current_period_end: iso(FP_CURRENT_PERIOD.end),
    cancel_at_period_end: false,
    environment_id: ENV,
    tenant_id: TENANT,
    version: int(1),
    created_at: iso(start),
    updated_at: iso(start),
    created_by: 'system',
    updated_by: 'system',
  };
  if (seed.status === 'cancelled') json.cancelled_at = iso(monthStart(SANDBOX_NOW, 1));
  if (seed.status === 'trialing') {
    json.trial_start = iso(FP_CURRENT_PERIOD.start);
    json.trial_end = iso(FP_CURRENT_PERIOD.end);
  }
  return json;
}

function customerInvoices(customer: FpCustomerSeed, subscriptions: FpSubscriptionSeed[]): Json[] {
  const random = seededRandom(customer.seed);
  const drafts: InvoiceDraft[] = [];
  const cycleLines = (subscription: FpSubscriptionSeed, start: Date, withCredit: boolean): InvoiceDraft['lines'] =>
    chargeLines(subscription, start).map((line, i) => ({
      displayName: line.charge.displayName,
      quantity: line.quantity,
      amount: line.amount,
      priceId: line.charge.priceId,
      meterId: line.charge.meterId,
      priceType: line.charge.quantity === 'fixed' ? 'FIXED' : 'USAGE',
      // A launch discount on the fixed fee and prepaid credits on the first usage line, now and then.
      discount: i === 0 && withCredit ? line.amount.mul(d('0.1')) : Decimal.ZERO,
      prepaid: i === 1 && withCredit ? d(customer.currency === 'jpy' ? '500' : '5.00') : Decimal.ZERO,
    }));

  for (let monthsAgo = customer.months; monthsAgo >= 1; monthsAgo -= 1) {
    const start = monthStart(SANDBOX_NOW, monthsAgo);
    const end = monthStart(SANDBOX_NOW, monthsAgo - 1);
    for (const subscription of subscriptions) {
      // The cancelled subscription billed until last month; the trialing one has not billed yet.
      if (subscription.status === 'trialing') continue;
      drafts.push({
        id: `inv_${ulid(random)}`,
        type: 'SUBSCRIPTION',
        subscription,
        billingReason: monthsAgo === customer.months ? 'SUBSCRIPTION_CREATE' : 'SUBSCRIPTION_CYCLE',
        description: `${subscription.planName}, ${iso(start).slice(0, 7)}`,
        periodStart: start,
        periodEnd: end,
        createdAt: new Date(end.getTime() + 2 * 3_600_000),
        lines: cycleLines(subscription, start, monthsAgo % 4 === 1),
      });
    }
    if (monthsAgo % 3 === 0) {
      const at = new Date(start.getTime() + 10 * 86_400_000 + randomInt(random, 0, 86_399) * 1000);
      const hours = d(`${randomInt(random, 1, 12)}.${randomInt(random, 0, 99)}`);
      const rate = customer.currency === 'jpy' ? '18000' : '185.75';
      drafts.push({
        id: `inv_${ulid(random)}`,
        type: 'ONE_OFF',
        subscription: null,
        billingReason: 'MANUAL',
        description: monthsAgo % 2 === 0 ? 'Onboarding and integration support' : null,
        periodStart: at,
        periodEnd: at,
        createdAt: at,
        lines: [
          {
            displayName: 'Solutions engineering (hours)',
            quantity: hours,
            amount: hours.mul(d(rate)),
            priceId: null,
            meterId: null,
            priceType: null,
            discount: Decimal.ZERO,
            prepaid: Decimal.ZERO,
          },
        ],
      });
    }
    if (monthsAgo % 5 === 2) {
      const at = new Date(start.getTime() + 20 * 86_400_000 + randomInt(random, 0, 86_399) * 1000);
      const credits = d(customer.currency === 'jpy' ? '30000' : `${randomInt(random, 1, 5) * 100}`);
      drafts.push({
        id: `inv_${ulid(random)}`,
        type: 'CREDIT',
        subscription: null,
        billingReason: monthsAgo % 2 === 0 ? 'WALLET_AUTO_TOPUP' : 'MANUAL',
        description: 'Prepaid wallet credits',
        periodStart: at,
        periodEnd: at,
        createdAt: at,
        lines: [
          {
            displayName: 'Wallet top-up',
            quantity: credits,
            amount: credits,
            priceId: null,
            meterId: null,
            priceType: null,
            discount: Decimal.ZERO,
            prepaid: Decimal.ZERO,
          },
        ],
      });
    }
  }
  if (customer.id === FP_DEFAULT_CUSTOMER) {
    const at = new Date(monthStart(SANDBOX_NOW, 2).getTime() + 15 * 86_400_000);
    drafts.push({
      id: FP_PRECISION_INVOICE,
      type: 'ONE_OFF',
      subscription: null,
      billingReason: 'MANUAL',
      description: 'Enterprise commitment (precision check: 2^53 + 1 cents)',
      periodStart: at,
      periodEnd: at,
      createdAt: at,
      lines: [
        {
          displayName: 'Annual commitment',
          quantity: d('1'),
          amount: d('90071992547409.93'),
          priceId: null,
          meterId: null,
          priceType: null,
          discount: Decimal.ZERO,
          prepaid: Decimal.ZERO,
        },
        {
          displayName: 'Metered overage (per event)',
          quantity: d('123456789.123456789'),
          amount: d('123456789.123456789').mul(d('0.000000001234567891')),
          priceId: null,
          meterId: null,
          priceType: null,
          discount: Decimal.ZERO,
          prepaid: Decimal.ZERO,
        },
      ],
    });
  }

  // Newest first; every status pair once (seeded order), the newest invoice an unfinalized draft, the
  // precision invoice paid, everything else finalized and paid.
  drafts.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  const pairs = [...FP_STATUS_PAIRS];
  for (let i = pairs.length - 1; i > 0; i -= 1) {
    const j = randomInt(random, 0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const pending = pairs.findIndex(([inv, pay]) => inv === 'DRAFT' && pay === 'PENDING');
  [pairs[0], pairs[pending]] = [pairs[pending]!, pairs[0]!];
  const eligible = drafts.filter((draft) => draft.id !== FP_PRECISION_INVOICE);
  if (eligible.length < pairs.length) throw new Error(`sandbox seed: ${customer.id} needs ${pairs.length} invoices for every status pair`);
  const statusOf = new Map(eligible.map((draft, i) => [draft.id, pairs[i] ?? (['FINALIZED', 'SUCCEEDED'] as const)]));

  let sequence = 0;
  const bySequence = [...drafts].reverse().map((draft) => ({ draft, sequence: (sequence += 1) }));
  const sequences = new Map(bySequence.map(({ draft, sequence: s }) => [draft.id, s]));
  return drafts.map((draft) => {
    const [invoiceStatus, paymentStatus] = statusOf.get(draft.id) ?? (['FINALIZED', 'SUCCEEDED'] as const);
    return invoiceJson(draft, customer, invoiceStatus, paymentStatus, sequences.get(draft.id) ?? null);
  });
}

export function seedFlexprice(): FpDataset {
  const customers = new Map(FP_CUSTOMERS.map((seed) => [seed.id, customerJson(seed)]));
  const subscriptions = new Map(
    FP_SUBSCRIPTIONS.map((seed) => [
      seed.id,
      {
        seed,
        json: subscriptionJson(
          seed,
          FP_CUSTOMERS.find((c) => c.id === seed.customerId)!,
        ),
      },
    ]),
  );
  const invoices = FP_CUSTOMERS.flatMap((customer) =>
    customerInvoices(
      customer,
      FP_SUBSCRIPTIONS.filter((s) => s.customerId === customer.id),
    ),
  );
  invoices.sort((a, b) =>
    String(b.created_at) === String(a.created_at)
      ? String(a.id) < String(b.id)
        ? 1
        : -1
      : String(b.created_at) < String(a.created_at)
        ? -1
        : 1,
  );
  return { customers, subscriptions, invoices, invoicesById: new Map(invoices.map((invoice) => [String(invoice.id), invoice])) };
}

export { iso as fpIso, ENV as FP_ENV, TENANT as FP_TENANT };
