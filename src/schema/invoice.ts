import { assertCursorVisible, assertCustomer, assertInvoiceVisible, isInvoiceVisible, resolveTarget } from '../auth/authorize.js';
import { invoiceHistoryScope } from '../domain/cursor.js';
import { badInput, notFound } from '../domain/errors.js';
import { invoiceRefString, PROVIDERS, type Invoice, type InvoiceRef, type ProviderName } from '../domain/invoice.js';
import { toPageRequest } from '../domain/pagination.js';
import { builder } from './builder.js';
import { toConnection } from './connection.js';
import type { Context } from './context.js';
import { BillingProviderEnum, InvoiceStatusEnum, InvoiceTypeEnum } from './enums.js';
import { MoneyType } from './money.js';

// Defined with the domain's constant lists in enums.ts; re-exported here, where the Invoice type uses them.
export { BillingProviderEnum, InvoiceStatusEnum, InvoiceTypeEnum } from './enums.js';

export function parseInvoiceLocalId(localId: string): InvoiceRef {
  let parts: unknown;
  try {
    parts = JSON.parse(localId);
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    !(PROVIDERS as readonly unknown[]).includes(parts[0]) ||
    typeof parts[1] !== 'string' ||
    typeof parts[2] !== 'string' ||
    (parts[3] !== 0 && parts[3] !== 1)
  ) {
    throw badInput('`id` is not an invoice id this API issued', ['id']);
  }
  return { provider: parts[0] as ProviderName, customer: parts[1], key: parts[2], preview: parts[3] === 1 };
}

/** Loads an invoice by ref for `invoice(id)` and `node(id)`, enforcing preview and visibility rules. */
export async function loadInvoice(ref: InvoiceRef, ctx: Context): Promise<Invoice | null> {
  if (ref.preview) {
    throw badInput('this id names a preview invoice; previews are computed, not stored, so query `upcomingInvoice` instead', ['id']);
  }
  // An id naming a customer the principal may not see is refused from the id alone, before any upstream call.
  assertCustomer(ctx.principal, ref.provider, ref.customer);
  const invoice = await ctx.loaders.invoice.load(ref);
  // A key the upstream does not know, a key of a customer the principal may not see, and a key found under
  // another customer than the id names all read alike, "not found": anything else is an existence oracle
  // (docs/ARCHITECTURE.md section 6).
  if (!invoice || !isInvoiceVisible(ctx.principal, invoice)) return null;
  return invoiceRefString(invoice.ref) === invoiceRefString(ref) ? invoice : null;
}

export const InvoiceType = builder.objectRef<Invoice>('Invoice');

builder.node(InvoiceType, {
  description: 'An invoice, issued or previewed, in one provider-neutral shape with exact money.',
  id: {
    resolve: (invoice) => invoiceRefString(invoice.ref),
    parse: (id) => parseInvoiceLocalId(id),
  },
  loadWithoutCache: (ref, ctx) => loadInvoice(ref, ctx),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'ref' in value && 'amountDue' in value,
  fields: (t) => ({
    provider: t.field({ type: BillingProviderEnum, resolve: (invoice) => invoice.ref.provider }),
    providerId: t.exposeString('providerId', { nullable: true, description: 'The id the upstream uses, if it gave one.' }),
    isPreview: t.boolean({
      description: 'True for an upcoming or previewed invoice, which cannot be read back by id.',
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
      const ref = parseInvoiceLocalId(localId);
      const invoice = await loadInvoice(ref, ctx);
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
          assertCursorVisible(ctx.principal, cursor, ctx.cursors);
          return ctx.cursors.decode(cursor, scope, argument);
        });
        const result = await ctx.loaders.invoicePage.load({ ...target, type, page });
        for (const { item } of result.items) assertInvoiceVisible(ctx.principal, item);
        return toConnection(result, scope, ctx.cursors);
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
