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
    provider: t.field({
      type: BillingProviderEnum,
      description: 'The billing backend this invoice comes from.',
      resolve: (invoice) => invoice.ref.provider,
    }),
    providerId: t.exposeString('providerId', {
      nullable: true,
      description: "The provider's own id of the invoice (e.g. Stripe's `in_...`), to look it up there; null when the provider gave none.",
    }),
    isPreview: t.boolean({
      description:
        'True for an invoice the provider computed now rather than issued: an upcoming invoice or a previewed change. `node(id)` reads an upcoming invoice again; a previewed change cannot be read back by id.',
      resolve: (invoice) => invoice.ref.preview,
    }),
    number: t.exposeString('number', {
      nullable: true,
      description: 'The number printed on the invoice (e.g. "ACME-0012"); null for drafts and previews, and when the provider has none.',
    }),
    status: t.field({
      type: InvoiceStatusEnum,
      nullable: true,
      description:
        "Where the invoice is in its life, the same five values for every provider; null when the provider's status has no equivalent.",
      resolve: (invoice) => invoice.status,
    }),
    providerStatus: t.exposeString('providerStatus', {
      nullable: true,
      description:
        'The status exactly as the provider reported it (e.g. Flexprice "FINALIZED/SUCCEEDED"), for support; null when it sent none.',
    }),
    origin: t.field({
      type: InvoiceTypeEnum,
      nullable: true,
      description: 'AUTO (created by the billing cycle) or MANUAL (created by hand); never ALL. Null when the provider does not say.',
      resolve: (invoice) => invoice.origin,
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'Free text the biller put on the invoice; null when there is none.',
    }),
    currency: t.exposeString('currency', { description: 'ISO-4217 code of every amount on the invoice, upper case ("USD").' }),
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
    pdfUrl: t.exposeString('pdfUrl', {
      nullable: true,
      description: 'Link to the invoice as a PDF; null when there is none yet (drafts, previews).',
    }),
    hostedUrl: t.exposeString('hostedUrl', {
      nullable: true,
      description: "Link to the provider's page where the customer can view and pay the invoice; null when the provider has none.",
    }),
    attemptCount: t.exposeInt('attemptCount', {
      nullable: true,
      description: 'How many times the provider has tried to collect payment; null when it does not report attempts.',
    }),
    attempted: t.exposeBoolean('attempted', {
      nullable: true,
      description: 'True once the provider has tried to collect payment; null when it does not report attempts.',
    }),
    autoAdvance: t.exposeBoolean('autoAdvance', {
      nullable: true,
      description: 'True when the provider finalizes and collects the invoice on its own; null when it does not say.',
    }),
    customerId: t.exposeString('customerId', {
      nullable: true,
      description: "The billed customer's id in the provider's terms (same as `customer.id`); null when the provider named none.",
    }),
    subscriptionId: t.exposeString('subscriptionId', {
      nullable: true,
      description: "The provider's id of the subscription billed; null for invoices not tied to a subscription.",
    }),
  }),
});

builder.queryFields((t) => ({
  invoice: t.field({
    type: InvoiceType,
    nullable: true,
    description:
      'One issued invoice by its global id (`Invoice.id`). NOT_FOUND when it does not exist; an upcoming invoice is read with `node(id)` or `upcomingInvoice`. Null only alongside an error.',
    args: { id: t.arg.id({ required: true, description: 'The `id` of an issued invoice.' }) },
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
    description:
      "The customer's next invoice as the provider previews it now (`isPreview: true`); null when there is none (no active subscription). Its id is stable, so `node(id)` refetches it.",
    args: {
      provider: t.arg({ type: BillingProviderEnum, required: false, description: "Which billing backend; default: the deployment's." }),
      customer: t.arg.string({
        required: false,
        description: "Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's.",
      }),
      subscription: t.arg.string({
        required: false,
        description:
          "The provider's subscription id. Needed when the customer has several active subscriptions (else BAD_USER_INPUT listing them in `extensions.choices`).",
      }),
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

function targetOf(ctx: Context, args: { provider?: ProviderName | null; customer?: string | null }) {
  return resolveTarget(ctx.principal, args, {
    provider: ctx.defaultProvider,
    customerOf: (provider) => ctx.providers.get(provider).defaultCustomer,
  });
}
