import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { CF_DEFAULT_ACCOUNT } from '../src/sandbox/cloudflare/data.js';

/** One load-test scenario: a request sent to billgraph (`gateway`) or straight to the sandbox upstream. */
export interface Scenario {
  name: string;
  target: 'gateway' | 'sandbox';
  method: 'GET' | 'POST';
  /** Sandbox path (sandbox scenarios only). */
  path?: string;
  headers: Record<string, string>;
  body?: string;
  connections: number[];
  /** The sandbox scenario this one is compared with for "latency added". */
  comparesTo?: string;
  /** Sanity check of one response, so a benchmark of errors is never recorded as a success. */
  check?: (body: string) => boolean;
  /** Extra billgraph environment this scenario needs. */
  gatewayEnv?: Record<string, string>;
}

/** The Cloudflare history page the latency-bound and memory runs use. */
export const CLOUDFLARE_HISTORY = 'billgraph: invoices(first: 20) (cloudflare)';

/** 100 Stripe invoices with their lines and customer: the big page of issue 14 (bench/failure.ts bigpages, heap.ts, profile.ts). */
export const BIG_STRIPE_PAGE = JSON.stringify({
  query: `{ invoices(provider: STRIPE, first: 100) { nodes { id number status amountDue { amount currency } customer { id name email }
    lines(first: 100) { nodes { description amount { amount currency } quantity periodStart periodEnd } } } } }`,
});

const graphql = (query: string, variables: Record<string, unknown> = {}) => ({
  target: 'gateway' as const,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

const UPCOMING_CLOUDFLARE = `query { upcomingInvoice(provider: CLOUDFLARE) {
  id status currency amountDue { amount currency minorUnits } amountRemaining { amount } periodStart periodEnd
  lines(first: 10) { nodes { description amount { amount } quantity unitAmount { amount } periodStart periodEnd credits { amount { amount } type } } }
} }`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'sandbox direct: cloudflare invoice-preview',
    target: 'sandbox',
    method: 'GET',
    path: `/cloudflare/client/v4/accounts/${CF_DEFAULT_ACCOUNT}/ai-gateway/billing/invoice-preview`,
    headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.cloudflare.token}` },
    connections: [1, 10],
    check: (body) => body.includes('"invoice_lines"'),
  },
  {
    name: 'billgraph: upcomingInvoice (cloudflare, 10 lines)',
    ...graphql(UPCOMING_CLOUDFLARE),
    connections: [1, 10],
    comparesTo: 'sandbox direct: cloudflare invoice-preview',
    check: (body) => body.includes('"DRAFT"') && !body.includes('"errors"'),
  },
  {
    name: 'billgraph: invoices(first: 20) (cloudflare)',
    ...graphql(
      'query { invoices(provider: CLOUDFLARE, first: 20) { totalCount nodes { id status amountDue { amount currency } createdAt } } }',
    ),
    connections: [10],
    check: (body) => body.includes('"totalCount"') && !body.includes('"errors"'),
  },
  {
    name: 'billgraph: previewInvoice (stripe, seats 5 -> 8, prorated)',
    ...graphql(
      `
        mutation ($input: PreviewInvoiceInput!) {
          previewInvoice(input: $input) {
            __typename
            ... on PreviewInvoiceSuccess {
              invoice {
                amountDue {
                  amount
                }
                lines(first: 20) {
                  nodes {
                    description
                    amount {
                      amount
                    }
                    proration
                  }
                }
              }
              change {
                amountDueBefore {
                  amount
                }
                amountDueAfter {
                  amount
                }
                amountDueDifference {
                  amount
                }
                prorationLines {
                  amount {
                    amount
                  }
                }
              }
            }
          }
        }
      `,
      {
        input: {
          provider: 'STRIPE',
          customer: 'cus_SbxAcmeUsd001',
          changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }],
          prorationDate: '2026-11-16T00:00:00Z',
        },
      },
    ),
    connections: [1, 10],
    check: (body) => body.includes('"PreviewInvoiceSuccess"') && body.includes('"58.45"'),
  },
  {
    name: 'billgraph: invoices(first: 100) { customer { name } } (stripe)',
    ...graphql('query { invoices(provider: STRIPE, first: 100) { nodes { id amountDue { amount } customer { name } } } }'),
    connections: [10],
    check: (body) => body.includes('"customer"') && !body.includes('"errors"'),
  },
  {
    name: 'billgraph: upcomingInvoice (flexprice)',
    ...graphql(
      'query { upcomingInvoice(provider: FLEXPRICE) { id status amountDue { amount currency } lines(first: 20) { nodes { description quantity amount { amount } } } } }',
    ),
    connections: [10],
    check: (body) => body.includes('"amountDue"') && !body.includes('"errors"'),
  },
  {
    name: 'billgraph: invoices(first: 20) (flexprice)',
    ...graphql(
      'query { invoices(provider: FLEXPRICE, first: 20) { totalCount nodes { id status providerStatus amountDue { amount currency } } } }',
    ),
    connections: [10],
    check: (body) => body.includes('"totalCount"') && !body.includes('"errors"'),
  },
];
