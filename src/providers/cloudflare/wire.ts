import { normalizeCurrency } from '../../domain/currency.js';
import type { Decimal } from '../../domain/decimal.js';
import type { WireReader } from '../../http/wire-reader.js';

/**
 * Cloudflare AI Gateway billing wire types (docs/UPSTREAMS.md 1.3) and their validation. Numbers stay exact
 * Decimals here; their unit (amounts: minor or major; times: seconds or ms) is decided in map.ts.
 */
export const CF_PREVIEW_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

export interface CfCredit {
  amount: Decimal;
  type: string;
  creditBalanceTransaction: string | null;
  discount: string | null;
}

export interface CfInvoiceLine {
  amount: Decimal;
  currency: string;
  description: string | null;
  periodStart: Decimal;
  periodEnd: Decimal;
  unitAmountDecimal: Decimal | null;
  quantity: Decimal;
  credits: CfCredit[];
}

export interface CfInvoicePreview {
  id: string;
  amountDue: Decimal;
  amountPaid: Decimal;
  amountRemaining: Decimal;
  currency: string;
  periodStart: Decimal;
  periodEnd: Decimal;
  status: (typeof CF_PREVIEW_STATUSES)[number];
  lines: CfInvoiceLine[];
}

export interface CfHistoryInvoice {
  id: string | null;
  amountDue: Decimal;
  amountPaid: Decimal;
  amountRemaining: Decimal;
  currency: string;
  attemptCount: number | null;
  attempted: boolean | null;
  autoAdvance: boolean | null;
  created: Decimal | null;
  createdBy: string | null;
  description: string | null;
  invoiceOrigin: string | null;
  invoicePdf: string | null;
  status: string | null;
}

export interface CfHistoryPage {
  invoices: CfHistoryInvoice[];
  hasMore: boolean;
  page: number;
  perPage: number;
  totalCount: number;
}

function currency(reader: WireReader, key: string): string {
  const field = reader.at(key);
  return normalizeCurrency(field.asString()) ?? field.fail('expected an ISO-4217 currency code');
}

function readLine(line: WireReader): CfInvoiceLine {
  const period = line.at('period');
  return {
    amount: line.number('amount'),
    currency: currency(line, 'currency'),
    description: line.at('description').isNull() ? null : line.string('description'),
    periodStart: period.number('start'),
    periodEnd: period.number('end'),
    unitAmountDecimal: line.at('pricing').nullableDecimalString('unit_amount_decimal'),
    quantity: line.number('quantity'),
    credits:
      line.maybe('pretax_credit_amounts')?.asArray((credit) => ({
        amount: credit.number('amount'),
        type: credit.string('type'),
        creditBalanceTransaction: credit.nullableString('credit_balance_transaction'),
        discount: credit.nullableString('discount'),
      })) ?? [],
  };
}

export function readInvoicePreview(result: WireReader): CfInvoicePreview {
  return {
    id: result.string('id'),
    amountDue: result.number('amount_due'),
    amountPaid: result.number('amount_paid'),
    amountRemaining: result.number('amount_remaining'),
    currency: currency(result, 'currency'),
    periodStart: result.number('period_start'),
    periodEnd: result.number('period_end'),
    status: result.at('status').asEnum(CF_PREVIEW_STATUSES),
    lines: result.array('invoice_lines', readLine),
  };
}

function readHistoryInvoice(invoice: WireReader): CfHistoryInvoice {
  return {
    id: invoice.nullableString('id'),
    amountDue: invoice.number('amount_due'),
    amountPaid: invoice.number('amount_paid'),
    amountRemaining: invoice.number('amount_remaining'),
    currency: currency(invoice, 'currency'),
    attemptCount: invoice.maybe('attempt_count')?.asCount() ?? null,
    attempted: invoice.nullableBoolean('attempted'),
    autoAdvance: invoice.nullableBoolean('auto_advance'),
    created: invoice.nullableNumber('created'),
    createdBy: invoice.nullableString('created_by'),
    description: invoice.nullableString('description'),
    invoiceOrigin: invoice.nullableString('invoice_origin'),
    invoicePdf: invoice.nullableString('invoice_pdf'),
    status: invoice.nullableString('status'),
  };
}

export function readInvoiceHistory(result: WireReader): CfHistoryPage {
  const pagination = result.at('pagination');
  return {
    invoices: result.array('invoices', readHistoryInvoice),
    hasMore: pagination.boolean('has_more'),
    page: pagination.at('page').asCount(),
    perPage: pagination.at('per_page').asCount(),
    totalCount: pagination.at('total_count').asCount(),
  };
}
