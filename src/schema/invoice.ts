import { resolveTarget } from '../auth/authorize.js';
import { badInput, notFound } from '../domain/errors.js';
import { invoiceLocalId, parseInvoiceLocalId } from '../domain/invoice-id.js';
import type { Invoice, ProviderName } from '../domain/invoice.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { issuedRef, loadInvoiceNode, loadIssuedInvoice } from './invoice-read.js';
import { BillingProviderEnum, InvoiceStatusEnum, InvoiceTypeEnum } from './enums.js';

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
}));

/** The provider and customer a root field reads: the arguments, narrowed by the principal (docs/ARCHITECTURE.md section 6). */
export function targetOf(ctx: Context, args: { provider?: ProviderName | null; customer?: string | null }) {
  return resolveTarget(ctx.principal, args, {
    provider: ctx.defaultProvider,
    customerOf: (provider) => ctx.providers.get(provider).defaultCustomer,
  });
}
