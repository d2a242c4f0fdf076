import { builder } from './builder.js';
import { InvoiceType } from './invoice.js';
import { MoneyType } from './money.js';

/** The amounts of an invoice, exact Money in its currency (docs/ARCHITECTURE.md section 4). */
builder.objectFields(InvoiceType, (t) => ({
  amountDue: t.field({
    type: MoneyType,
    description: 'What the customer owes for this invoice in total: the amount to show as "due". Can be zero, or negative after credits.',
    resolve: (invoice) => invoice.amountDue,
  }),
  amountPaid: t.field({
    type: MoneyType,
    description: 'What has been paid of `amountDue` so far.',
    resolve: (invoice) => invoice.amountPaid,
  }),
  amountRemaining: t.field({
    type: MoneyType,
    description: 'What is still to pay: `amountDue` minus `amountPaid`.',
    resolve: (invoice) => invoice.amountRemaining,
  }),
  subtotal: t.field({
    type: MoneyType,
    nullable: true,
    description: 'Sum of the lines before tax and invoice-level discounts; null when the provider does not report it.',
    resolve: (invoice) => invoice.subtotal,
  }),
  tax: t.field({
    type: MoneyType,
    nullable: true,
    description: 'Total tax; null when the provider does not report tax.',
    resolve: (invoice) => invoice.tax,
  }),
  discount: t.field({
    type: MoneyType,
    nullable: true,
    description: 'Total of the discounts, as a positive amount; null when the provider does not report it.',
    resolve: (invoice) => invoice.discount,
  }),
  total: t.field({
    type: MoneyType,
    nullable: true,
    description: 'Subtotal after discounts, plus tax, before credits and payments; null when the provider does not report it.',
    resolve: (invoice) => invoice.total,
  }),
}));
