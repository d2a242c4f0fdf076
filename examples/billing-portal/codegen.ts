import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where the typed documents and the persisted-documents manifest are committed. */
export const GENERATED_DIR = here('./src/gql/');

/**
 * The portal's typed operations: TypedDocumentNode objects (what urql and Apollo take), typed from the repo's
 * schema, each with its sha256 in `__meta__.hash`, and persisted-documents.json mapping hash -> document text
 * (the manifest a server with trusted documents loads). Paths are relative to this file, so it runs from any cwd.
 * Regenerate with `node --import tsx examples/billing-portal/scripts/generate.ts` (it also formats the output).
 */
const config: CodegenConfig = {
  schema: here('../../schema/schema.graphql'),
  documents: [here('./src/operations/*.graphql')],
  ignoreNoDocuments: false,
  generates: {
    [GENERATED_DIR]: {
      preset: 'client',
      // urql's cache adds __typename to every selection before sending: the hashed documents must have it too.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { Decimal: 'string', DateTime: 'string' },
        strictScalars: true,
      },
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
    },
  },
};

export default config;
