import { Decimal } from '../../domain/decimal.js';
import { monthStart, randomInt, SANDBOX_NOW, seededRandom } from '../random.js';
import { buildInvoice, shortHash, type CouponSeed, type InvoiceSpec, type LineSpec, type TaxRateSeed } from './invoice.js';
import type { StripeCustomerJson, StripeInvoiceJson, StripeLineJson } from './objects.js';

/**
 * Seeded Stripe account: products and prices in several currencies (USD, JPY zero-decimal, KWD
 * three-decimal, GBP, EUR), coupons, a promotion code, tax rates, seven customers and their
 * subscriptions, and 24+ months of invoices each (subscription cycles, manual invoices, metered
 * true-ups with more than 10 lines, discounts, taxes). Everything is derived from fixed seeds.
 */
export const STRIPE_DEFAULT_CUSTOMER = 'cus_SbxAcmeUsd001';
export const STRIPE_JPY_CUSTOMER = 'cus_SbxSakuraJpy1';
export const STRIPE_KWD_CUSTOMER = 'cus_SbxGulfKwd001';
export const STRIPE_MULTI_SUBSCRIPTION_CUSTOMER = 'cus_SbxGlobexMul1';
export const STRIPE_NO_SUBSCRIPTION_CUSTOMER = 'cus_SbxInitechNo1';
export const STRIPE_GBP_CUSTOMER = 'cus_SbxUmbrellaG1';
export const STRIPE_SECOND_USD_CUSTOMER = 'cus_SbxHooliUsd01';

export const NOW = Math.floor(SANDBOX_NOW.getTime() / 1000);
const ts = (date: Date) => Math.floor(date.getTime() / 1000);
/** Every seeded subscription renews on the 1st: the current period is [1 Nov 2026, 1 Dec 2026). */
export const CURRENT_PERIOD = { start: ts(monthStart(SANDBOX_NOW, 0)), end: ts(monthStart(SANDBOX_NOW, -1)) };
export const NEXT_PERIOD = { start: CURRENT_PERIOD.end, end: ts(monthStart(SANDBOX_NOW, -2)) };

export interface PriceSeed {
  id: string;
  product: string;
  productName: string;
  currency: string;
  /** Minor units per unit (unit_amount_decimal), exact. */
  unitAmount: Decimal;
  recurring: boolean;
}

export interface SubscriptionItemSeed {
  id: string;
  price: PriceSeed;
  quantity: bigint;
}

export interface SubscriptionSeed {
  id: string;
  customer: string;
  status: 'active' | 'canceled';
  currency: string;
  items: SubscriptionItemSeed[];
  discounts: { id: string; coupon: CouponSeed }[];
  created: number;
}

export interface CustomerSeed {
  id: string;
  name: string;
  email: string;
  currency: string;
  taxRate: TaxRateSeed | null;
  invoicePrefix: string;
}

export interface StripeAccount {
  customers: Map<string, CustomerSeed>;
  prices: Map<string, PriceSeed>;
  coupons: Map<string, CouponSeed>;
  /** promotion code id -> coupon */
  promotionCodes: Map<string, { id: string; code: string; coupon: CouponSeed }>;
  subscriptions: SubscriptionSeed[];
  /** Every issued invoice, newest first (Stripe's list order). */
  invoices: StripeInvoiceJson[];
  /** All lines of each invoice (the embedded page is the first 10). */
  invoiceLines: Map<string, StripeLineJson[]>;
}

const TAX = {
  us: { id: 'txr_SbxUsSales825', percentage: Decimal.parse('8.25') },
  jp: { id: 'txr_SbxJpConsum10', percentage: Decimal.parse('10') },
  uk: { id: 'txr_SbxUkVat20000', percentage: Decimal.parse('20') },
  eu: { id: 'txr_SbxEuVat19000', percentage: Decimal.parse('19') },
} satisfies Record<string, TaxRateSeed>;

const price = (id: string, product: string, productName: string, currency: string, unitAmount: string, recurring = true): PriceSeed => ({
  id,
  product,
  productName,
  currency,
  unitAmount: Decimal.parse(unitAmount),
  recurring,
});

const PRICES: PriceSeed[] = [
  price('price_SbxProMonthly', 'prod_SbxPro', 'Pro plan', 'usd', '4900'),
  price('price_SbxSeatUsd', 'prod_SbxSeat', 'Seat', 'usd', '1200'),
  price('price_SbxSupportUsd', 'prod_SbxSupport', 'Priority support', 'usd', '2500'),
  price('price_SbxEnterpriseUsd', 'prod_SbxEnterprise', 'Enterprise plan', 'usd', '19900'),
  price('price_SbxBasicUsd', 'prod_SbxBasic', 'Basic plan', 'usd', '1900'),
  price('price_SbxApiUsd', 'prod_SbxApi', 'API requests (per 1k)', 'usd', '0.35'),
  price('price_SbxStandardJpy', 'prod_SbxStandard', 'Standard plan', 'jpy', '9800'),
  price('price_SbxSeatJpy', 'prod_SbxSeat', 'Seat', 'jpy', '1500'),
  price('price_SbxApiJpy', 'prod_SbxApi', 'API requests (per 1k)', 'jpy', '0.5'),
  price('price_SbxBusinessKwd', 'prod_SbxBusiness', 'Business plan', 'kwd', '12340'),
  price('price_SbxSeatKwd', 'prod_SbxSeat', 'Seat', 'kwd', '2500'),
  price('price_SbxApiKwd', 'prod_SbxApi', 'API requests (per 1k)', 'kwd', '0.125'),
  price('price_SbxProGbp', 'prod_SbxPro', 'Pro plan', 'gbp', '3900'),
  price('price_SbxSeatGbp', 'prod_SbxSeat', 'Seat', 'gbp', '1000'),
  price('price_SbxProEur', 'prod_SbxPro', 'Pro plan', 'eur', '4500'),
  price('price_SbxConsultEur', 'prod_SbxConsult', 'Consulting hour', 'eur', '15000', false),
  ...[
    'Analytics',
    'Audit log',
    'SSO',
    'SCIM',
    'Sandbox envs',
    'Data export',
    'Webhooks+',
    'Custom roles',
    'IP allowlist',
    'Priority queue',
    'Regional hosting',
  ].map((name, i) =>
    price(
      `price_SbxModule${String(i + 1).padStart(2, '0')}`,
      `prod_SbxModule${String(i + 1).padStart(2, '0')}`,
      `Module: ${name}`,
      'usd',
      String(500 + i * 100),
    ),
  ),
];

const COUPONS: CouponSeed[] = [
  { id: 'SAVE20', name: '20% off', percentOff: Decimal.parse('20'), amountOff: null, currency: null },
  { id: 'TENOFF', name: '$10 off', percentOff: null, amountOff: 1000n, currency: 'usd' },
  { id: 'WELCOME10', name: 'Welcome 10%', percentOff: Decimal.parse('10'), amountOff: null, currency: null },
];

const CUSTOMERS: CustomerSeed[] = [
  { id: STRIPE_DEFAULT_CUSTOMER, name: 'Acme Corp', email: 'billing@acme.test', currency: 'usd', taxRate: TAX.us, invoicePrefix: 'ACME' },
  { id: STRIPE_JPY_CUSTOMER, name: 'Sakura KK', email: 'keiri@sakura.test', currency: 'jpy', taxRate: TAX.jp, invoicePrefix: 'SAKU' },
  { id: STRIPE_KWD_CUSTOMER, name: 'Gulf Trading WLL', email: 'accounts@gulf.test', currency: 'kwd', taxRate: null, invoicePrefix: 'GULF' },
  {
    id: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
    name: 'Globex Corporation',
    email: 'ap@globex.test',
    currency: 'usd',
    taxRate: TAX.us,
    invoicePrefix: 'GLBX',
  },
  {
    id: STRIPE_NO_SUBSCRIPTION_CUSTOMER,
    name: 'Initech GmbH',
    email: 'buchhaltung@initech.test',
    currency: 'eur',
    taxRate: TAX.eu,
    invoicePrefix: 'INIT',
  },
  {
    id: STRIPE_GBP_CUSTOMER,
    name: 'Umbrella Ltd',
    email: 'finance@umbrella.test',
    currency: 'gbp',
    taxRate: TAX.uk,
    invoicePrefix: 'UMBR',
  },
  {
    id: STRIPE_SECOND_USD_CUSTOMER,
    name: 'Hooli Inc',
    email: 'payables@hooli.test',
    currency: 'usd',
    taxRate: TAX.us,
    invoicePrefix: 'HOOL',
  },
];

interface SubscriptionPlan {
  id: string;
  customer: string;
  items: [itemId: string, priceId: string, quantity: number][];
  /** Metered price billed on quarterly true-up invoices (13 lines: more than one embedded page). */
  meteredPrice?: string;
  months: number;
  coupon?: string;
  /** A canceled subscription: listed with status=canceled, bills nothing, has no upcoming invoice. */
  canceled?: true;
}

const PLANS: SubscriptionPlan[] = [
  {
    id: 'sub_SbxAcmePro001',
    customer: STRIPE_DEFAULT_CUSTOMER,
    items: [
      ['si_SbxAcmePlan01', 'price_SbxProMonthly', 1],
      ['si_SbxAcmeSeats1', 'price_SbxSeatUsd', 5],
    ],
    meteredPrice: 'price_SbxApiUsd',
    months: 30,
  },
  {
    id: 'sub_SbxSakura001',
    customer: STRIPE_JPY_CUSTOMER,
    items: [
      ['si_SbxSakuPlan01', 'price_SbxStandardJpy', 1],
      ['si_SbxSakuSeats1', 'price_SbxSeatJpy', 3],
    ],
    meteredPrice: 'price_SbxApiJpy',
    months: 26,
  },
  {
    id: 'sub_SbxGulf00001',
    customer: STRIPE_KWD_CUSTOMER,
    items: [
      ['si_SbxGulfPlan01', 'price_SbxBusinessKwd', 1],
      ['si_SbxGulfSeats1', 'price_SbxSeatKwd', 4],
    ],
    meteredPrice: 'price_SbxApiKwd',
    months: 25,
  },
  {
    id: 'sub_SbxGlobexBas1',
    customer: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
    items: [['si_SbxGlbxBasic1', 'price_SbxBasicUsd', 1]],
    months: 24,
    coupon: 'TENOFF',
  },
  {
    id: 'sub_SbxGlobexEnt1',
    customer: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
    items: [
      ['si_SbxGlbxEntPl1', 'price_SbxEnterpriseUsd', 1],
      ...Array.from(
        { length: 11 },
        (_, i) =>
          [`si_SbxGlbxMod${String(i + 1).padStart(3, '0')}`, `price_SbxModule${String(i + 1).padStart(2, '0')}`, 1] as [
            string,
            string,
            number,
          ],
      ),
    ],
    months: 24,
  },
  {
    id: 'sub_SbxUmbrella01',
    customer: STRIPE_GBP_CUSTOMER,
    items: [
      ['si_SbxUmbrPlan01', 'price_SbxProGbp', 1],
      ['si_SbxUmbrSeats1', 'price_SbxSeatGbp', 7],
    ],
    months: 28,
  },
  // Acme's old Basic plan, canceled when it moved to Pro: create_preview answers invoice_upcoming_none.
  {
    id: 'sub_SbxAcmeOld001',
    customer: STRIPE_DEFAULT_CUSTOMER,
    items: [['si_SbxAcmeOld001', 'price_SbxBasicUsd', 1]],
    months: 36,
    canceled: true,
  },
  {
    id: 'sub_SbxHooli00001',
    customer: STRIPE_SECOND_USD_CUSTOMER,
    items: [
      ['si_SbxHoolPlan01', 'price_SbxProMonthly', 1],
      ['si_SbxHoolSeats1', 'price_SbxSeatUsd', 12],
    ],
    months: 27,
    coupon: 'SAVE20',
  },
];

export function discountId(owner: string, coupon: string): string {
  return `di_${shortHash(`${owner}/${coupon}`, 24)}`;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function stripeId(prefix: string, random: () => number): string {
  let out = '';
  for (let i = 0; i < 24; i += 1) out += BASE62[Math.floor(random() * BASE62.length)];
  return `${prefix}_${out}`;
}

export function customerJson(customer: CustomerSeed): StripeCustomerJson {
  return {
    id: customer.id,
    object: 'customer',
    address: null,
    balance: 0,
    created: ts(monthStart(SANDBOX_NOW, 40)),
    currency: customer.currency,
    default_source: null,
    delinquent: false,
    description: null,
    email: customer.email,
    invoice_prefix: customer.invoicePrefix,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: customer.name,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

function subscriptionLines(sub: SubscriptionSeed, quantities: bigint[], period: { start: number; end: number }): LineSpec[] {
  return sub.items.map((item, i) => {
    const quantity = quantities[i] ?? item.quantity;
    return {
      description: `${quantity} × ${item.price.productName}`,
      unitAmount: item.price.unitAmount,
      quantity: Decimal.fromInteger(quantity),
      period,
      proration: false,
      price: { id: item.price.id, product: item.price.product },
      subscription: sub.id,
      subscriptionItem: item.id,
      invoiceItem: null,
    };
  });
}

const REGIONS = [
  'us-east',
  'us-west',
  'eu-west',
  'eu-central',
  'ap-south',
  'ap-northeast',
  'sa-east',
  'me-central',
  'af-south',
  'ca-central',
  'au-east',
];

export function seedStripeAccount(): StripeAccount {
  const prices = new Map(PRICES.map((p) => [p.id, p]));
  const coupons = new Map(COUPONS.map((c) => [c.id, c]));
  const customers = new Map(CUSTOMERS.map((c) => [c.id, c]));
  const welcome = coupons.get('WELCOME10') as CouponSeed;
  const promotionCodes = new Map([['promo_SbxWelcome10', { id: 'promo_SbxWelcome10', code: 'WELCOME10', coupon: welcome }]]);
  const subscriptions: SubscriptionSeed[] = PLANS.map((plan) => {
    const first = prices.get(plan.items[0]?.[1] ?? '') as PriceSeed;
    return {
      id: plan.id,
      customer: plan.customer,
      status: plan.canceled ? 'canceled' : 'active',
      currency: first.currency,
      items: plan.items.map(([id, priceId, quantity]) => ({ id, price: prices.get(priceId) as PriceSeed, quantity: BigInt(quantity) })),
      discounts: plan.coupon ? [{ id: discountId(plan.id, plan.coupon), coupon: coupons.get(plan.coupon) as CouponSeed }] : [],
      created: ts(monthStart(SANDBOX_NOW, plan.months - 1)),
    };
  });

  const specs: InvoiceSpec[] = [];
  CUSTOMERS.forEach((customer, customerIndex) => {
    const random = seededRandom(1000 + customerIndex);
    const plansOfCustomer = PLANS.filter((p) => p.customer === customer.id && !p.canceled);
    const months = plansOfCustomer[0]?.months ?? 24;
    const manualEvery = plansOfCustomer.length ? 5 : 1;
    for (let m = months - 1; m >= 0; m -= 1) {
      const created = ts(monthStart(SANDBOX_NOW, m)) + 3600 + customerIndex * 60;
      const period = { start: ts(monthStart(SANDBOX_NOW, m)), end: ts(monthStart(SANDBOX_NOW, m - 1)) };
      plansOfCustomer.forEach((plan, planIndex) => {
        const sub = subscriptions.find((s) => s.id === plan.id) as SubscriptionSeed;
        // Seat counts drift over time; the newest months bill today's quantities.
        const quantities = sub.items.map((item) =>
          m === 0 || item.quantity === 1n ? item.quantity : BigInt(Math.max(1, Number(item.quantity) - randomInt(random, 0, 2))),
        );
        const lines = subscriptionLines(sub, quantities, period);
        if (plan.meteredPrice && m % 3 === 1) {
          const metered = prices.get(plan.meteredPrice) as PriceSeed;
          for (const region of REGIONS) {
            const quantity = Decimal.parse(`${randomInt(random, 200, 9000)}.${String(randomInt(random, 0, 999)).padStart(3, '0')}`);
            lines.push({
              description: `${metered.productName}, ${region}`,
              unitAmount: metered.unitAmount,
              quantity,
              period: { start: ts(monthStart(SANDBOX_NOW, m + 1)), end: period.start },
              proration: false,
              price: { id: metered.id, product: metered.product },
              subscription: sub.id,
              subscriptionItem: `si_${shortHash(`${sub.id}/metered`)}`,
              invoiceItem: null,
            });
          }
        }
        const withCoupon = sub.discounts.length > 0 && m >= months - 6;
        specs.push({
          id: stripeId('in', random),
          customer,
          currency: sub.currency,
          created: created + planIndex * 10,
          periodStart: ts(monthStart(SANDBOX_NOW, m + 1)),
          periodEnd: period.start,
          billingReason: m === months - 1 ? 'subscription_create' : 'subscription_cycle',
          status: 'paid',
          collectionMethod: 'charge_automatically',
          number: null,
          description: null,
          subscription: sub.id,
          lines,
          discounts: withCoupon ? sub.discounts : [],
          preview: false,
        });
      });
      if (m % manualEvery === 2 % manualEvery) {
        const hours = BigInt(randomInt(random, 2, 12));
        const oneOff = customer.currency === 'eur' ? (prices.get('price_SbxConsultEur') as PriceSeed) : null;
        const unit =
          oneOff?.unitAmount ?? Decimal.fromInteger(customer.currency === 'jpy' ? 20000n : customer.currency === 'kwd' ? 45000n : 15000n);
        const manualCreated = created + 14 * 86_400;
        const status = m === 0 ? 'open' : m === 7 ? 'void' : m === 12 ? 'uncollectible' : 'paid';
        specs.push({
          id: stripeId('in', random),
          customer,
          currency: customer.currency,
          created: manualCreated,
          periodStart: manualCreated,
          periodEnd: manualCreated,
          billingReason: 'manual',
          status,
          collectionMethod: 'send_invoice',
          number: null,
          description: 'Professional services',
          subscription: null,
          lines: [
            {
              description: `Implementation workshop (${hours} h)`,
              unitAmount: unit,
              quantity: Decimal.fromInteger(hours),
              period: { start: manualCreated, end: manualCreated },
              proration: false,
              price: oneOff ? { id: oneOff.id, product: oneOff.product } : null,
              subscription: null,
              subscriptionItem: null,
              invoiceItem: `ii_${shortHash(`${customer.id}/${m}/workshop`, 24)}`,
            },
          ],
          discounts: [],
          preview: false,
        });
      }
    }
  });

  // Numbers run per customer in issue order, as Stripe's invoice prefixes do.
  specs.sort((a, b) => a.created - b.created);
  const sequence = new Map<string, number>();
  for (const spec of specs) {
    const next = (sequence.get(spec.customer.id) ?? 0) + 1;
    sequence.set(spec.customer.id, next);
    spec.number = `${customers.get(spec.customer.id)?.invoicePrefix}-${String(next).padStart(4, '0')}`;
  }
  const invoices: StripeInvoiceJson[] = [];
  const invoiceLines = new Map<string, StripeLineJson[]>();
  for (const spec of specs.reverse()) {
    const { invoice, lines } = buildInvoice(spec);
    invoices.push(invoice);
    invoiceLines.set(invoice.id, lines);
  }
  return { customers, prices, coupons, promotionCodes, subscriptions, invoices, invoiceLines };
}
