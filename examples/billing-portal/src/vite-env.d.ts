/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "true": send `documentId` instead of the query text (trusted documents). */
  readonly VITE_BILLGRAPH_DOCUMENT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
