import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { ConfigError } from '../config/errors.js';

/** documentId (`sha256:<hex>`) -> the document text a trusted-documents request runs. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const VARIABLE = 'BILLGRAPH_TRUSTED_DOCUMENTS';
const EXPECTED = 'manifests mapping "sha256:<hex>" to a document (the client preset\'s persisted-documents.json), or directories of them';

/** `sha256:<hex>` as the client preset writes it, or the bare hex an APQ-style client sends; null for anything else. */
export function normalizeDocumentId(id: string): string | null {
  const match = /^(?:sha256:)?([0-9a-f]{64})$/i.exec(id);
  return match ? `sha256:${match[1]!.toLowerCase()}` : null;
}

/** The manifest files a configured path names: the file itself, or a directory's *.json files in name order. */
function manifestFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new ConfigError(VARIABLE, EXPECTED, `${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new ConfigError(VARIABLE, EXPECTED, `${path}: no *.json file in this directory`);
  return files;
}

function readManifest(file: string): Record<string, unknown> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(VARIABLE, EXPECTED, `${file}: ${(error as Error).message}`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ConfigError(VARIABLE, EXPECTED, `${file}: not a JSON object`);
  }
  return manifest as Record<string, unknown>;
}

/** Why a manifest entry cannot be trusted, or null: its id must be its text's sha256, its text a valid document. */
function problemOf(key: string, text: unknown, schema: GraphQLSchema | undefined): string | null {
  const id = normalizeDocumentId(key);
  if (id === null) return `the key ${JSON.stringify(key)} is not "sha256:<64 hex digits>"`;
  if (typeof text !== 'string') return `${key}: the document is not a string`;
  if (`sha256:${createHash('sha256').update(text).digest('hex')}` !== id) return `${key}: the key is not the sha256 of its document`;
  try {
    const errors = schema ? validate(schema, parse(text)) : (parse(text), []);
    // A manifest a schema change broke fails at startup, not in front of the app's users.
    return errors.length ? `${key}: ${errors[0]!.message}` : null;
  } catch (error) {
    return `${key}: ${(error as Error).message}`;
  }
}

/**
 * Reads every configured manifest at startup; any problem is a ConfigError naming the file and the entry.
 * Several apps and versions load side by side: ids are content hashes, so the same id is the same document.
 */
export function loadTrustedDocuments(paths: readonly string[], schema?: GraphQLSchema): TrustedDocuments {
  const documents = new Map<string, string>();
  for (const file of paths.flatMap(manifestFiles)) {
    for (const [key, text] of Object.entries(readManifest(file))) {
      const problem = problemOf(key, text, schema);
      if (problem) throw new ConfigError(VARIABLE, EXPECTED, `${file}: ${problem}`);
      documents.set(normalizeDocumentId(key)!, text as string);
    }
  }
  return documents;
}
