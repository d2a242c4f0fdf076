import { invoiceLinesScope } from '../domain/cursor.js';
import { unsupported } from '../domain/errors.js';
import type { InvoiceLine, InvoiceLineCredit } from '../domain/invoice.js';
import { pageOfList, toPageRequest } from '../domain/pagination.js';
import { builder } from './builder.js';
import { toConnection } from './connection.js';
import { InvoiceType } from './invoice.js';
import { MoneyType } from './money.js';

export const InvoiceLineCreditType = builder.objectRef<InvoiceLineCredit>('InvoiceLineCredit').implement({
  description: 'A credit applied to a line before tax (a discount or a credit-balance transaction).',
  fields: (t) => ({
    amount: t.field({ type: MoneyType, resolve: (credit) => credit.amount }),
    type: t.exposeString('type'),
    creditBalanceTransaction: t.exposeString('creditBalanceTransaction', { nullable: true }),
    discount: t.exposeString('discount', { nullable: true }),
  }),
});

export const InvoiceLineType = builder.objectRef<InvoiceLine>('InvoiceLine').implement({
  fields: (t) => ({
    id: t.exposeID('id', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    amount: t.field({ type: MoneyType, resolve: (line) => line.amount }),
    quantity: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Exact; usage quantities can have decimals.',
      resolve: (line) => line.quantity,
    }),
    unitAmount: t.field({ type: MoneyType, nullable: true, resolve: (line) => line.unitAmount }),
    periodStart: t.field({ type: 'DateTime', nullable: true, resolve: (line) => line.periodStart }),
    periodEnd: t.field({ type: 'DateTime', nullable: true, resolve: (line) => line.periodEnd }),
    proration: t.exposeBoolean('proration', { description: 'True for a proration created by a mid-period change.' }),
    credits: t.field({ type: [InvoiceLineCreditType], resolve: (line) => line.credits }),
  }),
});

builder.objectField(InvoiceType, 'lines', (t) =>
  t.connection(
    {
      type: InvoiceLineType,
      description:
        'The lines of the invoice. When the upstream embedded only some lines and cannot page the rest (Stripe previews), `pageInfo.hasNextPage` says so.',
      resolve: async (invoice, args, ctx) => {
        const scope = invoiceLinesScope(invoice);
        const page = toPageRequest(args, (cursor, argument) => ctx.cursors.decode(cursor, scope, argument));
        const provider = ctx.providers.get(invoice.ref.provider);
        // Issued invoices page the rest upstream; previews cannot (Stripe has no lines endpoint for them
        // since basil, docs/UPSTREAMS.md 2.5), so only their embedded lines are served.
        if (invoice.linesHasMore && !invoice.ref.preview && provider.listInvoiceLines) {
          return toConnection(await ctx.loaders.invoiceLines.load({ invoice, page }), scope, ctx.cursors);
        }
        let result = pageOfList(invoice.lines, page);
        if (invoice.linesHasMore) {
          // Past the embedded lines: an empty page saying "more" would send a `while (hasNextPage)` client
          // round forever, so say plainly that the rest cannot be read.
          const pastEmbedded = page.direction === 'forward' ? result.items.length === 0 && page.after !== null : page.before === null;
          if (pastEmbedded) {
            throw unsupported(
              `${invoice.ref.provider} returns only the first ${invoice.lines.length} lines of this ${invoice.ref.preview ? 'preview' : 'invoice'} and has no way to read the rest`,
              { provider: invoice.ref.provider, field: [page.direction === 'forward' ? 'after' : 'last'] },
            );
          }
          // More lines exist than were embedded: say so on the last embedded page.
          if (!result.hasNextPage && page.direction === 'forward') result = { ...result, hasNextPage: true, totalCount: null };
        }
        return toConnection(result, scope, ctx.cursors);
      },
    },
    {
      name: 'InvoiceLineConnection',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          resolve: (connection) => (connection as { totalCount?: number | null }).totalCount ?? null,
        }),
      }),
    },
    { name: 'InvoiceLineEdge' },
  ),
);
