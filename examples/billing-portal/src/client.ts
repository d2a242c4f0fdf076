import { Client, fetchExchange } from 'urql';
import { documentIdExchange } from './trusted-documents.js';

/**
 * The switch for trusted documents: with VITE_BILLGRAPH_DOCUMENT_ID=true at build or dev time, every request
 * carries `documentId` (a hash of src/gql/persisted-documents.json) instead of the query text. Off until the
 * server loads that manifest (BILLGRAPH_TRUSTED_DOCUMENTS, issue 12 item 2).
 */
export const SEND_DOCUMENT_ID = import.meta.env.VITE_BILLGRAPH_DOCUMENT_ID === 'true';

/**
 * `/graphql` on the portal's own origin: Vite (dev server or preview) proxies it to billgraph, so no CORS is
 * involved. JSON POSTs, which billgraph accepts without its CSRF header. No document cache: a previewInvoice
 * result mentions Invoice and Money, and urql's cacheExchange would refetch every query on each preview.
 */
export const client = new Client({
  url: '/graphql',
  preferGetMethod: false,
  exchanges: SEND_DOCUMENT_ID ? [documentIdExchange, fetchExchange] : [fetchExchange],
});
