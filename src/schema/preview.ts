import { createHash } from 'node:crypto';
import { assertInvoiceVisible, resolveTarget } from '../auth/authorize.js';
import { normalizeCurrency } from '../domain/currency.js';
import type { Decimal } from '../domain/decimal.js';
import { AmbiguousSubscriptionError, badInput, NotFoundError, UnsupportedError } from '../domain/errors.js';
import type { Invoice } from '../domain/invoice.js';
import { compareInvoices, type InvoiceChange, type PreviewInvoiceInput } from '../domain/preview.js';
import { builder } from './builder.js';
import {
  InvalidInputErrorType,
  isMutationError,
  mutationProblemType,
  NotFoundErrorType,
  UnsupportedErrorType,
  type MutationError,
} from './errors.js';
import { InvoiceLineType } from './invoice-line.js';
import { BillingProviderEnum, InvoiceType } from './invoice.js';
import { MoneyType } from './money.js';

const MAX_SUBSCRIPTION_ITEMS = 20;
const MAX_INVOICE_ITEMS = 250;

const ProrationBehaviorEnum = builder.enumType('ProrationBehavior', {
  values: ['CREATE_PRORATIONS', 'ALWAYS_INVOICE', 'NONE'] as const,
});

const PreviewAddItemInput = builder.inputType('PreviewAddItemInput', {
  fields: (t) => ({
    price: t.string({ required: true, description: 'The price to subscribe to.' }),
    quantity: t.field({ type: 'Decimal', required: false }),
  }),
});

const PreviewChangeItemInput = builder.inputType('PreviewChangeItemInput', {
  fields: (t) => ({
    item: t.string({ required: true, description: 'The subscription item to change.' }),
    quantity: t.field({ type: 'Decimal', required: false }),
    price: t.string({ required: false, description: 'Switch the item to this price.' }),
  }),
});

const PreviewInvoiceItemInput = builder.inputType('PreviewInvoiceItemInput', {
  description: 'A one-off charge: a price, or an amount in major units with a description.',
  fields: (t) => ({
    price: t.string({ required: false }),
    amount: t.field({ type: 'Decimal', required: false, description: 'Major units, e.g. "25.00".' }),
    quantity: t.field({ type: 'Decimal', required: false }),
    description: t.string({ required: false }),
    currency: t.string({ required: false }),
  }),
});

const PreviewDiscountInput = builder.inputType('PreviewDiscountInput', {
  fields: (t) => ({
    coupon: t.string({ required: false }),
    promotionCode: t.string({ required: false }),
  }),
});

const PreviewInvoiceInputType = builder.inputType('PreviewInvoiceInput', {
  description: 'What would the invoice be if ...: the changes to preview. Providers take different subsets (see README).',
  fields: (t) => ({
    provider: t.field({ type: BillingProviderEnum, required: false }),
    customer: t.string({ required: false }),
    subscription: t.string({ required: false }),
    addItems: t.field({ type: [PreviewAddItemInput], required: false }),
    changeItems: t.field({ type: [PreviewChangeItemInput], required: false }),
    removeItems: t.stringList({ required: false, description: 'Subscription item ids to remove.' }),
    invoiceItems: t.field({ type: [PreviewInvoiceItemInput], required: false }),
    discounts: t.field({ type: [PreviewDiscountInput], required: false }),
    prorationDate: t.field({ type: 'DateTime', required: false }),
    prorationBehavior: t.field({ type: ProrationBehaviorEnum, required: false }),
    currency: t.string({ required: false }),
    periodStart: t.field({ type: 'DateTime', required: false, description: 'Flexprice: start of the period to preview.' }),
    periodEnd: t.field({ type: 'DateTime', required: false, description: 'Flexprice: end of the period to preview.' }),
    hideZeroCharges: t.boolean({ required: false, description: 'Flexprice: leave out lines that charge nothing.' }),
  }),
});

const InvoiceChangeType = builder.objectRef<InvoiceChange>('InvoiceChange').implement({
  description: 'What the previewed change does to the invoice the customer would get anyway.',
  fields: (t) => ({
    amountDueBefore: t.field({
      type: MoneyType,
      nullable: true,
      description: 'The current upcoming invoice; null when there is none.',
      resolve: (c) => c.amountDueBefore,
    }),
    amountDueAfter: t.field({ type: MoneyType, resolve: (c) => c.amountDueAfter }),
    amountDueDifference: t.field({
      type: MoneyType,
      description: 'after - before: what this change costs.',
      resolve: (c) => c.amountDueDifference,
    }),
    linesAdded: t.field({ type: [InvoiceLineType], resolve: (c) => c.linesAdded }),
    linesRemoved: t.field({ type: [InvoiceLineType], resolve: (c) => c.linesRemoved }),
    prorationLines: t.field({ type: [InvoiceLineType], resolve: (c) => c.prorationLines }),
    linesComplete: t.exposeBoolean('linesComplete', {
      description:
        'False when the upstream returned only some lines of either invoice (Stripe previews embed ten): the line lists above then compare only those lines. The amounts are always whole.',
    }),
  }),
});

interface PreviewSuccess {
  kind: 'PreviewInvoiceSuccess';
  invoice: Invoice;
  change: InvoiceChange;
}

const PreviewInvoiceSuccessType = builder.objectRef<PreviewSuccess>('PreviewInvoiceSuccess').implement({
  isTypeOf: (value) => (value as PreviewSuccess).kind === 'PreviewInvoiceSuccess',
  fields: (t) => ({
    invoice: t.field({ type: InvoiceType, resolve: (result) => result.invoice }),
    change: t.field({ type: InvoiceChangeType, resolve: (result) => result.change }),
  }),
});

const PreviewInvoiceResult = builder.unionType('PreviewInvoiceResult', {
  types: [PreviewInvoiceSuccessType, InvalidInputErrorType, NotFoundErrorType, UnsupportedErrorType],
  resolveType: (value) => ('problem' in value ? mutationProblemType(value) : value.kind),
});

/** The error a union member shows; an unsupported input is shown under the provider the caller asked. */
function shownFor(provider: string, problem: MutationError): MutationError {
  if (!(problem instanceof UnsupportedError) || problem.provider === provider) return problem;
  return new UnsupportedError(problem.message, { ...problem.details, provider, fields: problem.fields });
}

type RawInput = typeof PreviewInvoiceInputType.$inferInput;

function checkQuantity(value: Decimal | null | undefined, field: (string | number)[]): Decimal | null {
  if (value == null) return null;
  if (value.isNegative()) throw badInput('quantity cannot be negative', field);
  return value;
}

/**
 * The index of the first entry whose key was seen before, or -1. A subscription item changed twice, removed
 * twice or both changed and removed, or one coupon given twice, is a contradiction to point at, not to guess.
 */
function firstRepeat<T>(values: readonly T[], key: (value: T) => string, seen = new Set<string>()): number {
  for (const [i, value] of values.entries()) {
    const k = key(value);
    if (seen.has(k)) return i;
    seen.add(k);
  }
  return -1;
}

/** Names one previewed change, so cursors over its lines fit no other preview's lines. */
function previewDigest(input: PreviewInvoiceInput): string {
  // Decimals and dates write themselves exactly (toJSON), so equal inputs give equal digests.
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 16);
}

/** GraphQL input -> domain input, with the checks every provider needs. */
function toDomainInput(raw: RawInput, target: { provider: PreviewInvoiceInput['provider']; customer: string }): PreviewInvoiceInput {
  const addItems = raw.addItems ?? [];
  const changeItems = raw.changeItems ?? [];
  const removeItems = raw.removeItems ?? [];
  if (addItems.length + changeItems.length + removeItems.length > MAX_SUBSCRIPTION_ITEMS) {
    throw badInput(`at most ${MAX_SUBSCRIPTION_ITEMS} subscription items can change in one preview`, ['input', 'addItems']);
  }
  const invoiceItems = raw.invoiceItems ?? [];
  if (invoiceItems.length > MAX_INVOICE_ITEMS) throw badInput(`at most ${MAX_INVOICE_ITEMS} invoice items`, ['input', 'invoiceItems']);
  let currency: string | null = null;
  if (raw.currency != null) {
    currency = normalizeCurrency(raw.currency);
    if (!currency) throw badInput('`currency` must be a three-letter ISO-4217 code', ['input', 'currency']);
  }
  const changed = new Set<string>();
  let repeat = firstRepeat(changeItems, (item) => item.item, changed);
  if (repeat >= 0)
    throw badInput(`subscription item ${changeItems[repeat]!.item} is changed twice: give one change per item`, [
      'input',
      'changeItems',
      repeat,
      'item',
    ]);
  repeat = firstRepeat(removeItems, (item) => item);
  if (repeat >= 0) throw badInput(`subscription item ${removeItems[repeat]} is removed twice`, ['input', 'removeItems', repeat]);
  repeat = removeItems.findIndex((item) => changed.has(item));
  if (repeat >= 0) throw badInput(`subscription item ${removeItems[repeat]} is both changed and removed`, ['input', 'removeItems', repeat]);
  const discounts = raw.discounts ?? [];
  discounts.forEach((discount, i) => {
    if ((discount.coupon == null) === (discount.promotionCode == null)) {
      throw badInput('a discount names exactly one of `coupon` or `promotionCode`', ['input', 'discounts', i]);
    }
  });
  repeat = firstRepeat(discounts, (discount) =>
    discount.coupon != null ? `coupon:${discount.coupon}` : `promotion:${discount.promotionCode}`,
  );
  if (repeat >= 0) throw badInput('this discount is given twice: each applies once', ['input', 'discounts', repeat]);
  if (raw.periodStart && raw.periodEnd && raw.periodStart >= raw.periodEnd) {
    throw badInput('`periodStart` must be before `periodEnd`', ['input', 'periodStart']);
  }
  return {
    provider: target.provider,
    customer: target.customer,
    subscription: raw.subscription ?? null,
    addItems: addItems.map((item, i) => ({
      price: item.price,
      quantity: checkQuantity(item.quantity, ['input', 'addItems', i, 'quantity']),
    })),
    changeItems: changeItems.map((item, i) => ({
      item: item.item,
      quantity: checkQuantity(item.quantity, ['input', 'changeItems', i, 'quantity']),
      price: item.price ?? null,
    })),
    removeItems,
    invoiceItems: invoiceItems.map((item, i) => {
      if ((item.price == null) === (item.amount == null))
        throw badInput('an invoice item has either a `price` or an `amount`', ['input', 'invoiceItems', i]);
      return {
        price: item.price ?? null,
        amount: item.amount ?? null,
        quantity: checkQuantity(item.quantity, ['input', 'invoiceItems', i, 'quantity']),
        description: item.description ?? null,
        currency:
          item.currency == null
            ? null
            : (normalizeCurrency(item.currency) ??
              (() => {
                throw badInput('not an ISO-4217 code', ['input', 'invoiceItems', i, 'currency']);
              })()),
      };
    }),
    discounts: discounts.map((discount) => ({ coupon: discount.coupon ?? null, promotionCode: discount.promotionCode ?? null })),
    prorationDate: raw.prorationDate ?? null,
    prorationBehavior: raw.prorationBehavior ?? null,
    currency,
    periodStart: raw.periodStart ?? null,
    periodEnd: raw.periodEnd ?? null,
    hideZeroCharges: raw.hideZeroCharges ?? null,
  };
}

builder.mutationType({});

builder.mutationFields((t) => ({
  previewInvoice: t.field({
    type: PreviewInvoiceResult,
    description:
      'Previews the invoice a change would produce (items added, changed or removed, one-off charges, discounts, proration) and what it changes against the current upcoming invoice. Nothing is written upstream.',
    args: { input: t.arg({ type: PreviewInvoiceInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      let provider = input.provider ?? ctx.defaultProvider;
      try {
        const target = resolveTarget(
          ctx.principal,
          input,
          {
            provider: ctx.defaultProvider,
            customerOf: (name) => ctx.providers.get(name).defaultCustomer,
          },
          ['input', 'customer'],
        );
        provider = target.provider;
        const domainInput = toDomainInput(input, target);
        const adapter = ctx.providers.get(target.provider);
        adapter.checkPreview(domainInput); // what can be refused without asking upstream is, before anything is
        // The current upcoming invoice ("before") is read alongside the preview, not after it: the
        // subscription lookup both need is one memoised call, and the two previews run at once. No current
        // upcoming invoice (none, or no single one without a subscription) means "before" is null; any other
        // failure of that read is reported, not hidden behind a null.
        const currentRead = ctx.loaders.upcomingInvoice
          .load({ provider: target.provider, customer: target.customer, subscription: domainInput.subscription })
          .then(
            (current) => ({ current, failure: null }),
            (error: unknown) => {
              if (error instanceof NotFoundError || error instanceof AmbiguousSubscriptionError) {
                return { current: null, failure: null };
              }
              return { current: null, failure: error };
            },
          );
        const invoice = {
          ...(await adapter.previewInvoice(ctx.callFor(target.provider), domainInput)),
          previewOf: previewDigest(domainInput),
        };
        assertInvoiceVisible(ctx.principal, invoice);
        const { current, failure } = await currentRead;
        if (failure) throw failure;
        return { kind: 'PreviewInvoiceSuccess' as const, invoice, change: compareInvoices(current, invoice) };
      } catch (error) {
        if (!isMutationError(error)) throw error;
        return { problem: shownFor(provider, error) };
      }
    },
  }),
}));
