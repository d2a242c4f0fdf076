import type { Customer } from '../domain/invoice.js';
import { builder } from './builder.js';
import { InvoiceType } from './invoice.js';

export const CustomerType = builder.objectRef<Customer>('Customer').implement({
  description: "The billed party, in the provider's own terms.",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
  }),
});

builder.objectField(InvoiceType, 'customer', (t) =>
  t.field({
    type: CustomerType,
    nullable: true,
    description: 'Loaded through a per-request DataLoader: many invoices of one customer cost one read.',
    resolve: (invoice, _args, ctx) =>
      invoice.customerId ? ctx.loaders.customer.load({ provider: invoice.ref.provider, id: invoice.customerId }) : null,
  }),
);
