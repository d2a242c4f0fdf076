/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  'fragment PortalMoney on Money {\n  amount\n  currency\n  formatted\n}\n\nfragment PortalLine on InvoiceLine {\n  id\n  description\n  quantity\n  proration\n  periodStart\n  periodEnd\n  amount {\n    ...PortalMoney\n  }\n  unitAmount {\n    ...PortalMoney\n  }\n  credits {\n    type\n    discount\n    creditBalanceTransaction\n    amount {\n      ...PortalMoney\n    }\n  }\n}': typeof types.PortalMoneyFragmentDoc;
  'query PortalInvoiceHistory($provider: BillingProvider, $customer: String, $type: InvoiceType!, $first: Int!, $after: String) {\n  invoices(\n    provider: $provider\n    customer: $customer\n    type: $type\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        status\n        origin\n        createdAt\n        amountDue {\n          ...PortalMoney\n        }\n      }\n    }\n  }\n}': typeof types.PortalInvoiceHistoryDocument;
  'mutation PortalPreviewInvoice($input: PreviewInvoiceInput!) {\n  previewInvoice(input: $input) {\n    __typename\n    ... on PreviewInvoiceSuccess {\n      invoice {\n        id\n        amountDue {\n          ...PortalMoney\n        }\n      }\n      change {\n        amountDueBefore {\n          ...PortalMoney\n        }\n        amountDueAfter {\n          ...PortalMoney\n        }\n        amountDueDifference {\n          ...PortalMoney\n        }\n        linesComplete\n        linesAdded {\n          ...PortalLine\n        }\n        linesRemoved {\n          ...PortalLine\n        }\n        prorationLines {\n          ...PortalLine\n        }\n      }\n    }\n    ... on InvalidInputError {\n      message\n      field\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on UnsupportedError {\n      message\n      provider\n      fields\n    }\n  }\n}': typeof types.PortalPreviewInvoiceDocument;
  'query PortalUpcomingInvoice($provider: BillingProvider, $customer: String, $subscription: String) {\n  upcomingInvoice(\n    provider: $provider\n    customer: $customer\n    subscription: $subscription\n  ) {\n    id\n    number\n    status\n    currency\n    periodStart\n    periodEnd\n    subscriptionId\n    subtotal {\n      ...PortalMoney\n    }\n    discount {\n      ...PortalMoney\n    }\n    tax {\n      ...PortalMoney\n    }\n    total {\n      ...PortalMoney\n    }\n    amountDue {\n      ...PortalMoney\n    }\n    lines(first: 20) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...PortalLine\n      }\n    }\n  }\n}': typeof types.PortalUpcomingInvoiceDocument;
};
const documents: Documents = {
  'fragment PortalMoney on Money {\n  amount\n  currency\n  formatted\n}\n\nfragment PortalLine on InvoiceLine {\n  id\n  description\n  quantity\n  proration\n  periodStart\n  periodEnd\n  amount {\n    ...PortalMoney\n  }\n  unitAmount {\n    ...PortalMoney\n  }\n  credits {\n    type\n    discount\n    creditBalanceTransaction\n    amount {\n      ...PortalMoney\n    }\n  }\n}':
    types.PortalMoneyFragmentDoc,
  'query PortalInvoiceHistory($provider: BillingProvider, $customer: String, $type: InvoiceType!, $first: Int!, $after: String) {\n  invoices(\n    provider: $provider\n    customer: $customer\n    type: $type\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        status\n        origin\n        createdAt\n        amountDue {\n          ...PortalMoney\n        }\n      }\n    }\n  }\n}':
    types.PortalInvoiceHistoryDocument,
  'mutation PortalPreviewInvoice($input: PreviewInvoiceInput!) {\n  previewInvoice(input: $input) {\n    __typename\n    ... on PreviewInvoiceSuccess {\n      invoice {\n        id\n        amountDue {\n          ...PortalMoney\n        }\n      }\n      change {\n        amountDueBefore {\n          ...PortalMoney\n        }\n        amountDueAfter {\n          ...PortalMoney\n        }\n        amountDueDifference {\n          ...PortalMoney\n        }\n        linesComplete\n        linesAdded {\n          ...PortalLine\n        }\n        linesRemoved {\n          ...PortalLine\n        }\n        prorationLines {\n          ...PortalLine\n        }\n      }\n    }\n    ... on InvalidInputError {\n      message\n      field\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on UnsupportedError {\n      message\n      provider\n      fields\n    }\n  }\n}':
    types.PortalPreviewInvoiceDocument,
  'query PortalUpcomingInvoice($provider: BillingProvider, $customer: String, $subscription: String) {\n  upcomingInvoice(\n    provider: $provider\n    customer: $customer\n    subscription: $subscription\n  ) {\n    id\n    number\n    status\n    currency\n    periodStart\n    periodEnd\n    subscriptionId\n    subtotal {\n      ...PortalMoney\n    }\n    discount {\n      ...PortalMoney\n    }\n    tax {\n      ...PortalMoney\n    }\n    total {\n      ...PortalMoney\n    }\n    amountDue {\n      ...PortalMoney\n    }\n    lines(first: 20) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...PortalLine\n      }\n    }\n  }\n}':
    types.PortalUpcomingInvoiceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'fragment PortalMoney on Money {\n  amount\n  currency\n  formatted\n}\n\nfragment PortalLine on InvoiceLine {\n  id\n  description\n  quantity\n  proration\n  periodStart\n  periodEnd\n  amount {\n    ...PortalMoney\n  }\n  unitAmount {\n    ...PortalMoney\n  }\n  credits {\n    type\n    discount\n    creditBalanceTransaction\n    amount {\n      ...PortalMoney\n    }\n  }\n}',
): (typeof documents)['fragment PortalMoney on Money {\n  amount\n  currency\n  formatted\n}\n\nfragment PortalLine on InvoiceLine {\n  id\n  description\n  quantity\n  proration\n  periodStart\n  periodEnd\n  amount {\n    ...PortalMoney\n  }\n  unitAmount {\n    ...PortalMoney\n  }\n  credits {\n    type\n    discount\n    creditBalanceTransaction\n    amount {\n      ...PortalMoney\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query PortalInvoiceHistory($provider: BillingProvider, $customer: String, $type: InvoiceType!, $first: Int!, $after: String) {\n  invoices(\n    provider: $provider\n    customer: $customer\n    type: $type\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        status\n        origin\n        createdAt\n        amountDue {\n          ...PortalMoney\n        }\n      }\n    }\n  }\n}',
): (typeof documents)['query PortalInvoiceHistory($provider: BillingProvider, $customer: String, $type: InvoiceType!, $first: Int!, $after: String) {\n  invoices(\n    provider: $provider\n    customer: $customer\n    type: $type\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        status\n        origin\n        createdAt\n        amountDue {\n          ...PortalMoney\n        }\n      }\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation PortalPreviewInvoice($input: PreviewInvoiceInput!) {\n  previewInvoice(input: $input) {\n    __typename\n    ... on PreviewInvoiceSuccess {\n      invoice {\n        id\n        amountDue {\n          ...PortalMoney\n        }\n      }\n      change {\n        amountDueBefore {\n          ...PortalMoney\n        }\n        amountDueAfter {\n          ...PortalMoney\n        }\n        amountDueDifference {\n          ...PortalMoney\n        }\n        linesComplete\n        linesAdded {\n          ...PortalLine\n        }\n        linesRemoved {\n          ...PortalLine\n        }\n        prorationLines {\n          ...PortalLine\n        }\n      }\n    }\n    ... on InvalidInputError {\n      message\n      field\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on UnsupportedError {\n      message\n      provider\n      fields\n    }\n  }\n}',
): (typeof documents)['mutation PortalPreviewInvoice($input: PreviewInvoiceInput!) {\n  previewInvoice(input: $input) {\n    __typename\n    ... on PreviewInvoiceSuccess {\n      invoice {\n        id\n        amountDue {\n          ...PortalMoney\n        }\n      }\n      change {\n        amountDueBefore {\n          ...PortalMoney\n        }\n        amountDueAfter {\n          ...PortalMoney\n        }\n        amountDueDifference {\n          ...PortalMoney\n        }\n        linesComplete\n        linesAdded {\n          ...PortalLine\n        }\n        linesRemoved {\n          ...PortalLine\n        }\n        prorationLines {\n          ...PortalLine\n        }\n      }\n    }\n    ... on InvalidInputError {\n      message\n      field\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on UnsupportedError {\n      message\n      provider\n      fields\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query PortalUpcomingInvoice($provider: BillingProvider, $customer: String, $subscription: String) {\n  upcomingInvoice(\n    provider: $provider\n    customer: $customer\n    subscription: $subscription\n  ) {\n    id\n    number\n    status\n    currency\n    periodStart\n    periodEnd\n    subscriptionId\n    subtotal {\n      ...PortalMoney\n    }\n    discount {\n      ...PortalMoney\n    }\n    tax {\n      ...PortalMoney\n    }\n    total {\n      ...PortalMoney\n    }\n    amountDue {\n      ...PortalMoney\n    }\n    lines(first: 20) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...PortalLine\n      }\n    }\n  }\n}',
): (typeof documents)['query PortalUpcomingInvoice($provider: BillingProvider, $customer: String, $subscription: String) {\n  upcomingInvoice(\n    provider: $provider\n    customer: $customer\n    subscription: $subscription\n  ) {\n    id\n    number\n    status\n    currency\n    periodStart\n    periodEnd\n    subscriptionId\n    subtotal {\n      ...PortalMoney\n    }\n    discount {\n      ...PortalMoney\n    }\n    tax {\n      ...PortalMoney\n    }\n    total {\n      ...PortalMoney\n    }\n    amountDue {\n      ...PortalMoney\n    }\n    lines(first: 20) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...PortalLine\n      }\n    }\n  }\n}'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
