/**
 * GraphQL Mesh compose config for the comparison benchmark: the Flexprice OpenAPI file turned into a
 * subgraph as-is, pointed at the billgraph sandbox (same upstream billgraph reads). `run.ts` sets
 * FLEXPRICE_ENDPOINT; the defaults match `npm run sandbox` on its default port.
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const endpoint = process.env.FLEXPRICE_ENDPOINT ?? 'http://127.0.0.1:4010/flexprice/v1';
const apiKey = process.env.FLEXPRICE_API_KEY ?? 'sandbox-flexprice-key';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Flexprice', {
        source: '../../test/contracts/flexprice-openapi-3.0.json',
        endpoint,
        operationHeaders: { 'x-api-key': apiKey },
        // POST /invoices/search is a read; Mesh would otherwise put every POST under Mutation.
        selectQueryOrMutationField: [{ type: 'Query', fieldName: 'queryInvoice' }],
      }),
    },
  ],
});
