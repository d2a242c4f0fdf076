import type { Customer } from '../domain/invoice.js';
import { builder } from './builder.js';
import { InvoiceType } from './invoice.js';

export const CustomerType = builder.objectRef<Customer>('Customer').implement({
  description: "The billed party, in the provider's own terms.",
  fields: (t) => ({
    id: t.exposeID('id', {
      description: "The customer's id at the provider: Cloudflare account id, Stripe `cus_...`, Flexprice customer id.",
    }),
    name: t.exposeString('name', { nullable: true, description: 'The name the provider has on file; null when none is set.' }),
    email: t.exposeString('email', { nullable: true, description: 'The billing email the provider has on file; null when none is set.' }),
  }),
});

builder.objectField(InvoiceType, 'customer', (t) =>
  t.field({
    type: CustomerType,
    nullable: true,
    description:
      'The billed customer as the provider has it on file; null when the invoice names no customer or the provider does not know it. Asking for it on many invoices of one customer reads the customer once.',
    resolve: (invoice, _args, ctx) =>
      invoice.customerId ? ctx.loaders.customer.load({ provider: invoice.ref.provider, id: invoice.customerId }) : null,
  }),
);
