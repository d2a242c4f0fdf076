import { Decimal } from '../../domain/decimal.js';
import type { FormTree } from './form.js';

/**
 * Reading create_preview's form parameters the way Stripe does: an unknown key or a value of the wrong
 * shape is a 400 naming the parameter in Stripe's bracket notation (`subscription_details[items][0][price]`).
 */
export class StripeParamError extends Error {
  constructor(
    message: string,
    readonly param: string | null,
    readonly code = 'parameter_invalid',
  ) {
    super(message);
  }
}

/** The keys Stripe accepts at each level of create_preview (InvoiceCreatePreviewParams, docs/UPSTREAMS.md 2.2). */
export const TOP_LEVEL = new Set([
  'automatic_tax',
  'currency',
  'customer',
  'customer_account',
  'customer_details',
  'discounts',
  'expand',
  'invoice_items',
  'issuer',
  'on_behalf_of',
  'preview_mode',
  'schedule',
  'schedule_details',
  'subscription',
  'subscription_details',
]);
export const SUBSCRIPTION_DETAILS = new Set([
  'billing_cycle_anchor',
  'billing_mode',
  'cancel_at',
  'cancel_at_period_end',
  'cancel_now',
  'default_tax_rates',
  'items',
  'metadata',
  'proration_behavior',
  'proration_date',
  'resume_at',
  'start_date',
  'trial_end',
]);
export const ITEM = new Set([
  'id',
  'price',
  'quantity',
  'deleted',
  'clear_usage',
  'discounts',
  'metadata',
  'tax_rates',
  'price_data',
  'plan',
  'billing_thresholds',
]);
export const INVOICE_ITEM = new Set([
  'amount',
  'currency',
  'description',
  'discountable',
  'discounts',
  'invoiceitem',
  'metadata',
  'period',
  'price',
  'price_data',
  'quantity',
  'quantity_decimal',
  'tax_behavior',
  'tax_code',
  'tax_rates',
  'unit_amount',
  'unit_amount_decimal',
]);

export type Tree = Record<string, FormTree>;

export function checkKeys(tree: Tree, allowed: Set<string>, prefix: string): void {
  for (const key of Object.keys(tree)) {
    if (!allowed.has(key)) {
      const param = prefix ? `${prefix}[${key}]` : key;
      throw new StripeParamError(`Received unknown parameter: ${param}`, param);
    }
  }
}

export function asObject(value: FormTree | undefined, param: string): Tree | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new StripeParamError(`Invalid object`, param);
  return value;
}

export function asArray(value: FormTree | undefined, param: string): FormTree[] {
  if (value === undefined || value === '') return [];
  if (!Array.isArray(value)) throw new StripeParamError('Invalid array', param);
  return value;
}

export function asString(value: FormTree | undefined, param: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new StripeParamError(`Invalid string: ${JSON.stringify(value)}`, param);
  return value;
}

export function asInteger(value: FormTree | undefined, param: string): bigint | null {
  const text = asString(value, param);
  if (text === null) return null;
  if (!/^-?\d{1,15}$/.test(text)) throw new StripeParamError(`Invalid integer: ${text}`, param);
  return BigInt(text);
}

export function asDecimal(value: FormTree | undefined, param: string): Decimal | null {
  const text = asString(value, param);
  if (text === null) return null;
  if (!/^-?\d{1,15}(\.\d{1,12})?$/.test(text)) throw new StripeParamError(`Invalid decimal: ${text} (at most 12 decimal places)`, param);
  return Decimal.parse(text);
}
