import type { TypedDocumentString } from './generated/graphql.js';

export * from './generated/graphql.js';

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

/**
 * Sends one typed operation to a billgraph endpoint. Result and variables are typed from the generated
 * document, so a schema change that breaks an operation breaks the build.
 */
export async function execute<TResult, TVariables>(
  endpoint: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<BillgraphResponse<TResult>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query: String(document), variables }),
  });
  return (await response.json()) as BillgraphResponse<TResult>;
}
