/**
 * Reading a Flexprice request body the way its Gin binding does: a field of the wrong type or outside its
 * range is a 400 `validation_error` naming the field.
 */
export type Json = Record<string, unknown>;

export class ValidationError extends Error {}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Checks an optional integer field of a filter body, as Flexprice's binding does. */
export function integer(body: Json, key: string, min: number, max: number, fallback: number): number {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function stringList(body: Json, key: string, allowed: readonly string[]): string[] | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.includes(v))) {
    throw new ValidationError(`${key} must be a list of ${allowed.join(', ')}`);
  }
  return value as string[];
}

/** A list of ids (`invoice_ids`, `subscription_ids`), or null when absent. */
export function idList(body: Json, key: string): string[] | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw new ValidationError(`${key} must be a list of strings`);
  return value as string[];
}

export function optionalString(body: Json, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`${key} must be a string`);
  return value;
}

export function time(body: Json, key: string): Date | null {
  const value = optionalString(body, key);
  if (value === null) return null;
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) throw new ValidationError(`${key} must be an RFC 3339 date-time`);
  return new Date(value);
}
