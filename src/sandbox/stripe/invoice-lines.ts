import { shortHash, type LineDiscount, type LineTax } from './amounts.js';
import type { InvoiceSpec, LineSpec } from './invoice.js';
import type { StripeCreditJson, StripeLineJson, StripeTaxJson } from './objects.js';

/** One invoice line as Stripe writes it (InvoiceLineItem, docs/UPSTREAMS.md 2.4). */

const int = (value: bigint) => Number(value);

/** Where a line came from: a subscription item, or an invoice item (one-off or proration). */
function lineParent(spec: InvoiceSpec, line: LineSpec, i: number): StripeLineJson['parent'] {
  if (line.subscriptionItem !== null) {
    return {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: line.invoiceItem,
        proration: line.proration,
        proration_details: { credited_items: null },
        subscription: line.subscription,
        subscription_item: line.subscriptionItem,
      },
    };
  }
  return {
    type: 'invoice_item_details',
    invoice_item_details: {
      invoice_item: line.invoiceItem ?? `ii_${shortHash(`${spec.id}/ii/${i}`, 24)}`,
      proration: line.proration,
      proration_details: { credited_items: null },
      subscription: line.subscription,
    },
    subscription_item_details: null,
  };
}

function taxJson(tax: LineTax, rate: InvoiceSpec['customer']['taxRate']): StripeTaxJson[] | null {
  if (!rate || !tax) return [];
  return [
    {
      amount: int(tax.amount),
      tax_behavior: 'exclusive',
      tax_rate_details: { tax_rate: rate.id },
      taxability_reason: 'standard_rated',
      taxable_amount: int(tax.taxable),
      type: 'tax_rate_details',
    },
  ];
}

export function lineJson(spec: InvoiceSpec, i: number, amount: bigint, discounts: LineDiscount[], tax: LineTax): StripeLineJson {
  const line = spec.lines[i] as LineSpec;
  const credits: StripeCreditJson[] = discounts.map((d) => ({ amount: int(d.amount), type: 'discount', discount: d.discount }));
  const integral = line.quantity.toUnits(0);
  return {
    id: `${spec.preview ? 'il_tmp_' : 'il_'}${shortHash(`${spec.id}/${i}`, 24)}`,
    object: 'line_item',
    amount: int(amount),
    currency: spec.currency,
    description: line.description,
    discount_amounts: discounts.map((d) => ({ amount: int(d.amount), discount: d.discount })),
    discountable: true,
    discounts: discounts.map((d) => d.discount),
    invoice: spec.id,
    livemode: false,
    metadata: {},
    parent: lineParent(spec, line, i),
    period: line.period,
    pretax_credit_amounts: credits,
    pricing: {
      type: 'price_details',
      ...(line.price ? { price_details: { price: line.price.id, product: line.price.product } } : {}),
      unit_amount_decimal: line.unitAmount.normalize().toString(),
    },
    // `quantity` is the truncated integer; quantity_decimal the exact value (Stripe's pair).
    quantity: Number(integral ?? BigInt(line.quantity.toFixedString().split('.')[0] ?? '0')),
    quantity_decimal: line.quantity.normalize().toString(),
    subscription: line.subscription,
    subtotal: int(amount),
    taxes: taxJson(tax, spec.customer.taxRate),
  };
}
