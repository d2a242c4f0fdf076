import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

// `billgraph/client` (package.json `exports`, built to dist/client): the typed documents of schema/operations
// as TypedDocumentNode objects, which urql and Apollo Client take as they are, their persisted-documents
// manifest (`billgraph/client/persisted-documents.json`) and execute(), a fetch of one typed operation.
export * from './generated/graphql.js';
export type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** A GraphQL error as billgraph returns it: `extensions.code` is one of docs/ARCHITECTURE.md section 8. */
export interface BillgraphError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface BillgraphResponse<TResult> {
  data?: TResult | null;
  errors?: BillgraphError[];
}

export interface ExecuteOptions {
  headers?: Record<string, string>;
  /**
   * Send the document's `documentId` (its hash in persisted-documents.json) instead of its text: what a billgraph
   * that runs trusted documents only (BILLGRAPH_TRUSTED_DOCUMENTS) accepts.
   */
  documentId?: boolean;
}

/** The sha256 id the client preset put in a generated document (`persistedDocuments: true`), if any. */
export function documentIdOf(document: object): string | null {
  return (document as { __meta__?: { hash?: unknown } }).__meta__?.hash?.toString() ?? null;
}

const printed = new WeakMap<object, string>();
const textOf = (document: TypedDocumentNode<unknown, never>): string => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};

/**
 * Sends one typed operation to a billgraph endpoint. Result and variables are typed from the generated
 * document, so a schema change that breaks an operation breaks the build.
 */
export async function execute<TResult, TVariables>(
  endpoint: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: ExecuteOptions = {},
): Promise<BillgraphResponse<TResult>> {
  const id = options.documentId ? documentIdOf(document) : null;
  if (options.documentId && id === null) throw new Error('this document has no __meta__.hash: generate it with persistedDocuments on');
  const body = id === null ? { query: textOf(document as TypedDocumentNode<unknown, never>), variables } : { documentId: id, variables };
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as BillgraphResponse<TResult>;
}
