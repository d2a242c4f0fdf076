import type { CodegenConfig } from '@graphql-codegen/cli';

// A consuming app's own typed operations, generated from the schema billgraph ships (README "Frontend").
const config: CodegenConfig = {
  schema: 'node_modules/billgraph/schema/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { Decimal: 'string', DateTime: 'string' },
        strictScalars: true,
      },
      // persisted-documents.json: the manifest this app deploys to billgraph (BILLGRAPH_TRUSTED_DOCUMENTS).
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
    },
  },
};

export default config;
