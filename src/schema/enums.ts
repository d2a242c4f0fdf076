import {
  INVOICE_STATUSES,
  INVOICE_TYPE_FILTERS,
  PROVIDERS,
  type InvoiceStatus,
  type InvoiceTypeFilter,
  type ProviderName,
} from '../domain/invoice.js';
import { MONEY_PRECISIONS, type MoneyPrecision } from '../domain/money.js';
import { builder } from './builder.js';

/**
 * The GraphQL enums, derived from the domain's constant lists so a provider or a status is written once
 * (src/domain/invoice.ts). GraphQL names are the upper-cased domain values.
 */

const PROVIDER_DESCRIPTIONS: Record<ProviderName, string> = {
  cloudflare: 'Cloudflare AI Gateway billing: `customer` is the Cloudflare account id.',
  stripe: 'Stripe Billing: `customer` is a Stripe customer id (`cus_...`).',
  flexprice: 'Flexprice: `customer` is a Flexprice customer id.',
};

type ProviderValues = { [P in ProviderName as Uppercase<P>]: { value: P; description: string } };
const providerValues = Object.fromEntries(
  PROVIDERS.map((provider) => [provider.toUpperCase(), { value: provider, description: PROVIDER_DESCRIPTIONS[provider] }]),
) as ProviderValues;

export const BillingProviderEnum = builder.enumType('BillingProvider', {
  description: 'The billing backend an invoice lives in.',
  values: providerValues,
});

/** Descriptions written once per domain constant, so a new status or filter fails to compile until described. */
const INVOICE_TYPE_DESCRIPTIONS: Record<InvoiceTypeFilter, string> = {
  ALL: 'Every invoice, including those of neither kind (e.g. Flexprice credit top-ups).',
  AUTO: 'Invoices created by the billing cycle of a subscription.',
  MANUAL: 'Invoices created by hand (one-off invoices).',
};

export const InvoiceTypeEnum = builder.enumType('InvoiceType', {
  description: 'Which invoices of the history: created by the billing cycle (AUTO), by hand (MANUAL), or both.',
  values: Object.fromEntries(INVOICE_TYPE_FILTERS.map((type) => [type, { value: type, description: INVOICE_TYPE_DESCRIPTIONS[type] }])) as {
    [T in InvoiceTypeFilter]: { value: T; description: string };
  },
});

const INVOICE_STATUS_DESCRIPTIONS: Record<InvoiceStatus, string> = {
  DRAFT: 'Still being prepared: amounts and lines can change; not yet sent or payable.',
  OPEN: 'Finalized and waiting for payment (also partly paid).',
  PAID: 'Paid in full.',
  UNCOLLECTIBLE: 'The biller does not expect to be paid; it can still be paid.',
  VOID: 'Cancelled: nothing is owed.',
};

export const InvoiceStatusEnum = builder.enumType('InvoiceStatus', {
  description: "An invoice's status, the same five for every provider (the provider's own is in `Invoice.providerStatus`).",
  values: Object.fromEntries(
    INVOICE_STATUSES.map((status) => [status, { value: status, description: INVOICE_STATUS_DESCRIPTIONS[status] }]),
  ) as {
    [S in InvoiceStatus]: { value: S; description: string };
  },
});

const MONEY_PRECISION_DESCRIPTIONS: Record<MoneyPrecision, string> = {
  MINOR_UNIT:
    'The currency\'s minor unit (2 decimal places for USD, 0 for JPY, 3 for KWD), rounded half-even ("banker\'s rounding"): 0.125 USD shows "$0.12", 0.135 USD "$0.14".',
  FULL: 'Every digit the amount has: at least the minor unit, at most 20 decimal places (rounded half-even beyond), e.g. "$109.060178723999340085" for a metered charge.',
};

export const MoneyPrecisionEnum = builder.enumType('MoneyPrecision', {
  description: 'How many decimal places `Money.formatted` shows. Display only: `Money.amount` is always exact.',
  values: Object.fromEntries(
    MONEY_PRECISIONS.map((precision) => [precision, { value: precision, description: MONEY_PRECISION_DESCRIPTIONS[precision] }]),
  ) as { [P in MoneyPrecision]: { value: P; description: string } },
});
