/**
 * GraphQL Mesh compose config for the comparison benchmarks: one OpenAPI description turned into a subgraph
 * as-is, pointed at the billgraph sandbox (the same upstream billgraph reads). MESH_SOURCE picks it:
 * `flexprice` (default; test/contracts/flexprice-openapi-3.0.json) or `cloudflare` (cloudflare-openapi.json
 * here, written from docs/UPSTREAMS.md section 1). The defaults match `npm run sandbox` on its default port.
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const flexprice = () =>
  loadOpenAPISubgraph('Flexprice', {
    source: '../../test/contracts/flexprice-openapi-3.0.json',
    endpoint: process.env.FLEXPRICE_ENDPOINT ?? 'http://127.0.0.1:4010/flexprice/v1',
    operationHeaders: { 'x-api-key': process.env.FLEXPRICE_API_KEY ?? 'sandbox-flexprice-key' },
    // POST /invoices/search is a read; Mesh would otherwise put every POST under Mutation.
    selectQueryOrMutationField: [{ type: 'Query', fieldName: 'queryInvoice' }],
  });

const cloudflare = () =>
  loadOpenAPISubgraph('Cloudflare', {
    source: './cloudflare-openapi.json',
    endpoint: process.env.CLOUDFLARE_ENDPOINT ?? 'http://127.0.0.1:4010/cloudflare/client/v4',
    operationHeaders: { authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN ?? 'sandbox-cloudflare-token'}` },
  });

export const composeConfig = defineConfig({
  subgraphs: [{ sourceHandler: process.env.MESH_SOURCE === 'cloudflare' ? cloudflare() : flexprice() }],
});
