/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** billgraph's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (it must list the portal's origin for CORS). */
  readonly VITE_BILLGRAPH_URL?: string;
  /** "false": send the query text instead of `documentId` (for a billgraph without the portal's manifest). */
  readonly VITE_BILLGRAPH_DOCUMENT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
