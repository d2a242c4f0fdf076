/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The billing backend an invoice lives in. */
export type BillingProvider =
  /** Cloudflare AI Gateway billing: `customer` is the Cloudflare account id. */
  | 'CLOUDFLARE'
  /** Flexprice: `customer` is a Flexprice customer id. */
  | 'FLEXPRICE'
  /** Stripe Billing: `customer` is a Stripe customer id (`cus_...`). */
  | 'STRIPE';

/** An invoice's status, the same five for every provider (the provider's own is in `Invoice.providerStatus`). */
export type InvoiceStatus =
  /** Still being prepared: amounts and lines can change; not yet sent or payable. */
  | 'DRAFT'
  /** Finalized and waiting for payment (also partly paid). */
  | 'OPEN'
  /** Paid in full. */
  | 'PAID'
  /** The biller does not expect to be paid; it can still be paid. */
  | 'UNCOLLECTIBLE'
  /** Cancelled: nothing is owed. */
  | 'VOID';

/** Which invoices of the history: created by the billing cycle (AUTO), by hand (MANUAL), or both. */
export type InvoiceType =
  /** Every invoice, including those of neither kind (e.g. Flexprice credit top-ups). */
  | 'ALL'
  /** Invoices created by the billing cycle of a subscription. */
  | 'AUTO'
  /** Invoices created by hand (one-off invoices). */
  | 'MANUAL';

/** A new item on the subscription (Stripe). */
export type PreviewAddItemInput = {
  /** The provider's id of the price to subscribe to (Stripe `price_...`). */
  price: string;
  /** How many units, a whole number for Stripe; default 1. */
  quantity?: string | null | undefined;
};

/** A change to an item already on the subscription (Stripe): a new quantity, a new price, or both. */
export type PreviewChangeItemInput = {
  /** The provider's id of the subscription item to change (Stripe `si_...`). */
  item: string;
  /** Switch the item to this price id; omit to keep the price. */
  price?: string | null | undefined;
  /** The new quantity, a whole number for Stripe; omit to keep it. */
  quantity?: string | null | undefined;
};

/** A discount to apply (Stripe): exactly one of `coupon` or `promotionCode`. */
export type PreviewDiscountInput = {
  /** The provider's id of a coupon. */
  coupon?: string | null | undefined;
  /** The provider's id of a promotion code (Stripe `promo_...`), not the code customers type. */
  promotionCode?: string | null | undefined;
};

/** What would the invoice be if ...: the changes to preview. Providers take different subsets (see README). */
export type PreviewInvoiceInput = {
  /** Items to add to the subscription (Stripe). */
  addItems?: Array<PreviewAddItemInput> | null | undefined;
  /** Items of the subscription to change (Stripe). */
  changeItems?: Array<PreviewChangeItemInput> | null | undefined;
  /** ISO-4217 code to preview in (Stripe); default: the customer's currency. */
  currency?: string | null | undefined;
  /** Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's. */
  customer?: string | null | undefined;
  /** Discounts to apply (Stripe). */
  discounts?: Array<PreviewDiscountInput> | null | undefined;
  /** Flexprice: leave out lines that charge nothing. */
  hideZeroCharges?: boolean | null | undefined;
  /** One-off charges to add to the invoice (Stripe). */
  invoiceItems?: Array<PreviewInvoiceItemInput> | null | undefined;
  /** Flexprice: end of the period to preview. */
  periodEnd?: string | null | undefined;
  /** Flexprice: start of the period to preview. */
  periodStart?: string | null | undefined;
  /** How the change is prorated (Stripe); default: the provider's, CREATE_PRORATIONS. */
  prorationBehavior?: ProrationBehavior | null | undefined;
  /** When the change takes effect, for proration (Stripe); default: now. Must lie in the current period. */
  prorationDate?: string | null | undefined;
  /** Which billing backend; default: the deployment's. */
  provider?: BillingProvider | null | undefined;
  /** Ids of subscription items to remove (Stripe `si_...`). */
  removeItems?: Array<string> | null | undefined;
  /** The provider's subscription id; needed when the customer has several active subscriptions. */
  subscription?: string | null | undefined;
};

/** A one-off charge: a price, or an amount in major units with a description. */
export type PreviewInvoiceItemInput = {
  /** An amount in major units, e.g. "25.00"; give either `price` or `amount`. */
  amount?: string | null | undefined;
  /** ISO-4217 code of `amount`; default: the invoice's currency. */
  currency?: string | null | undefined;
  /** The text of the line on the invoice. */
  description?: string | null | undefined;
  /** The provider's id of a price to charge once; give either `price` or `amount`. */
  price?: string | null | undefined;
  /** How many times to charge it, a whole number; default 1. */
  quantity?: string | null | undefined;
};

/** How a mid-period change is charged (Stripe). */
export type ProrationBehavior =
  /** Like CREATE_PRORATIONS, but invoiced at once instead of on the next invoice. */
  | 'ALWAYS_INVOICE'
  /** Credit unused time and charge the new items for the rest of the period, on the next invoice. */
  | 'CREATE_PRORATIONS'
  /** No proration: the new price applies from the next period. */
  | 'NONE';

export type MoneyFieldsFragment = { amount: string, currency: string, minorUnits: string | null, formatted: string };

export type InvoiceSummaryFragment = { id: string, provider: BillingProvider, providerId: string | null, isPreview: boolean, number: string | null, status: InvoiceStatus | null, providerStatus: string | null, origin: InvoiceType | null, description: string | null, currency: string, periodStart: string | null, periodEnd: string | null, createdAt: string | null, dueAt: string | null, pdfUrl: string | null, hostedUrl: string | null, attemptCount: number | null, attempted: boolean | null, autoAdvance: boolean | null, customerId: string | null, subscriptionId: string | null, amountDue: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountPaid: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountRemaining: { amount: string, currency: string, minorUnits: string | null, formatted: string }, subtotal: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, tax: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, discount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, total: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null };

export type InvoiceLineFieldsFragment = { id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> };

export type InvoiceHistoryQueryVariables = Exact<{
  provider?: BillingProvider | null | undefined;
  customer?: string | null | undefined;
  type?: InvoiceType | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type InvoiceHistoryQuery = { invoices: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, provider: BillingProvider, providerId: string | null, isPreview: boolean, number: string | null, status: InvoiceStatus | null, providerStatus: string | null, origin: InvoiceType | null, description: string | null, currency: string, periodStart: string | null, periodEnd: string | null, createdAt: string | null, dueAt: string | null, pdfUrl: string | null, hostedUrl: string | null, attemptCount: number | null, attempted: boolean | null, autoAdvance: boolean | null, customerId: string | null, subscriptionId: string | null, amountDue: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountPaid: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountRemaining: { amount: string, currency: string, minorUnits: string | null, formatted: string }, subtotal: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, tax: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, discount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, total: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null } }> } };

export type InvoiceQueryVariables = Exact<{
  id: string | number;
}>;


export type InvoiceQuery = { invoice: { id: string, provider: BillingProvider, providerId: string | null, isPreview: boolean, number: string | null, status: InvoiceStatus | null, providerStatus: string | null, origin: InvoiceType | null, description: string | null, currency: string, periodStart: string | null, periodEnd: string | null, createdAt: string | null, dueAt: string | null, pdfUrl: string | null, hostedUrl: string | null, attemptCount: number | null, attempted: boolean | null, autoAdvance: boolean | null, customerId: string | null, subscriptionId: string | null, lines: { nodes: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }> }, amountDue: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountPaid: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountRemaining: { amount: string, currency: string, minorUnits: string | null, formatted: string }, subtotal: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, tax: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, discount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, total: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null } | null };

export type PreviewInvoiceMutationVariables = Exact<{
  input: PreviewInvoiceInput;
}>;


export type PreviewInvoiceMutation = { previewInvoice:
    | { __typename: 'InvalidInputError', message: string, field: Array<string> }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PreviewInvoiceSuccess', invoice: { id: string, provider: BillingProvider, providerId: string | null, isPreview: boolean, number: string | null, status: InvoiceStatus | null, providerStatus: string | null, origin: InvoiceType | null, description: string | null, currency: string, periodStart: string | null, periodEnd: string | null, createdAt: string | null, dueAt: string | null, pdfUrl: string | null, hostedUrl: string | null, attemptCount: number | null, attempted: boolean | null, autoAdvance: boolean | null, customerId: string | null, subscriptionId: string | null, lines: { pageInfo: { hasNextPage: boolean }, nodes: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }> }, amountDue: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountPaid: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountRemaining: { amount: string, currency: string, minorUnits: string | null, formatted: string }, subtotal: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, tax: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, discount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, total: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null }, change: { linesComplete: boolean, amountDueBefore: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, amountDueAfter: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountDueDifference: { amount: string, currency: string, minorUnits: string | null, formatted: string }, linesAdded: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }>, linesRemoved: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }>, prorationLines: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }> } }
    | { __typename: 'UnsupportedError', message: string, provider: BillingProvider, fields: Array<string> }
   };

export type UpcomingInvoiceQueryVariables = Exact<{
  provider?: BillingProvider | null | undefined;
  customer?: string | null | undefined;
  subscription?: string | null | undefined;
  lines?: number | null | undefined;
}>;


export type UpcomingInvoiceQuery = { upcomingInvoice: { id: string, provider: BillingProvider, providerId: string | null, isPreview: boolean, number: string | null, status: InvoiceStatus | null, providerStatus: string | null, origin: InvoiceType | null, description: string | null, currency: string, periodStart: string | null, periodEnd: string | null, createdAt: string | null, dueAt: string | null, pdfUrl: string | null, hostedUrl: string | null, attemptCount: number | null, attempted: boolean | null, autoAdvance: boolean | null, customerId: string | null, subscriptionId: string | null, lines: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string | null, description: string | null, quantity: string | null, periodStart: string | null, periodEnd: string | null, proration: boolean, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string }, unitAmount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, credits: Array<{ type: string, creditBalanceTransaction: string | null, discount: string | null, amount: { amount: string, currency: string, minorUnits: string | null, formatted: string } }> }> }, amountDue: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountPaid: { amount: string, currency: string, minorUnits: string | null, formatted: string }, amountRemaining: { amount: string, currency: string, minorUnits: string | null, formatted: string }, subtotal: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, tax: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, discount: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null, total: { amount: string, currency: string, minorUnits: string | null, formatted: string } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const MoneyFieldsFragmentDoc = new TypedDocumentString(`
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}
    `, {"fragmentName":"MoneyFields"}) as unknown as TypedDocumentString<MoneyFieldsFragment, unknown>;
export const InvoiceSummaryFragmentDoc = new TypedDocumentString(`
    fragment InvoiceSummary on Invoice {
  id
  provider
  providerId
  isPreview
  number
  status
  providerStatus
  origin
  description
  currency
  amountDue {
    ...MoneyFields
  }
  amountPaid {
    ...MoneyFields
  }
  amountRemaining {
    ...MoneyFields
  }
  subtotal {
    ...MoneyFields
  }
  tax {
    ...MoneyFields
  }
  discount {
    ...MoneyFields
  }
  total {
    ...MoneyFields
  }
  periodStart
  periodEnd
  createdAt
  dueAt
  pdfUrl
  hostedUrl
  attemptCount
  attempted
  autoAdvance
  customerId
  subscriptionId
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}`, {"fragmentName":"InvoiceSummary"}) as unknown as TypedDocumentString<InvoiceSummaryFragment, unknown>;
export const InvoiceLineFieldsFragmentDoc = new TypedDocumentString(`
    fragment InvoiceLineFields on InvoiceLine {
  id
  description
  amount {
    ...MoneyFields
  }
  quantity
  unitAmount {
    ...MoneyFields
  }
  periodStart
  periodEnd
  proration
  credits {
    amount {
      ...MoneyFields
    }
    type
    creditBalanceTransaction
    discount
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}`, {"fragmentName":"InvoiceLineFields"}) as unknown as TypedDocumentString<InvoiceLineFieldsFragment, unknown>;
export const InvoiceHistoryDocument = new TypedDocumentString(`
    query InvoiceHistory($provider: BillingProvider, $customer: String, $type: InvoiceType = ALL, $first: Int, $after: String, $last: Int, $before: String) {
  invoices(
    provider: $provider
    customer: $customer
    type: $type
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      cursor
      node {
        ...InvoiceSummary
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}
fragment InvoiceSummary on Invoice {
  id
  provider
  providerId
  isPreview
  number
  status
  providerStatus
  origin
  description
  currency
  amountDue {
    ...MoneyFields
  }
  amountPaid {
    ...MoneyFields
  }
  amountRemaining {
    ...MoneyFields
  }
  subtotal {
    ...MoneyFields
  }
  tax {
    ...MoneyFields
  }
  discount {
    ...MoneyFields
  }
  total {
    ...MoneyFields
  }
  periodStart
  periodEnd
  createdAt
  dueAt
  pdfUrl
  hostedUrl
  attemptCount
  attempted
  autoAdvance
  customerId
  subscriptionId
}`) as unknown as TypedDocumentString<InvoiceHistoryQuery, InvoiceHistoryQueryVariables>;
export const InvoiceDocument = new TypedDocumentString(`
    query Invoice($id: ID!) {
  invoice(id: $id) {
    ...InvoiceSummary
    lines(first: 100) {
      nodes {
        ...InvoiceLineFields
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}
fragment InvoiceSummary on Invoice {
  id
  provider
  providerId
  isPreview
  number
  status
  providerStatus
  origin
  description
  currency
  amountDue {
    ...MoneyFields
  }
  amountPaid {
    ...MoneyFields
  }
  amountRemaining {
    ...MoneyFields
  }
  subtotal {
    ...MoneyFields
  }
  tax {
    ...MoneyFields
  }
  discount {
    ...MoneyFields
  }
  total {
    ...MoneyFields
  }
  periodStart
  periodEnd
  createdAt
  dueAt
  pdfUrl
  hostedUrl
  attemptCount
  attempted
  autoAdvance
  customerId
  subscriptionId
}
fragment InvoiceLineFields on InvoiceLine {
  id
  description
  amount {
    ...MoneyFields
  }
  quantity
  unitAmount {
    ...MoneyFields
  }
  periodStart
  periodEnd
  proration
  credits {
    amount {
      ...MoneyFields
    }
    type
    creditBalanceTransaction
    discount
  }
}`) as unknown as TypedDocumentString<InvoiceQuery, InvoiceQueryVariables>;
export const PreviewInvoiceDocument = new TypedDocumentString(`
    mutation PreviewInvoice($input: PreviewInvoiceInput!) {
  previewInvoice(input: $input) {
    __typename
    ... on PreviewInvoiceSuccess {
      invoice {
        ...InvoiceSummary
        lines(first: 100) {
          pageInfo {
            hasNextPage
          }
          nodes {
            ...InvoiceLineFields
          }
        }
      }
      change {
        amountDueBefore {
          ...MoneyFields
        }
        amountDueAfter {
          ...MoneyFields
        }
        amountDueDifference {
          ...MoneyFields
        }
        linesAdded {
          ...InvoiceLineFields
        }
        linesRemoved {
          ...InvoiceLineFields
        }
        prorationLines {
          ...InvoiceLineFields
        }
        linesComplete
      }
    }
    ... on InvalidInputError {
      message
      field
    }
    ... on NotFoundError {
      message
    }
    ... on UnsupportedError {
      message
      provider
      fields
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}
fragment InvoiceSummary on Invoice {
  id
  provider
  providerId
  isPreview
  number
  status
  providerStatus
  origin
  description
  currency
  amountDue {
    ...MoneyFields
  }
  amountPaid {
    ...MoneyFields
  }
  amountRemaining {
    ...MoneyFields
  }
  subtotal {
    ...MoneyFields
  }
  tax {
    ...MoneyFields
  }
  discount {
    ...MoneyFields
  }
  total {
    ...MoneyFields
  }
  periodStart
  periodEnd
  createdAt
  dueAt
  pdfUrl
  hostedUrl
  attemptCount
  attempted
  autoAdvance
  customerId
  subscriptionId
}
fragment InvoiceLineFields on InvoiceLine {
  id
  description
  amount {
    ...MoneyFields
  }
  quantity
  unitAmount {
    ...MoneyFields
  }
  periodStart
  periodEnd
  proration
  credits {
    amount {
      ...MoneyFields
    }
    type
    creditBalanceTransaction
    discount
  }
}`) as unknown as TypedDocumentString<PreviewInvoiceMutation, PreviewInvoiceMutationVariables>;
export const UpcomingInvoiceDocument = new TypedDocumentString(`
    query UpcomingInvoice($provider: BillingProvider, $customer: String, $subscription: String, $lines: Int = 20) {
  upcomingInvoice(
    provider: $provider
    customer: $customer
    subscription: $subscription
  ) {
    ...InvoiceSummary
    lines(first: $lines) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...InvoiceLineFields
      }
    }
  }
}
    fragment MoneyFields on Money {
  amount
  currency
  minorUnits
  formatted
}
fragment InvoiceSummary on Invoice {
  id
  provider
  providerId
  isPreview
  number
  status
  providerStatus
  origin
  description
  currency
  amountDue {
    ...MoneyFields
  }
  amountPaid {
    ...MoneyFields
  }
  amountRemaining {
    ...MoneyFields
  }
  subtotal {
    ...MoneyFields
  }
  tax {
    ...MoneyFields
  }
  discount {
    ...MoneyFields
  }
  total {
    ...MoneyFields
  }
  periodStart
  periodEnd
  createdAt
  dueAt
  pdfUrl
  hostedUrl
  attemptCount
  attempted
  autoAdvance
  customerId
  subscriptionId
}
fragment InvoiceLineFields on InvoiceLine {
  id
  description
  amount {
    ...MoneyFields
  }
  quantity
  unitAmount {
    ...MoneyFields
  }
  periodStart
  periodEnd
  proration
  credits {
    amount {
      ...MoneyFields
    }
    type
    creditBalanceTransaction
    discount
  }
}`) as unknown as TypedDocumentString<UpcomingInvoiceQuery, UpcomingInvoiceQueryVariables>;