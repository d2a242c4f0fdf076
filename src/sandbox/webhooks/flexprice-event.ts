import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { stringifyLossless } from '../../http/lossless-json.js';
import type { Json } from '../flexprice/request.js';
import type { OutgoingWebhook } from './sender.js';

const INVOICE_FIELDS = [
  'id',
  'customer_id',
  'subscription_id',
  'invoice_type',
  'invoice_status',
  'payment_status',
  'currency',
  'amount_due',
  'amount_paid',
  'amount_remaining',
  'total',
  'subtotal',
  'invoice_number',
  'due_date',
  'paid_at',
  'voided_at',
  'finalized_at',
  'period_start',
  'period_end',
  'invoice_pdf_url',
  'billing_reason',
];
const LINE_FIELDS = ['id', 'price_id', 'display_name', 'plan_display_name', 'amount', 'quantity', 'period_start', 'period_end'];

const pick = (json: Json, fields: string[]): Json =>
  Object.fromEntries(fields.filter((f) => json[f] !== undefined && json[f] !== null).map((f) => [f, json[f]]));

/**
 * Flexprice's minimal webhook invoice (docs/UPSTREAMS.md section 6.4): the invoice's ids, statuses and amounts,
 * and its line items only on `invoice.update.finalized` and `invoice.update.voided`.
 */
function webhookInvoice(invoice: Json, eventType: string): Json {
  const minimal = pick(invoice, INVOICE_FIELDS);
  if (eventType === 'invoice.update.finalized' || eventType === 'invoice.update.voided')
    minimal.line_items = ((invoice.line_items as Json[] | undefined) ?? []).map((line) => pick(line, LINE_FIELDS));
  return minimal;
}

/**
 * A Flexprice webhook as Flexprice Cloud delivers it through Svix: body `{ event_type, invoice }`, headers
 * `svix-id` (the message id, the same on every attempt), `svix-timestamp`, `svix-signature` (`v1,<base64>`),
 * signed by the Standard Webhooks library.
 */
export function flexpriceInvoiceWebhook(eventType: string, invoice: Json): OutgoingWebhook {
  const id = `msg_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
  const body = stringifyLossless({ event_type: eventType, invoice: webhookInvoice(invoice, eventType) });
  return {
    provider: 'flexprice',
    id,
    type: eventType,
    body,
    sign: (timestamp, secret) => ({
      'svix-id': id,
      'svix-timestamp': String(timestamp),
      'svix-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
    }),
  };
}
