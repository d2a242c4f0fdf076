/**
 * The words billgraph's adapters put in upstream paths (docs/UPSTREAMS.md): every other path segment is an
 * id (an account, customer, invoice or subscription) and becomes `{id}`. An allowlist, not a guess at what
 * ids look like, so no id can reach a span, whatever its shape.
 */
const PATH_WORDS = new Set([
  'v1',
  'v4',
  'client',
  'accounts',
  'ai-gateway',
  'billing',
  'invoice-history',
  'invoice-preview',
  'invoices',
  'lines',
  'customers',
  'subscriptions',
  'create_preview',
  'preview',
  'search',
]);

/** `/v1/invoices/in_123/lines?customer=cus_A` -> `/v1/invoices/{id}/lines` (the query is never kept). */
export function routeTemplate(path: string): string {
  const pathname = path.split('?')[0] ?? '';
  return pathname
    .split('/')
    .map((segment) => (segment === '' || PATH_WORDS.has(segment) ? segment : '{id}'))
    .join('/');
}
