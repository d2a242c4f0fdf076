import { INVOICE_STATUSES, INVOICE_TYPE_FILTERS, PROVIDERS, type ProviderName } from '../domain/invoice.js';
import { MONEY_PRECISIONS, type MoneyPrecision } from '../domain/money.js';
import { builder } from './builder.js';

/**
 * The GraphQL enums, derived from the domain's constant lists so a provider or a status is written once
 * (src/domain/invoice.ts). GraphQL names are the upper-cased domain values.
 */

type ProviderValues = { [P in ProviderName as Uppercase<P>]: { value: P } };
const providerValues = Object.fromEntries(PROVIDERS.map((provider) => [provider.toUpperCase(), { value: provider }])) as ProviderValues;

export const BillingProviderEnum = builder.enumType('BillingProvider', {
  description: 'The billing backend an invoice lives in.',
  values: providerValues,
});

export const InvoiceTypeEnum = builder.enumType('InvoiceType', {
  description: 'Which invoices of the history: created by the billing cycle (AUTO), by hand (MANUAL), or both.',
  values: INVOICE_TYPE_FILTERS,
});

export const InvoiceStatusEnum = builder.enumType('InvoiceStatus', {
  values: INVOICE_STATUSES,
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
