import { Decimal } from '../domain/decimal.js';
import { badResponse, type BillingErrorDetails } from '../domain/errors.js';
import { JsonNumber, numberText, type LosslessJson } from './lossless-json.js';

type Json = LosslessJson | undefined;

/**
 * Reads upstream JSON (from parseLosslessJson) field by field, checking each against the contract as it
 * goes. Any violation is UPSTREAM_BAD_RESPONSE naming the exact path (`result.invoices[3].amount_due`),
 * never a crash or a silently wrong value.
 */
export class WireReader {
  private constructor(
    private readonly provider: string,
    readonly value: Json,
    readonly path: string,
    private readonly details: BillingErrorDetails,
  ) {}

  static root(provider: string, value: LosslessJson, details: BillingErrorDetails = {}, path = '$'): WireReader {
    return new WireReader(provider, value, path, details);
  }

  fail(problem: string, path = this.path): never {
    throw badResponse(this.provider, path, problem, this.details);
  }

  private childPath(key: string | number): string {
    return typeof key === 'number' ? `${this.path}[${key}]` : this.path === '$' ? key : `${this.path}.${key}`;
  }

  private get object(): Record<string, LosslessJson> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value) || this.value instanceof JsonNumber) {
      return this.fail(`expected an object, got ${describe(this.value)}`);
    }
    return this.value;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.object, key) && this.object[key] !== null;
  }

  /** A required field (present; may be null only if the caller then accepts null). */
  at(key: string): WireReader {
    const object = this.object;
    if (!Object.hasOwn(object, key)) this.fail('required field is missing', this.childPath(key));
    return new WireReader(this.provider, object[key], this.childPath(key), this.details);
  }

  /** An optional field: null when missing or null. */
  maybe(key: string): WireReader | null {
    const object = this.object;
    const value = Object.hasOwn(object, key) ? object[key] : undefined;
    return value === undefined || value === null ? null : new WireReader(this.provider, value, this.childPath(key), this.details);
  }

  isNull(): boolean {
    return this.value === null || this.value === undefined;
  }

  asString(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, got ${describe(this.value)}`);
    return this.value;
  }

  asBoolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected a boolean, got ${describe(this.value)}`);
    return this.value;
  }

  /** An exact decimal from a JSON number (a numeric string breaks the contract: Stripe and Cloudflare send numbers). */
  asNumber(): Decimal {
    const value = this.value;
    const parsed = value instanceof JsonNumber || typeof value === 'number' ? Decimal.tryParse(numberText(value)) : null;
    if (!parsed) this.fail(`expected a number, got ${describe(this.value)}`);
    return parsed;
  }

  /** An exact decimal from a decimal string such as "12.50" (Flexprice money, Stripe `*_decimal` fields). */
  asDecimalString(): Decimal {
    const parsed = typeof this.value === 'string' ? Decimal.tryParse(this.value) : null;
    if (!parsed) this.fail(`expected a decimal string, got ${describe(this.value)}`);
    return parsed;
  }

  /** An exact integer from a JSON number (no fractional part allowed). */
  asInteger(): bigint {
    const value = this.asNumber().toUnits(0);
    if (value === null) this.fail(`expected an integer, got ${describe(this.value)}`);
    return value;
  }

  /** A small integer such as a count; refuses values a JS number cannot hold exactly. */
  asCount(): number {
    const value = this.asInteger();
    if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`expected a non-negative count, got ${value}`);
    return Number(value);
  }

  asEnum<T extends string>(allowed: readonly T[]): T {
    const value = this.asString();
    if (!(allowed as readonly string[]).includes(value)) this.fail(`expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return value as T;
  }

  asArray<T>(each: (item: WireReader, index: number) => T): T[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, got ${describe(this.value)}`);
    return this.value.map((item, index) => each(new WireReader(this.provider, item, this.childPath(index), this.details), index));
  }

  // Shorthands for the common "field of type X" reads.
  string(key: string): string {
    return this.at(key).asString();
  }
  nullableString(key: string): string | null {
    return this.maybe(key)?.asString() ?? null;
  }
  number(key: string): Decimal {
    return this.at(key).asNumber();
  }
  nullableNumber(key: string): Decimal | null {
    return this.maybe(key)?.asNumber() ?? null;
  }
  nullableDecimalString(key: string): Decimal | null {
    return this.maybe(key)?.asDecimalString() ?? null;
  }
  integer(key: string): bigint {
    return this.at(key).asInteger();
  }
  boolean(key: string): boolean {
    return this.at(key).asBoolean();
  }
  nullableBoolean(key: string): boolean | null {
    return this.maybe(key)?.asBoolean() ?? null;
  }
  array<T>(key: string, each: (item: WireReader, index: number) => T): T[] {
    return this.at(key).asArray(each);
  }
}

function describe(value: Json): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof JsonNumber || typeof value === 'number') return `the number ${numberText(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return String(value);
}
