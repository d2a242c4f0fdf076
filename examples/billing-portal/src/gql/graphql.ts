/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

export type PortalMoneyFragment = { __typename: 'Money'; amount: string; currency: string; formatted: string };

export type PortalLineFragment = {
  __typename: 'InvoiceLine';
  id: string | null;
  description: string | null;
  quantity: string | null;
  proration: boolean;
  periodStart: string | null;
  periodEnd: string | null;
  amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
  unitAmount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
  credits: Array<{
    __typename: 'InvoiceLineCredit';
    type: string;
    discount: string | null;
    creditBalanceTransaction: string | null;
    amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
  }>;
};

export type PortalInvoiceHistoryQueryVariables = Exact<{
  provider?: BillingProvider | null | undefined;
  customer?: string | null | undefined;
  type: InvoiceType;
  first: number;
  after?: string | null | undefined;
}>;

export type PortalInvoiceHistoryQuery = {
  __typename: 'Query';
  invoices: {
    __typename: 'InvoiceConnection';
    totalCount: number | null;
    pageInfo: { __typename: 'PageInfo'; hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      __typename: 'InvoiceEdge';
      cursor: string;
      node: {
        __typename: 'Invoice';
        id: string;
        number: string | null;
        status: InvoiceStatus | null;
        origin: InvoiceType | null;
        createdAt: string | null;
        amountDue: { __typename: 'Money'; amount: string; currency: string; formatted: string };
      };
    }>;
  };
};

export type PortalPreviewInvoiceMutationVariables = Exact<{
  input: PreviewInvoiceInput;
}>;

export type PortalPreviewInvoiceMutation = {
  __typename: 'Mutation';
  previewInvoice:
    | { __typename: 'InvalidInputError'; message: string; field: Array<string> }
    | { __typename: 'NotFoundError'; message: string }
    | {
        __typename: 'PreviewInvoiceSuccess';
        invoice: {
          __typename: 'Invoice';
          id: string;
          amountDue: { __typename: 'Money'; amount: string; currency: string; formatted: string };
        };
        change: {
          __typename: 'InvoiceChange';
          linesComplete: boolean;
          amountDueBefore: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
          amountDueAfter: { __typename: 'Money'; amount: string; currency: string; formatted: string };
          amountDueDifference: { __typename: 'Money'; amount: string; currency: string; formatted: string };
          linesAdded: Array<{
            __typename: 'InvoiceLine';
            id: string | null;
            description: string | null;
            quantity: string | null;
            proration: boolean;
            periodStart: string | null;
            periodEnd: string | null;
            amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            unitAmount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
            credits: Array<{
              __typename: 'InvoiceLineCredit';
              type: string;
              discount: string | null;
              creditBalanceTransaction: string | null;
              amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            }>;
          }>;
          linesRemoved: Array<{
            __typename: 'InvoiceLine';
            id: string | null;
            description: string | null;
            quantity: string | null;
            proration: boolean;
            periodStart: string | null;
            periodEnd: string | null;
            amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            unitAmount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
            credits: Array<{
              __typename: 'InvoiceLineCredit';
              type: string;
              discount: string | null;
              creditBalanceTransaction: string | null;
              amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            }>;
          }>;
          prorationLines: Array<{
            __typename: 'InvoiceLine';
            id: string | null;
            description: string | null;
            quantity: string | null;
            proration: boolean;
            periodStart: string | null;
            periodEnd: string | null;
            amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            unitAmount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
            credits: Array<{
              __typename: 'InvoiceLineCredit';
              type: string;
              discount: string | null;
              creditBalanceTransaction: string | null;
              amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
            }>;
          }>;
        };
      }
    | { __typename: 'UnsupportedError'; message: string; provider: BillingProvider; fields: Array<string> };
};

export type PortalUpcomingInvoiceQueryVariables = Exact<{
  provider?: BillingProvider | null | undefined;
  customer?: string | null | undefined;
  subscription?: string | null | undefined;
}>;

export type PortalUpcomingInvoiceQuery = {
  __typename: 'Query';
  upcomingInvoice: {
    __typename: 'Invoice';
    id: string;
    number: string | null;
    status: InvoiceStatus | null;
    currency: string;
    periodStart: string | null;
    periodEnd: string | null;
    subscriptionId: string | null;
    subtotal: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
    discount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
    tax: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
    total: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
    amountDue: { __typename: 'Money'; amount: string; currency: string; formatted: string };
    lines: {
      __typename: 'InvoiceLineConnection';
      totalCount: number | null;
      pageInfo: { __typename: 'PageInfo'; hasNextPage: boolean };
      nodes: Array<{
        __typename: 'InvoiceLine';
        id: string | null;
        description: string | null;
        quantity: string | null;
        proration: boolean;
        periodStart: string | null;
        periodEnd: string | null;
        amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
        unitAmount: { __typename: 'Money'; amount: string; currency: string; formatted: string } | null;
        credits: Array<{
          __typename: 'InvoiceLineCredit';
          type: string;
          discount: string | null;
          creditBalanceTransaction: string | null;
          amount: { __typename: 'Money'; amount: string; currency: string; formatted: string };
        }>;
      }>;
    };
  } | null;
};

export const PortalMoneyFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalMoney' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Money' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
          { kind: 'Field', name: { kind: 'Name', value: 'formatted' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PortalMoneyFragment, unknown>;
export const PortalLineFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalLine' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'InvoiceLine' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'description' } },
          { kind: 'Field', name: { kind: 'Name', value: 'quantity' } },
          { kind: 'Field', name: { kind: 'Name', value: 'proration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodEnd' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'amount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'unitAmount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'credits' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'discount' } },
                { kind: 'Field', name: { kind: 'Name', value: 'creditBalanceTransaction' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'amount' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalMoney' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Money' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
          { kind: 'Field', name: { kind: 'Name', value: 'formatted' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PortalLineFragment, unknown>;
export const PortalInvoiceHistoryDocument = {
  __meta__: { hash: 'sha256:35b590a2c8f5fcf3f04d763e6fdac049b0a704a66c380ca8388b22f15d375737' },
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PortalInvoiceHistory' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'provider' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'BillingProvider' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'customer' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'type' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'InvoiceType' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'invoices' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'provider' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'provider' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'customer' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'customer' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'type' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'type' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'cursor' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'number' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'origin' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'amountDue' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalMoney' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Money' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
          { kind: 'Field', name: { kind: 'Name', value: 'formatted' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PortalInvoiceHistoryQuery, PortalInvoiceHistoryQueryVariables>;
export const PortalPreviewInvoiceDocument = {
  __meta__: { hash: 'sha256:848c2a91591ec5783b5b12ca2384c016f41bd500cae1bcd61df1c4b1d7626fb7' },
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'PortalPreviewInvoice' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'PreviewInvoiceInput' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'previewInvoice' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PreviewInvoiceSuccess' } },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'invoice' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'amountDue' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'change' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'amountDueBefore' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                                ],
                              },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'amountDueAfter' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                                ],
                              },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'amountDueDifference' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                                ],
                              },
                            },
                            { kind: 'Field', name: { kind: 'Name', value: 'linesComplete' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'linesAdded' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalLine' } },
                                ],
                              },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'linesRemoved' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalLine' } },
                                ],
                              },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'prorationLines' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                                  { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalLine' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'InlineFragment',
                  typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'InvalidInputError' } },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                    ],
                  },
                },
                {
                  kind: 'InlineFragment',
                  typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'NotFoundError' } },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
                {
                  kind: 'InlineFragment',
                  typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'UnsupportedError' } },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'provider' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'fields' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalMoney' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Money' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
          { kind: 'Field', name: { kind: 'Name', value: 'formatted' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalLine' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'InvoiceLine' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'description' } },
          { kind: 'Field', name: { kind: 'Name', value: 'quantity' } },
          { kind: 'Field', name: { kind: 'Name', value: 'proration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodEnd' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'amount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'unitAmount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'credits' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'discount' } },
                { kind: 'Field', name: { kind: 'Name', value: 'creditBalanceTransaction' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'amount' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PortalPreviewInvoiceMutation, PortalPreviewInvoiceMutationVariables>;
export const PortalUpcomingInvoiceDocument = {
  __meta__: { hash: 'sha256:2c6e681eba278cbaf36176a10e6b7925ab3600cbcd1dfa5bcb04586633e0b80a' },
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PortalUpcomingInvoice' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'provider' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'BillingProvider' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'customer' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'subscription' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'upcomingInvoice' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'provider' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'provider' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'customer' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'customer' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'subscription' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'subscription' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'number' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
                { kind: 'Field', name: { kind: 'Name', value: 'periodStart' } },
                { kind: 'Field', name: { kind: 'Name', value: 'periodEnd' } },
                { kind: 'Field', name: { kind: 'Name', value: 'subscriptionId' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'subtotal' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'discount' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'tax' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'total' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'amountDue' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'lines' },
                  arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'first' }, value: { kind: 'IntValue', value: '20' } }],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'pageInfo' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'nodes' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                            { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalLine' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalMoney' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Money' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
          { kind: 'Field', name: { kind: 'Name', value: 'formatted' } },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PortalLine' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'InvoiceLine' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'description' } },
          { kind: 'Field', name: { kind: 'Name', value: 'quantity' } },
          { kind: 'Field', name: { kind: 'Name', value: 'proration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'periodEnd' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'amount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'unitAmount' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'credits' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'discount' } },
                { kind: 'Field', name: { kind: 'Name', value: 'creditBalanceTransaction' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'amount' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PortalMoney' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PortalUpcomingInvoiceQuery, PortalUpcomingInvoiceQueryVariables>;
