import { assertCursorVisible, assertInvoiceVisible, resolveTarget } from '../auth/authorize.js';
import { decodeCursor, invoiceHistoryScope } from '../domain/cursor.js';
import { badInput, notFound } from '../domain/errors.js';
import { invoiceLocalId, parseInvoiceLocalId } from '../domain/invoice-id.js';
import type { Invoice, ProviderName } from '../domain/invoice.js';
import { toPageRequest } from '../domain/pagination.js';
import { builder } from './builder.js';
import { toConnection } from './connection.js';
import type { Context } from './context.js';
import { issuedRef, loadInvoiceNode, loadIssuedInvoice } from './invoice-read.js';
import { BillingProviderEnum, InvoiceStatusEnum, InvoiceTypeEnum } from './enums.js';
import { MoneyType } from './money.js';

// Defined with the domain's constant lists in enums.ts; re-exported here, where the Invoice type uses them.
export { BillingProviderEnum, InvoiceStatusEnum, InvoiceTypeEnum } from './enums.js';

export const InvoiceType = builder.objectRef<Invoice>('Invoice');

builder.node(InvoiceType, {
  description: 'An invoice, issued or previewed, in one provider-neutral shape with exact money.',
  id: {
    description:
      'Global id (opaque). Stable across requests, also for an upcoming invoice; `node(id)` reads an issued or upcoming invoice again.',
    resolve: (invoice) => invoiceLocalId(invoice),
    parse: (id) => parseInvoiceLocalId(id),
  },
  loadWithoutCache: (target, ctx) => loadInvoiceNode(target, ctx),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'ref' in value && 'amountDue' in value,
  fields: (t) => ({
    provider: t.field({ type: BillingProviderEnum, resolve: (invoice) => invoice.ref.provider }),
    providerId: t.exposeString('providerId', { nullable: true, description: 'The id the upstream uses, if it gave one.' }),
    isPreview: t.boolean({
      description:
        'True for an invoice the provider computed now rather than issued: an upcoming invoice or a previewed change. `node(id)` reads an upcoming invoice again; a previewed change cannot be read back by id.',
      resolve: (invoice) => invoice.ref.preview,
    }),
    number: t.exposeString('number', { nullable: true }),
    status: t.field({ type: InvoiceStatusEnum, nullable: true, resolve: (invoice) => invoice.status }),
    providerStatus: t.exposeString('providerStatus', { nullable: true, description: 'The status exactly as the upstream reported it.' }),
    origin: t.field({
      type: InvoiceTypeEnum,
      nullable: true,
      description: 'AUTO (billing cycle) or MANUAL (created by hand); null when the upstream does not say.',
      resolve: (invoice) => invoice.origin,
    }),
    description: t.exposeString('description', { nullable: true }),
    currency: t.exposeString('currency', { description: 'ISO-4217 code, upper case.' }),
    amountDue: t.field({ type: MoneyType, resolve: (invoice) => invoice.amountDue }),
    amountPaid: t.field({ type: MoneyType, resolve: (invoice) => invoice.amountPaid }),
    amountRemaining: t.field({ type: MoneyType, resolve: (invoice) => invoice.amountRemaining }),
    subtotal: t.field({ type: MoneyType, nullable: true, resolve: (invoice) => invoice.subtotal }),
    tax: t.field({ type: MoneyType, nullable: true, resolve: (invoice) => invoice.tax }),
    discount: t.field({ type: MoneyType, nullable: true, resolve: (invoice) => invoice.discount }),
    total: t.field({ type: MoneyType, nullable: true, resolve: (invoice) => invoice.total }),
    periodStart: t.field({ type: 'DateTime', nullable: true, resolve: (invoice) => invoice.periodStart }),
    periodEnd: t.field({ type: 'DateTime', nullable: true, resolve: (invoice) => invoice.periodEnd }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (invoice) => invoice.createdAt }),
    dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (invoice) => invoice.dueAt }),
    pdfUrl: t.exposeString('pdfUrl', { nullable: true }),
    hostedUrl: t.exposeString('hostedUrl', { nullable: true }),
    attemptCount: t.exposeInt('attemptCount', { nullable: true }),
    attempted: t.exposeBoolean('attempted', { nullable: true }),
    autoAdvance: t.exposeBoolean('autoAdvance', { nullable: true }),
    customerId: t.exposeString('customerId', { nullable: true }),
    subscriptionId: t.exposeString('subscriptionId', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  invoice: t.field({
    type: InvoiceType,
    nullable: true,
    description: 'One issued invoice by its global id (as returned in `Invoice.id`).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const { typename, id: localId } = builder.options.relay?.decodeGlobalID?.(String(id), ctx) ?? { typename: '', id: '' };
      if (typename !== 'Invoice') throw badInput('`id` is not an invoice id', ['id']);
      const ref = issuedRef(parseInvoiceLocalId(localId));
      const invoice = await loadIssuedInvoice(ref, ctx);
      if (!invoice)
        throw notFound(`invoice ${ref.key} does not exist for ${ref.provider} customer ${ref.customer}`, { provider: ref.provider });
      return invoice;
    },
  }),

  upcomingInvoice: t.field({
    type: InvoiceType,
    nullable: true,
    description: "The customer's next invoice as the upstream previews it now; null when there is none.",
    args: {
      provider: t.arg({ type: BillingProviderEnum, required: false }),
      customer: t.arg.string({
        required: false,
        description: "Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's.",
      }),
      subscription: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const target = targetOf(ctx, args);
      return ctx.loaders.upcomingInvoice.load({ ...target, subscription: args.subscription ?? null });
    },
  }),

  invoices: t.connection(
    {
      type: InvoiceType,
      description: 'Invoice history, newest first. `first` defaults to 20 and may be at most 100.',
      args: {
        provider: t.arg({ type: BillingProviderEnum, required: false }),
        customer: t.arg.string({ required: false }),
        type: t.arg({ type: InvoiceTypeEnum, required: false, defaultValue: 'ALL' }),
      },
      resolve: async (_root, args, ctx) => {
        const target = targetOf(ctx, args);
        const type = args.type ?? 'ALL';
        const scope = invoiceHistoryScope(target, type);
        const page = toPageRequest(args, (cursor, argument) => {
          assertCursorVisible(ctx.principal, cursor);
          return decodeCursor(cursor, scope, argument);
        });
        const result = await ctx.loaders.invoicePage.load({ ...target, type, page });
        for (const { item } of result.items) assertInvoiceVisible(ctx.principal, item);
        return toConnection(result, scope);
      },
    },
    {
      name: 'InvoiceConnection',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description: 'How many invoices match, when the upstream says so cheaply.',
          resolve: (connection) => (connection as { totalCount?: number | null }).totalCount ?? null,
        }),
      }),
    },
    { name: 'InvoiceEdge' },
  ),
}));

function targetOf(ctx: Context, args: { provider?: ProviderName | null; customer?: string | null }) {
  return resolveTarget(ctx.principal, args, {
    provider: ctx.defaultProvider,
    customerOf: (provider) => ctx.providers.get(provider).defaultCustomer,
  });
}
