import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Flexprice's own OpenAPI 3.0 file as a strict JSON-Schema validator (ajv 8, strict mode, all errors).
 * The file is kept in this repository, unmodified (test/contracts/, source and version in its README). OpenAPI-only keywords
 * are converted (`nullable`) or dropped (`example`, `x-*`); nothing else is relaxed, except the one
 * named patch below.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const FLEXPRICE_SPEC_PATH = resolve(here, '..', 'contracts', 'flexprice-openapi-3.0.json');

type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
  [key: string]: unknown;
}

export function loadFlexpriceSpec(): OpenApiDoc {
  return JSON.parse(readFileSync(FLEXPRICE_SPEC_PATH, 'utf8')) as OpenApiDoc;
}

/**
 * PATCH "flexprice-nullable-fields": the file marks nothing nullable, but Flexprice's Go structs have
 * these pointer fields without `omitempty`, so it sends `null` for them (docs/UPSTREAMS.md 3.3, 3.7 pitfalls 2 and 3).
 * Exactly these three fields of InvoiceResponse become nullable; nothing else changes.
 */
export const FLEXPRICE_NULLABLE_PATCH: Readonly<Record<string, readonly string[]>> = {
  InvoiceResponse: ['invoice_number', 'idempotency_key', 'billing_sequence'],
};

export function applyNullablePatch(doc: OpenApiDoc): OpenApiDoc {
  const copy = structuredClone(doc);
  for (const [schemaName, fields] of Object.entries(FLEXPRICE_NULLABLE_PATCH)) {
    const properties = copy.components.schemas[schemaName]?.properties as Record<string, Schema> | undefined;
    for (const field of fields) {
      const property = properties?.[field];
      if (!property) throw new Error(`nullable patch: ${schemaName}.${field} is not in the spec any more`);
      property.nullable = true;
    }
  }
  return copy;
}

/** OpenAPI 3.0 schema object -> JSON Schema (draft 7 as ajv reads it). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (
      key.startsWith('x-') ||
      key === 'example' ||
      key === 'nullable' ||
      key === 'discriminator' ||
      key === 'xml' ||
      key === 'externalDocs'
    )
      continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'flexprice#/definitions/');
      continue;
    }
    // `properties` maps names to schemas: convert each value, never treat a property name as a keyword.
    if ((key === 'properties' || key === 'definitions') && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, schema]) => [name, toJsonSchema(schema)]));
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  const nullable = (node as Schema).nullable === true;
  if (nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

export interface ContractValidator {
  /** Errors of `value` against components/schemas/`name` (empty when valid). */
  schema(name: string, value: unknown): ErrorObject[];
  /** The operation for a request, or null when the file has no such method + path. */
  operation(method: string, path: string): { template: string; op: Schema } | null;
  /** Validates a request body against the operation's requestBody schema. */
  requestBody(method: string, path: string, body: unknown): ErrorObject[] | 'no-operation';
  /** Validates a response against the operation's schema for that status (falls back to `default`). */
  response(method: string, path: string, status: number, body: unknown): ErrorObject[] | 'no-operation' | 'undocumented-status';
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function createValidator(doc: OpenApiDoc = applyNullablePatch(loadFlexpriceSpec())): ContractValidator {
  const ajv = new Ajv({ strict: true, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's numeric formats are type annotations, not string formats.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, { type: 'number', validate: () => true });
  ajv.addSchema({ $id: 'flexprice', ...(toJsonSchema({ definitions: doc.components.schemas }) as Schema) });
  const compiled = new Map<string, ValidateFunction>();
  const byRef = (ref: string): ValidateFunction => {
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };
  const check = (schema: Schema | undefined, value: unknown): ErrorObject[] => {
    const ref = schema?.$ref;
    if (typeof ref !== 'string') throw new Error(`expected a $ref schema, got ${JSON.stringify(schema)}`);
    const validate = byRef(ref.replace('#/components/schemas/', 'flexprice#/definitions/'));
    return validate(value) ? [] : [...(validate.errors ?? [])];
  };
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const operation = (method: string, path: string) => {
    // Literal paths win over templated ones (/invoices/search before /invoices/{id}).
    const matches = templates.filter((t) => t.pattern.test(path) && doc.paths[t.template]?.[method.toLowerCase()]);
    matches.sort((a, b) => (a.template.includes('{') ? 1 : 0) - (b.template.includes('{') ? 1 : 0));
    const found = matches[0];
    return found ? { template: found.template, op: doc.paths[found.template]![method.toLowerCase()] as Schema } : null;
  };
  return {
    schema: (name, value) => check({ $ref: `#/components/schemas/${name}` }, value),
    operation,
    requestBody(method, path, body) {
      const found = operation(method, path);
      if (!found) return 'no-operation';
      const content = (found.op.requestBody as Schema | undefined)?.content as Record<string, { schema: Schema }> | undefined;
      return check(content?.['application/json']?.schema, body);
    },
    response(method, path, status, body) {
      const found = operation(method, path);
      if (!found) return 'no-operation';
      const responses = found.op.responses as Record<string, Schema>;
      const response = responses[String(status)] ?? responses.default;
      if (!response) return 'undocumented-status';
      const content = response.content as Record<string, { schema: Schema }> | undefined;
      return check(content?.['application/json']?.schema, body);
    },
  };
}

export function describeErrors(errors: ErrorObject[]): string {
  return errors
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
