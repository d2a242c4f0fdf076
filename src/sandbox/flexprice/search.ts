import type { SandboxResponse } from '../dialect.js';
import { INVOICE_STATUSES, PAYMENT_STATUSES, type FpDataset } from './data.js';
import { list } from './envelope.js';
import { idList, integer, optionalString, stringList, ValidationError, type Json } from './request.js';

/** POST /invoices/search and POST /subscriptions/search: filters in the JSON body, offset/limit paging. */

const INVOICE_TYPES = ['SUBSCRIPTION', 'ONE_OFF', 'CREDIT'];
const SUBSCRIPTION_STATUSES = ['active', 'paused', 'cancelled', 'incomplete', 'trialing', 'draft'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

export function searchInvoices(data: FpDataset, body: Json): SandboxResponse {
  const limit = integer(body, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const offset = integer(body, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const customer = optionalString(body, 'customer_id');
  const subscription = optionalString(body, 'subscription_id');
  const type = optionalString(body, 'invoice_type');
  if (type !== null && !INVOICE_TYPES.includes(type)) throw new ValidationError(`invoice_type must be one of ${INVOICE_TYPES.join(', ')}`);
  const invoiceStatuses = stringList(body, 'invoice_status', INVOICE_STATUSES);
  const paymentStatuses = stringList(body, 'payment_status', PAYMENT_STATUSES);
  const ids = idList(body, 'invoice_ids');
  const skipLines = body.skip_line_items === true;
  const matching = data.invoices
    .filter(
      (invoice) =>
        (customer === null || invoice.customer_id === customer) &&
        (subscription === null || invoice.subscription_id === subscription) &&
        (type === null || invoice.invoice_type === type) &&
        (invoiceStatuses === null || invoiceStatuses.includes(String(invoice.invoice_status))) &&
        (paymentStatuses === null || paymentStatuses.includes(String(invoice.payment_status))) &&
        (ids === null || ids.includes(String(invoice.id))),
    )
    .map((invoice) => (skipLines ? { ...invoice, line_items: [] } : invoice));
  if (body.order === 'asc') matching.reverse();
  return list(matching, limit, offset);
}

export function searchSubscriptions(data: FpDataset, body: Json): SandboxResponse {
  const limit = integer(body, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const offset = integer(body, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const customer = optionalString(body, 'customer_id');
  const statuses = stringList(body, 'subscription_status', SUBSCRIPTION_STATUSES);
  const ids = idList(body, 'subscription_ids');
  const matching = [...data.subscriptions.values()]
    .filter(
      ({ seed }) =>
        (customer === null || seed.customerId === customer) &&
        (statuses === null || statuses.includes(seed.status)) &&
        (ids === null || ids.includes(seed.id)),
    )
    .map(({ json }) => json);
  return list(matching, limit, offset);
}
