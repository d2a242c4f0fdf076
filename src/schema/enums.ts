import { INVOICE_STATUSES, INVOICE_TYPE_FILTERS, PROVIDERS, type ProviderName } from '../domain/invoice.js';
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
