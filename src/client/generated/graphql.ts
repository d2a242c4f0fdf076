/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The billing backend an invoice lives in. */
export type BillingProvider =
  | 'CLOUDFLARE'
  | 'FLEXPRICE'
  | 'STRIPE';

export type InvoiceStatus =
  | 'DRAFT'
  | 'OPEN'
  | 'PAID'
  | 'UNCOLLECTIBLE'
  | 'VOID';

/** Which invoices of the history: created by the billing cycle (AUTO), by hand (MANUAL), or both. */
export type InvoiceType =
  | 'ALL'
  | 'AUTO'
  | 'MANUAL';

export type PreviewAddItemInput = {
  /** The price to subscribe to. */
  price: string;
  quantity?: string | null | undefined;
};

export type PreviewChangeItemInput = {
  /** The subscription item to change. */
  item: string;
  /** Switch the item to this price. */
  price?: string | null | undefined;
  quantity?: string | null | undefined;
};

export type PreviewDiscountInput = {
  coupon?: string | null | undefined;
  promotionCode?: string | null | undefined;
};

/** What would the invoice be if ...: the changes to preview. Providers take different subsets (see README). */
export type PreviewInvoiceInput = {
  addItems?: Array<PreviewAddItemInput> | null | undefined;
  changeItems?: Array<PreviewChangeItemInput> | null | undefined;
  currency?: string | null | undefined;
  customer?: string | null | undefined;
  discounts?: Array<PreviewDiscountInput> | null | undefined;
  /** Flexprice: leave out lines that charge nothing. */
  hideZeroCharges?: boolean | null | undefined;
  invoiceItems?: Array<PreviewInvoiceItemInput> | null | undefined;
  /** Flexprice: end of the period to preview. */
  periodEnd?: string | null | undefined;
  /** Flexprice: start of the period to preview. */
  periodStart?: string | null | undefined;
  prorationBehavior?: ProrationBehavior | null | undefined;
  prorationDate?: string | null | undefined;
  provider?: BillingProvider | null | undefined;
  /** Subscription item ids to remove. */
  removeItems?: Array<string> | null | undefined;
  subscription?: string | null | undefined;
};

/** A one-off charge: a price, or an amount in major units with a description. */
export type PreviewInvoiceItemInput = {
  /** Major units, e.g. "25.00". */
  amount?: string | null | undefined;
  currency?: string | null | undefined;
  description?: string | null | undefined;
  price?: string | null | undefined;
  quantity?: string | null | undefined;
};

export type ProrationBehavior =
  | 'ALWAYS_INVOICE'
  | 'CREATE_PRORATIONS'
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