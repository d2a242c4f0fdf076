import { builder } from './builder.js';
import { InvoiceType } from './invoice.js';

/** When an invoice was made, which period it bills, and when it is due. */
builder.objectFields(InvoiceType, (t) => ({
  periodStart: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'Start of the billing period the invoice covers; null when the provider does not say.',
    resolve: (invoice) => invoice.periodStart,
  }),
  periodEnd: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'End of the billing period (exclusive); null when the provider does not say.',
    resolve: (invoice) => invoice.periodEnd,
  }),
  createdAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the provider created the invoice; null for previews that have no such time.',
    resolve: (invoice) => invoice.createdAt,
  }),
  dueAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When payment is due; null when the invoice is charged automatically or the provider has no due date.',
    resolve: (invoice) => invoice.dueAt,
  }),
}));
