import { createHash } from 'node:crypto';
import { assertInvoiceVisible, resolveTarget } from '../auth/authorize.js';
import { AmbiguousSubscriptionError, NotFoundError, UnsupportedError } from '../domain/errors.js';
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
import { InvoiceType } from './invoice.js';
import { MoneyType } from './money.js';
import { PreviewInvoiceInputType, toDomainInput } from './preview-input.js';

const InvoiceChangeType = builder.objectRef<InvoiceChange>('InvoiceChange').implement({
  description: 'What the previewed change does to the invoice the customer would get anyway.',
  fields: (t) => ({
    amountDueBefore: t.field({
      type: MoneyType,
      nullable: true,
      description: "The current upcoming invoice's `amountDue`, without the change; null when the customer has no upcoming invoice.",
      resolve: (c) => c.amountDueBefore,
    }),
    amountDueAfter: t.field({
      type: MoneyType,
      description: "The previewed invoice's `amountDue`: what the customer would owe with the change.",
      resolve: (c) => c.amountDueAfter,
    }),
    amountDueDifference: t.field({
      type: MoneyType,
      description: 'amountDueAfter - amountDueBefore (before counts as zero when null): what the change costs, negative when it saves.',
      resolve: (c) => c.amountDueDifference,
    }),
    linesAdded: t.field({
      type: [InvoiceLineType],
      description: 'Lines of the previewed invoice that the current upcoming invoice does not have (prorations included); empty when none.',
      resolve: (c) => c.linesAdded,
    }),
    linesRemoved: t.field({
      type: [InvoiceLineType],
      description: 'Lines of the current upcoming invoice that the previewed invoice no longer has; empty when none.',
      resolve: (c) => c.linesRemoved,
    }),
    prorationLines: t.field({
      type: [InvoiceLineType],
      description:
        'The proration lines of the previewed invoice: credit for unused time (negative) and charge for the new items; empty when none.',
      resolve: (c) => c.prorationLines,
    }),
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
  description: 'The preview worked: the invoice the change would produce, and how it differs from the current upcoming invoice.',
  isTypeOf: (value) => (value as PreviewSuccess).kind === 'PreviewInvoiceSuccess',
  fields: (t) => ({
    invoice: t.field({
      type: InvoiceType,
      description:
        'The previewed invoice (`isPreview: true`). Its id is its own, stable for the same input, and cannot be read back with `node(id)`.',
      resolve: (result) => result.invoice,
    }),
    change: t.field({
      type: InvoiceChangeType,
      description: 'What the change does against the current upcoming invoice.',
      resolve: (result) => result.change,
    }),
  }),
});

const PreviewInvoiceResult = builder.unionType('PreviewInvoiceResult', {
  description: 'The preview, or why there is none: select `__typename` and each member you handle.',
  types: [PreviewInvoiceSuccessType, InvalidInputErrorType, NotFoundErrorType, UnsupportedErrorType],
  resolveType: (value) => ('problem' in value ? mutationProblemType(value) : value.kind),
});

/** The error a union member shows; an unsupported input is shown under the provider the caller asked. */
function shownFor(provider: string, problem: MutationError): MutationError {
  if (!(problem instanceof UnsupportedError) || problem.provider === provider) return problem;
  return new UnsupportedError(problem.message, { ...problem.details, provider, fields: problem.fields });
}

/** Names one previewed change, so cursors over its lines fit no other preview's lines. */
function previewDigest(input: PreviewInvoiceInput): string {
  // Decimals and dates write themselves exactly (toJSON), so equal inputs give equal digests.
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 16);
}

builder.mutationType({ description: 'Operations that compute something for the caller. Nothing billgraph offers writes to a provider.' });

builder.mutationFields((t) => ({
  previewInvoice: t.field({
    type: PreviewInvoiceResult,
    description:
      'Previews the invoice a change would produce (items added, changed or removed, one-off charges, discounts, proration) and what it changes against the current upcoming invoice. Nothing is written upstream.',
    args: {
      input: t.arg({ type: PreviewInvoiceInputType, required: true, description: 'The customer, subscription and changes to preview.' }),
    },
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
