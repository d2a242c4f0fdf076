import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the example operations in schema/operations (also the README's examples): TypedDocumentNode
// objects, which urql, Apollo and execute() all take, each with its sha256 in `__meta__.hash`, and
// persisted-documents.json, the manifest a trusted-documents billgraph loads. `npm test` regenerates into a temp
// dir and fails if src/client drifts from what is committed.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/client/generated/': {
      preset: 'client',
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Decimal: 'string', DateTime: 'string' },
        strictScalars: true,
      },
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
    },
  },
};

export default config;
