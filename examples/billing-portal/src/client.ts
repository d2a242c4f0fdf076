import { Client, fetchExchange } from 'urql';
import { documentIdExchange } from './trusted-documents.js';

/**
 * Trusted documents, on unless VITE_BILLGRAPH_DOCUMENT_ID=false at build or dev time: every request carries
 * `documentId` (a hash of src/gql/persisted-documents.json, which billgraph loads through
 * BILLGRAPH_TRUSTED_DOCUMENTS) instead of the query text.
 */
export const SEND_DOCUMENT_ID = import.meta.env.VITE_BILLGRAPH_DOCUMENT_ID !== 'false';

/** billgraph's endpoint on its own origin: the browser reaches it through CORS (BILLGRAPH_CORS_ORIGINS lists the portal). */
export const BILLGRAPH_URL = import.meta.env.VITE_BILLGRAPH_URL ?? 'http://127.0.0.1:4000/graphql';

/**
 * JSON POSTs, which billgraph accepts without its CSRF header (only form content types need it). No document
 * cache: a previewInvoice result mentions Invoice and Money, and urql's cacheExchange would refetch every query
 * on each preview.
 */
export const client = new Client({
  url: BILLGRAPH_URL,
  preferGetMethod: false,
  exchanges: SEND_DOCUMENT_ID ? [documentIdExchange, fetchExchange] : [fetchExchange],
});
