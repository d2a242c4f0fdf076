import { Repeater } from 'graphql-yoga';
import { assertCustomer, assertInvoiceVisible } from '../auth/authorize.js';
import { BillingError, InternalError, UnauthenticatedError } from '../domain/errors.js';
import type { Invoice } from '../domain/invoice.js';
import { BILLING_EVENT_TYPES, type BillingEvent, type BillingEventType } from '../live/billing-event.js';
import { invoiceFingerprint } from '../live/invoice-snapshot.js';
import { onReturn, type LiveContext, type Tick } from '../live/live-context.js';
import type { UpcomingInvoiceKey } from '../loaders/index.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { BillingProviderEnum, InvoiceType, targetOf } from './invoice.js';
import { loadIssuedInvoice } from './invoice-read.js';

/** Live updates (docs/ARCHITECTURE.md section 14): a customer's billing events and upcoming invoice, over SSE. */

const EVENT_TYPE_DESCRIPTIONS: Record<BillingEventType, string> = {
  INVOICE_CREATED: 'An invoice was created (a draft, or issued at once).',
  INVOICE_FINALIZED: 'A draft invoice was finalized and can be paid.',
  INVOICE_UPDATED: 'An invoice changed (amounts, lines, dates or status details).',
  INVOICE_PAID: 'An invoice was paid.',
  INVOICE_PAYMENT_FAILED: 'A payment attempt on an invoice failed.',
  INVOICE_VOIDED: 'An invoice was voided.',
  INVOICE_UNCOLLECTIBLE: 'An invoice was marked uncollectible.',
  INVOICE_OVERDUE: 'An invoice is past its due date unpaid.',
  INVOICE_UPCOMING: 'The provider announced the next invoice of a subscription (Stripe sends this days before).',
  SUBSCRIPTION_CHANGED: 'A subscription of the customer changed (created, updated, paused, cancelled).',
  UPCOMING_INVOICE_CHANGED: 'The upcoming invoice changed (e.g. new usage; for Cloudflare found by polling).',
};

export const BillingEventTypeEnum = builder.enumType('BillingEventType', {
  description: 'What happened at the billing provider, in the same words for every provider.',
  values: Object.fromEntries(BILLING_EVENT_TYPES.map((type) => [type, { value: type, description: EVENT_TYPE_DESCRIPTIONS[type] }])) as {
    [T in BillingEventType]: { value: T; description: string };
  },
});

const InvoiceEventType = builder.objectRef<BillingEvent>('InvoiceEvent');
InvoiceEventType.implement({
  description: 'One billing change of the customer, with the invoice it concerns as a query would show it now.',
  fields: (t) => ({
    type: t.field({ type: BillingEventTypeEnum, description: 'What happened.', resolve: (event) => event.type }),
    occurredAt: t.field({
      type: 'DateTime',
      description: 'When it happened at the provider.',
      resolve: (event) => new Date(event.occurredAt),
    }),
    providerInvoiceId: t.string({
      nullable: true,
      description: "The provider's id of the invoice the event is about; null when it names none.",
      resolve: (event) => event.invoiceId,
    }),
    invoice: t.field({
      type: InvoiceType,
      nullable: true,
      description:
        'The invoice the event is about, read again now for you (exactly what `invoice(id)` answers); null when the event names none or it no longer exists.',
      resolve: (event, _args, ctx) => rereadInvoice(event, ctx),
    }),
  }),
});

/** The event's invoice, read with fresh loaders under the subscriber's own principal (checked again each time). */
async function rereadInvoice(event: BillingEvent, ctx: Context): Promise<Invoice | null> {
  const invoiceId = event.invoiceId;
  if (invoiceId === null) return null;
  assertCustomer(ctx.principal, event.provider, event.customer);
  const live = liveOf(ctx);
  return live.within(event, async () => {
    await live.renew(ctx);
    return loadIssuedInvoice({ provider: event.provider, customer: event.customer, key: invoiceId, preview: false }, ctx);
  });
}

function liveOf(ctx: Context): LiveContext {
  if (!ctx.live) throw new InternalError('subscriptions are not served here');
  return ctx.live;
}

const expired = () => new UnauthenticatedError('your token expired: subscribe again with a fresh one');

const providerArg = { required: false, description: "Which billing backend; default: the deployment's (a token's own)." } as const;
const customerArg = {
  required: false,
  description: "Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's.",
} as const;

builder.subscriptionType({
  description:
    'Live updates over Server-Sent Events (GraphQL over SSE): send a subscription with `Accept: text/event-stream`. Same authorization as queries; a stream ends when its token expires.',
});

builder.subscriptionFields((t) => ({
  invoiceEvents: t.field({
    type: InvoiceEventType,
    description:
      "Every billing event of one customer as it arrives (Stripe and Flexprice webhooks). The stream ends with UNAUTHENTICATED when the caller's token expires.",
    args: { provider: t.arg({ type: BillingProviderEnum, ...providerArg }), customer: t.arg.string(customerArg) },
    subscribe: (_root, args, ctx) => liveOf(ctx).ticks(targetOf(ctx, args), { initial: false, poll: false }),
    resolve: (tick: Tick) => {
      if (tick.kind !== 'event') throw expired();
      return tick.event;
    },
  }),
  upcomingInvoiceChanged: t.field({
    type: InvoiceType,
    nullable: true,
    description:
      "The customer's upcoming invoice: first as it is now, then again each time it changes (null when there is none any more). Cloudflare, which sends no webhooks, is polled.",
    args: {
      provider: t.arg({ type: BillingProviderEnum, ...providerArg }),
      customer: t.arg.string(customerArg),
      subscription: t.arg.string({
        required: false,
        description: "The provider's subscription id; needed when the customer has several active subscriptions, as in `upcomingInvoice`.",
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const target = targetOf(ctx, args);
      const ticks = await liveOf(ctx).ticks(target, { initial: true, poll: target.provider === 'cloudflare' });
      return upcomingChanges(ticks, { ...target, subscription: args.subscription ?? null }, ctx);
    },
    resolve: (change: UpcomingChange) => {
      if (change.kind === 'expired') throw expired();
      if (change.kind === 'error') throw change.error;
      return change.invoice;
    },
  }),
}));

type UpcomingChange = { kind: 'invoice'; invoice: Invoice | null } | { kind: 'error'; error: unknown } | { kind: 'expired' };

/** Reads the upcoming invoice at the start and on each event; passes it on only when it differs from the last one sent. */
function upcomingChanges(ticks: AsyncIterableIterator<Tick>, key: UpcomingInvoiceKey, ctx: Context): AsyncIterableIterator<UpcomingChange> {
  const changes = new Repeater<UpcomingChange>(async (push, stop) => {
    void stop.then(() => ticks.return?.());
    let last: string | null = null;
    for await (const tick of ticks) {
      if (tick.kind === 'expired') {
        await push({ kind: 'expired' });
        break;
      }
      const event = tick.kind === 'event' ? tick.event : null;
      let invoice: Invoice | null;
      try {
        invoice = await liveOf(ctx).within(event, () => readUpcoming(tick, key, ctx));
      } catch (error) {
        // An upstream failure or a spent budget is told as an error event; the stream goes on.
        await push({ kind: 'error', error: error instanceof BillingError ? error : new InternalError('re-reading failed') });
        continue;
      }
      const fingerprint = invoiceFingerprint(invoice);
      if (fingerprint === last) {
        if (event) liveOf(ctx).skipped(event);
        continue;
      }
      last = fingerprint;
      await push({ kind: 'invoice', invoice });
    }
    stop();
  });
  return onReturn(changes, () => ticks.return?.());
}

async function readUpcoming(tick: Tick, key: UpcomingInvoiceKey, ctx: Context): Promise<Invoice | null> {
  assertCustomer(ctx.principal, key.provider, key.customer);
  const live = liveOf(ctx);
  // Cloudflare's changes come from the poller, which kept what it read: one upstream read for every subscriber.
  const polled = tick.kind === 'event' && key.provider === 'cloudflare' ? await live.lastPolled(key.customer) : undefined;
  if (polled !== undefined) {
    if (polled) assertInvoiceVisible(ctx.principal, polled);
    return polled;
  }
  // The start spent its estimate when the subscription opened; each later read spends its own.
  if (tick.kind !== 'start') await live.renew(ctx);
  return ctx.loaders.upcomingInvoice.load(key);
}
