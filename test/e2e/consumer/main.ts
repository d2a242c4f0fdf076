// A consuming app, copied into a temp dir outside the repo by test/e2e/client-consumer.test.ts: its own typed
// operation and billgraph/client's, sent with urql as trusted documents (documentId only).
import { Client, fetchExchange, makeOperation, mapExchange, type Exchange } from '@urql/core';
import { documentIdOf, execute, UpcomingInvoiceDocument } from 'billgraph/client';
import { graphql } from './gql/index.js';

const NextInvoice = graphql(`
  query NextInvoice($customer: String) {
    upcomingInvoice(provider: STRIPE, customer: $customer) {
      id
      amountDue {
        amount
        currency
        formatted
      }
      lines(first: 10) {
        nodes {
          description
          amount {
            amount
          }
        }
      }
    }
  }
`);

/** Trusted documents: each operation goes out as its documentId (the hash codegen put in the document), never as text. */
const documentIdExchange: Exchange = mapExchange({
  onOperation(operation) {
    if (operation.kind === 'teardown') return operation;
    const documentId = documentIdOf(operation.query);
    if (!documentId) throw new Error('no documentId: generate with persistedDocuments: true');
    const stub = { kind: 'Document', definitions: [], documentId } as unknown as typeof operation.query;
    return makeOperation(operation.kind, { ...operation, query: stub }, operation.context);
  },
});

const url = process.env.BILLGRAPH_URL!;
const client = new Client({ url, exchanges: [documentIdExchange, fetchExchange], preferGetMethod: false });

const own = await client.query(NextInvoice, { customer: process.env.CUSTOMER }).toPromise();
if (own.error || !own.data?.upcomingInvoice) throw own.error ?? new Error('no upcoming invoice');
const amount: string = own.data.upcomingInvoice.amountDue.amount;
const lines: string[] = own.data.upcomingInvoice.lines.nodes.map((line) => line.amount.amount);

const packaged = await client.query(UpcomingInvoiceDocument, { provider: 'STRIPE', lines: 5 }).toPromise();
const executed = await execute(url, UpcomingInvoiceDocument, { provider: 'STRIPE' }, { documentId: true });
const asText = await execute(url, UpcomingInvoiceDocument, { provider: 'STRIPE' });

console.log(
  JSON.stringify({
    own: { amount, lines },
    packaged: packaged.data?.upcomingInvoice?.amountDue.amount ?? packaged.error?.message,
    executed: executed.data?.upcomingInvoice?.amountDue.amount ?? executed.errors,
    asText: asText.errors?.map((error) => error.extensions?.code),
  }),
);

/** Never called: what the types must refuse (tsc fails on an unused @ts-expect-error, so `any` types would fail it). */
export function typeErrors(): void {
  // @ts-expect-error Decimal amounts are exact strings, never JS numbers
  const asNumber: number = own.data!.upcomingInvoice!.amountDue.amount;
  // @ts-expect-error `customer` is a string
  void client.query(NextInvoice, { customer: 42 });
  // @ts-expect-error `provider` is one of the BillingProvider values
  void execute(url, UpcomingInvoiceDocument, { provider: 'PAYPAL' });
  void asNumber;
}
