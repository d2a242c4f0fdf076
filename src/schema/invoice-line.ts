import { invoiceLinesScope } from '../domain/cursor.js';
import { unsupported } from '../domain/errors.js';
import type { InvoiceLine, InvoiceLineCredit } from '../domain/invoice.js';
import { pageOfList, toPageRequest } from '../domain/pagination.js';
import { loopSlices } from '../limits/loop-slices.js';
import { builder } from './builder.js';
import { toConnection } from './connection.js';
import { InvoiceType } from './invoice.js';
import { MoneyType } from './money.js';

export const InvoiceLineCreditType = builder.objectRef<InvoiceLineCredit>('InvoiceLineCredit').implement({
  description: 'A credit applied to a line before tax (a discount or a credit-balance transaction).',
  fields: (t) => ({
    amount: t.field({
      type: MoneyType,
      description: 'How much the credit takes off the line, as a positive amount.',
      resolve: (credit) => credit.amount,
    }),
    type: t.exposeString('type', {
      description:
        'The kind of credit as the provider names it: "discount" or "credit_balance_transaction" (Stripe), "discount" or "prepaid_credits" (Flexprice).',
    }),
    creditBalanceTransaction: t.exposeString('creditBalanceTransaction', {
      nullable: true,
      description: "The provider's id of the credit-balance transaction applied; null unless `type` is a credit-balance transaction.",
    }),
    discount: t.exposeString('discount', {
      nullable: true,
      description: "The provider's id of the discount applied; null unless `type` is a discount with an id.",
    }),
  }),
});

export const InvoiceLineType = builder.objectRef<InvoiceLine>('InvoiceLine').implement({
  description: 'One charge on an invoice: a plan, seats, metered usage, a one-off item or a proration.',
  fields: (t) => ({
    id: t.exposeID('id', {
      nullable: true,
      description: "The provider's id of the line, unique within the invoice; null when the provider gives lines no id.",
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the line charges for, as the provider words it; null when it has no text.',
    }),
    amount: t.field({
      type: MoneyType,
      description: 'What the line charges, before the credits listed in `credits` and before tax; negative for a proration credit.',
      resolve: (line) => line.amount,
    }),
    quantity: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'How many units are charged; exact, metered usage can have decimals ("12.5"). Null when the line has no quantity.',
      resolve: (line) => line.quantity,
    }),
    unitAmount: t.field({
      type: MoneyType,
      nullable: true,
      description: 'Price of one unit; null when the provider gives no unit price (Flexprice) or the line is not priced per unit.',
      resolve: (line) => line.unitAmount,
    }),
    periodStart: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of the period this line charges for; null when the provider does not say.',
      resolve: (line) => line.periodStart,
    }),
    periodEnd: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of the period this line charges for (exclusive); null when the provider does not say.',
      resolve: (line) => line.periodEnd,
    }),
    proration: t.exposeBoolean('proration', { description: 'True for a proration created by a mid-period change.' }),
    credits: t.field({
      type: [InvoiceLineCreditType],
      description: 'Discounts and credits applied to this line before tax; empty when there are none.',
      resolve: (line) => line.credits,
    }),
  }),
});

builder.objectField(InvoiceType, 'lines', (t) =>
  t.connection(
    {
      type: InvoiceLineType,
      description:
        'The lines of the invoice. When the upstream embedded only some lines and cannot page the rest (Stripe previews), `pageInfo.hasNextPage` says so.',
      resolve: async (invoice, args, ctx) => {
        await loopSlices.pass(); // a page of invoices resolves its lines one invoice per piece (issue 14)
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
      description: 'One page of the lines of an invoice, in the order the provider lists them (a Relay connection).',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description:
            'How many lines the invoice has in all; null when the provider does not say (e.g. a preview with more lines than embedded).',
          resolve: (connection) => (connection as { totalCount?: number | null }).totalCount ?? null,
        }),
      }),
    },
    { name: 'InvoiceLineEdge', description: 'One line of a page, with its cursor.' },
  ),
);
