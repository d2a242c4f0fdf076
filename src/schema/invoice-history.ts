import { assertCursorVisible, assertInvoiceVisible } from '../auth/authorize.js';
import { invoiceHistoryScope } from '../domain/cursor.js';
import { toPageRequest } from '../domain/pagination.js';
import { loopSlices } from '../limits/loop-slices.js';
import { builder } from './builder.js';
import { toConnection } from './connection.js';
import { BillingProviderEnum, InvoiceTypeEnum } from './enums.js';
import { InvoiceType, targetOf } from './invoice.js';

/** `invoices`: the history as a Relay connection whose cursors are bound to the query (docs/ARCHITECTURE.md section 5). */
builder.queryFields((t) => ({
  invoices: t.connection(
    {
      type: InvoiceType,
      description: 'Invoice history, newest first. `first` defaults to 20 and may be at most 100.',
      args: {
        provider: t.arg({ type: BillingProviderEnum, required: false, description: "Which billing backend; default: the deployment's." }),
        customer: t.arg.string({
          required: false,
          description: "Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's.",
        }),
        type: t.arg({
          type: InvoiceTypeEnum,
          required: false,
          defaultValue: 'ALL',
          description: 'Only invoices of the billing cycle (AUTO), only those made by hand (MANUAL), or all. Cursors are bound to it.',
        }),
      },
      resolve: async (_root, args, ctx) => {
        const target = targetOf(ctx, args);
        const type = args.type ?? 'ALL';
        const scope = invoiceHistoryScope(target, type);
        const page = toPageRequest(args, (cursor, argument) => {
          assertCursorVisible(ctx.principal, cursor, ctx.cursors);
          return ctx.cursors.decode(cursor, scope, argument);
        });
        const result = await ctx.loaders.invoicePage.load({ ...target, type, page });
        await loopSlices.pass(); // reading and mapping the page took a piece of the loop already (issue 14)
        for (const { item } of result.items) assertInvoiceVisible(ctx.principal, item);
        return toConnection(result, scope, ctx.cursors);
      },
    },
    {
      name: 'InvoiceConnection',
      description: 'One page of invoice history, newest first (a Relay connection).',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description: 'How many invoices match in all pages; null when the provider cannot say without reading them all (Stripe).',
          resolve: (connection) => (connection as { totalCount?: number | null }).totalCount ?? null,
        }),
      }),
    },
    { name: 'InvoiceEdge', description: 'One invoice of a page, with its cursor.' },
  ),
}));
