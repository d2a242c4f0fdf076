/**
 * Stripe wire objects as the sandbox sends them (API 2026-07-29.dahlia field set; amounts are integer
 * minor units, decimals are strings). test/contract/stripe-sdk.test.ts checks these types are assignable
 * to the official SDK's `Stripe.Invoice` / `Stripe.InvoiceLineItem` (with decimal strings, as on the wire).
 */
export interface StripeListJson<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface StripeTaxJson {
  amount: number;
  tax_behavior: 'exclusive' | 'inclusive';
  tax_rate_details: { tax_rate: string } | null;
  taxability_reason: 'standard_rated' | 'not_collecting';
  taxable_amount: number | null;
  type: 'tax_rate_details';
}

export interface StripeCreditJson {
  amount: number;
  type: 'discount' | 'credit_balance_transaction';
  discount?: string;
  credit_balance_transaction?: string | null;
}

export interface StripeLineJson {
  id: string;
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  discount_amounts: { amount: number; discount: string }[] | null;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: boolean;
  metadata: Record<string, string>;
  parent: {
    type: 'invoice_item_details' | 'subscription_item_details';
    invoice_item_details: {
      invoice_item: string;
      proration: boolean;
      proration_details: { credited_items: null } | null;
      subscription: string | null;
    } | null;
    subscription_item_details: {
      invoice_item: string | null;
      proration: boolean;
      proration_details: { credited_items: null } | null;
      subscription: string | null;
      subscription_item: string;
    } | null;
  } | null;
  period: { start: number; end: number };
  pretax_credit_amounts: StripeCreditJson[] | null;
  pricing: { type: 'price_details'; price_details?: { price: string; product: string }; unit_amount_decimal: string | null } | null;
  quantity: number | null;
  quantity_decimal: string | null;
  subscription: string | null;
  subtotal: number;
  taxes: StripeTaxJson[] | null;
}

export type BillingReason = 'manual' | 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'upcoming';
export type InvoiceStatusJson = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface StripeInvoiceJson {
  id: string;
  object: 'invoice';
  account_country: string | null;
  account_name: string | null;
  account_tax_ids: string[] | null;
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_remaining: number;
  amount_shipping: number;
  application: string | null;
  attempt_count: number;
  attempted: boolean;
  auto_advance?: boolean;
  automatic_tax: { disabled_reason: null; enabled: boolean; liability: null; provider: null; status: null };
  automatically_finalizes_at: number | null;
  billing_reason: BillingReason | null;
  collection_method: 'charge_automatically' | 'send_invoice';
  created: number;
  currency: string;
  custom_fields: null;
  customer: string;
  customer_account: string | null;
  customer_address: null;
  customer_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_shipping: null;
  customer_tax_exempt: 'none' | 'exempt' | 'reverse' | null;
  default_payment_method: string | null;
  default_source: string | null;
  default_tax_rates: never[];
  description: string | null;
  discounts: string[];
  due_date: number | null;
  effective_at: number | null;
  ending_balance: number | null;
  footer: string | null;
  from_invoice: null;
  hosted_invoice_url?: string | null;
  invoice_pdf?: string | null;
  issuer: { type: 'self' };
  last_finalization_error: null;
  latest_revision: string | null;
  lines: StripeListJson<StripeLineJson>;
  livemode: boolean;
  metadata: Record<string, string> | null;
  next_payment_attempt: number | null;
  number: string | null;
  on_behalf_of: string | null;
  parent: {
    type: 'subscription_details' | 'quote_details';
    quote_details: null;
    subscription_details: { metadata: Record<string, string> | null; subscription: string; subscription_proration_date?: number } | null;
  } | null;
  payment_settings: { default_mandate: null; payment_method_options: null; payment_method_types: null };
  period_end: number;
  period_start: number;
  post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number;
  receipt_number: string | null;
  rendering: null;
  shipping_cost: null;
  shipping_details: null;
  starting_balance: number;
  statement_descriptor: string | null;
  status: InvoiceStatusJson | null;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  subtotal: number;
  subtotal_excluding_tax: number | null;
  test_clock: string | null;
  total: number;
  total_discount_amounts: { amount: number; discount: string }[] | null;
  total_excluding_tax: number | null;
  total_pretax_credit_amounts: StripeCreditJson[] | null;
  total_taxes: StripeTaxJson[] | null;
  webhooks_delivered_at: number | null;
}

export interface StripeCustomerJson {
  id: string;
  object: 'customer';
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: string | null;
  delinquent: boolean | null;
  description: string | null;
  email: string | null;
  invoice_prefix: string | null;
  invoice_settings: { custom_fields: null; default_payment_method: string | null; footer: string | null; rendering_options: null };
  livemode: boolean;
  metadata: Record<string, string>;
  name: string | null;
  phone: string | null;
  preferred_locales: string[] | null;
  shipping: null;
  tax_exempt: 'none' | 'exempt' | 'reverse' | null;
  test_clock: string | null;
}
