/**
 * A JSON parser that keeps numbers as their source text.
 *
 * `JSON.parse` turns every number into a float64, which silently rounds amounts such as
 * 12345678901234567.89 before any code could see them. Upstreams that send money as JSON numbers
 * (Cloudflare, Stripe) are parsed with this instead, so the exact digits reach src/domain/decimal.ts.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return Number(this.text);
  }
}

/**
 * A parsed upstream body. Numbers are JsonNumber (their exact text) or, where that is known to be exact, a
 * plain JS number: parseLosslessJson only returns `number` for integers of at most 15 digits.
 */
export type LosslessJson = null | boolean | string | number | JsonNumber | LosslessJson[] | { [key: string]: LosslessJson };

/** The exact text of a parsed number, whichever form it came in. */
export function numberText(value: number | JsonNumber): string {
  if (typeof value !== 'number') return value.text;
  return Object.is(value, -0) ? '-0' : String(value);
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const MAX_DEPTH = 256;

/**
 * A number token a float64 may not hold exactly: a fraction, an exponent, or 16+ digits (2^53 has 16).
 * Every number inside a JSON document follows `:`, `[` or `,`, so this finds them all; a match inside a
 * string only costs the exact path.
 */
const MAYBE_INEXACT_NUMBER = /[:,[][ \t\n\r]*-?\d+(?:[.eE]|\d{15})/;
const TOP_LEVEL_NUMBER = /^[ \t\n\r]*-?\d/;

/**
 * Parses upstream JSON with every number exact. Most bodies (Stripe's, Cloudflare's) hold only integers
 * of at most 15 digits, which a float64 holds exactly: those go through the native JSON.parse, about three
 * times faster (bench/RESULTS.md). Anything else, and any body JSON.parse refuses, goes through the exact
 * parser, which also names the offset of a syntax error.
 */
export function parseLosslessJson(text: string): LosslessJson {
  if (!MAYBE_INEXACT_NUMBER.test(text) && !TOP_LEVEL_NUMBER.test(text)) {
    try {
      return JSON.parse(text) as LosslessJson;
    } catch {
      // Fall through: the exact parser reports where and what the problem is.
    }
  }
  return parseExactJson(text);
}

/** The exact parser: every number becomes a JsonNumber holding its source text. */
export function parseExactJson(text: string): LosslessJson {
  return new ExactParser(text).document();
}

/** A recursive-descent reader over one document; `at` is the offset read next, `depth` the open objects and arrays. */
class ExactParser {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): LosslessJson {
    const value = this.value();
    this.skip();
    if (this.at !== this.text.length) this.fail('unexpected data after JSON value');
    return value;
  }

  private fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.at}`);
  }

  private skip(): void {
    const ch = this.text.charCodeAt(this.at);
    // Compact JSON has no whitespace: skip the regex in the common case.
    if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) return;
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private string(): string {
    // Find the closing quote, honouring escapes. Strings without escapes (nearly all) are sliced
    // directly; the rest are decoded exactly by JSON.parse.
    const { text } = this;
    const start = this.at;
    let escaped = false;
    this.at += 1;
    for (;;) {
      const ch = text.charCodeAt(this.at);
      if (Number.isNaN(ch)) this.fail('unterminated string');
      if (ch === 0x22) break;
      if (ch === 0x5c) {
        escaped = true;
        this.at += 2;
      } else if (ch < 0x20) this.fail('control character in string');
      else this.at += 1;
    }
    this.at += 1;
    if (!escaped) return text.slice(start + 1, this.at - 1);
    try {
      return JSON.parse(text.slice(start, this.at)) as string;
    } catch {
      // "\x", "\u12": JSON.parse's own SyntaxError would escape classification as a bad upstream body.
      this.at = start;
      return this.fail('invalid escape in string');
    }
  }

  private value(): LosslessJson {
    this.skip();
    switch (this.text[this.at]) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  /** Enters `{` or `[`; true when it closes at once with `close`. */
  private open(close: string): boolean {
    if (++this.depth > MAX_DEPTH) this.fail('nesting too deep');
    this.at += 1;
    this.skip();
    return this.closes(close);
  }

  /** Reads `close` if it comes next, leaving the object or array. */
  private closes(close: string): boolean {
    if (this.text[this.at] !== close) return false;
    this.at += 1;
    this.depth -= 1;
    return true;
  }

  /** After a member: true at `,` (another follows), false at the closing bracket. */
  private more(close: string): boolean {
    this.skip();
    if (this.text[this.at] === ',') {
      this.at += 1;
      return true;
    }
    if (this.closes(close)) return false;
    return this.fail(`expected "," or "${close}"`);
  }

  private object(): Record<string, LosslessJson> {
    const object: Record<string, LosslessJson> = {};
    if (this.open('}')) return object;
    do {
      this.skip();
      if (this.text[this.at] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.skip();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at += 1;
      const value = this.value();
      // A plain assignment of "__proto__" would change the object's prototype instead of adding a key.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
    } while (this.more('}'));
    return object;
  }

  private array(): LosslessJson[] {
    const array: LosslessJson[] = [];
    if (this.open(']')) return array;
    do array.push(this.value());
    while (this.more(']'));
    return array;
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('unexpected character');
    this.at = NUMBER.lastIndex;
    return new JsonNumber(match[0]);
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail('unexpected token');
    this.at += word.length;
    return value;
  }
}

/**
 * Marks a JsonNumber inside JSON.stringify's output, which writes it as `"\u0000#<digits>"`; the quotes and
 * mark are then cut away. A key or string that itself contains the mark sends the value to the exact
 * writer instead, so no input string can ever be turned into raw JSON.
 */
const NUMBER_MARK = '\u0000#';
const MARKED_NUMBER = /"\\u0000#([^"]*)"/g;

/** JSON.stringify that writes JsonNumber values as their exact text (the sandbox, Flexprice request bodies). */
export function stringifyLossless(value: unknown): string {
  let numbers = false;
  let collision = false;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    // Checked first: a key holding the mark must never sit next to a marked number.
    if (key.includes(NUMBER_MARK) || (typeof item === 'string' && item.includes(NUMBER_MARK))) collision = true;
    const raw = this[key];
    if (raw instanceof JsonNumber) {
      numbers = true;
      return NUMBER_MARK + raw.text;
    }
    return item;
  }) as string | undefined;
  if (collision) return stringifyExact(value);
  if (text === undefined) return 'null';
  return numbers ? text.replace(MARKED_NUMBER, '$1') : text;
}

/** Values JSON has no place for: dropped from objects, null in arrays (as JSON.stringify does). */
const unwritable = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** The plain recursive writer: slower, and needs no mark. Follows JSON.stringify's rules otherwise. */
function stringifyExact(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || unwritable(value)) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (unwritable(item) ? 'null' : stringifyExact(item))).join(',')}]`;
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return stringifyExact(toJSON.call(value));
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (!unwritable(item)) parts.push(`${JSON.stringify(key)}:${stringifyExact(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
