/**
 * Exact decimal numbers for money, quantities and unit prices.
 *
 * A value is `coefficient * 10^-scale` with a bigint coefficient, so sums such as 0.1 + 0.2 stay exact.
 * Nothing here ever converts to a JS `number`: that is the whole point of the type.
 */
const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export class Decimal {
  private constructor(
    readonly coefficient: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Parses "12", "-0.50", "1e-3" (exponents appear in upstream JSON numbers). Returns null if malformed. */
  static tryParse(text: string): Decimal | null {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match) return null;
    const [, sign, whole = '0', fraction = '', exponentText] = match;
    const exponent = exponentText === undefined ? 0 : Number.parseInt(exponentText, 10);
    if (Math.abs(exponent) > 1000) return null;
    let coefficient = BigInt(whole + fraction);
    let scale = fraction.length - exponent;
    if (scale < 0) {
      coefficient *= 10n ** BigInt(-scale);
      scale = 0;
    }
    if (sign === '-') coefficient = -coefficient;
    return new Decimal(coefficient, scale);
  }

  static parse(text: string): Decimal {
    const value = Decimal.tryParse(text);
    if (!value) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    return value;
  }

  /** An integer count of minor units (cents) with the currency's exponent (2 for USD, 0 for JPY). */
  static fromMinorUnits(units: bigint, exponent: number): Decimal {
    return new Decimal(units, exponent);
  }

  static fromInteger(value: bigint): Decimal {
    return new Decimal(value, 0);
  }

  /** Exact multiplication by 10^places (negative places divide): 1234 cents .movePoint(-2) = 12.34. */
  movePoint(places: number): Decimal {
    if (places >= 0) return new Decimal(this.coefficient * 10n ** BigInt(places), this.scale);
    return new Decimal(this.coefficient, this.scale - places);
  }

  private rescale(scale: number): bigint {
    return this.coefficient * 10n ** BigInt(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(scale) + other.rescale(scale), scale);
  }

  sub(other: Decimal): Decimal {
    return this.add(other.neg());
  }

  neg(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  /** Exact product (scale adds up), used for quantity x unit price checks. */
  mul(other: Decimal): Decimal {
    return new Decimal(this.coefficient * other.coefficient, this.scale + other.scale);
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescale(scale);
    const b = other.rescale(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.coefficient === 0n;
  }

  isNegative(): boolean {
    return this.coefficient < 0n;
  }

  /** Drops trailing fractional zeros: 1.2500 -> 1.25, 3.00 -> 3. Already normal: itself (values never change). */
  normalize(): Decimal {
    if (this.scale === 0 || this.coefficient % 10n !== 0n) return this;
    let { coefficient, scale } = this;
    while (scale > 0 && coefficient % 10n === 0n) {
      coefficient /= 10n;
      scale -= 1;
    }
    return new Decimal(coefficient, scale);
  }

  /**
   * The value as an integer count of 10^-exponent units, or null when it has finer digits than that
   * (e.g. 1.005 USD has no whole number of cents).
   */
  toUnits(exponent: number): bigint | null {
    if (this.scale <= exponent) return this.rescale(exponent);
    const divisor = 10n ** BigInt(this.scale - exponent);
    return this.coefficient % divisor === 0n ? this.coefficient / divisor : null;
  }

  /**
   * Exactly `scale` fractional digits, a tie going to the even neighbour (half-even, "banker's rounding"):
   * 0.125 -> 0.12, 0.135 -> 0.14, -0.125 -> -0.12. Half-even keeps sums of rounded amounts unbiased.
   */
  roundHalfEven(scale: number): Decimal {
    if (this.scale <= scale) return new Decimal(this.rescale(scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    const negative = this.coefficient < 0n;
    const magnitude = negative ? -this.coefficient : this.coefficient;
    let quotient = magnitude / divisor;
    const twiceRemainder = (magnitude % divisor) * 2n;
    if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) quotient += 1n;
    // A bigint has no negative zero: -0.001 rounds to 0.00, never "-0.00".
    return new Decimal(negative ? -quotient : quotient, scale);
  }

  /** The same value with at least `minScale` fractional digits: 10.5 -> 10.50 for 2; never rounds. */
  withMinScale(minScale: number): Decimal {
    return this.scale < minScale ? new Decimal(this.rescale(minScale), minScale) : this;
  }

  /** Plain decimal notation with at least `minScale` fractional digits (never exponent notation). */
  toFixedString(minScale = 0): string {
    const value = this.withMinScale(minScale);
    const negative = value.coefficient < 0n;
    const digits = (negative ? -value.coefficient : value.coefficient).toString().padStart(value.scale + 1, '0');
    const whole = digits.slice(0, digits.length - value.scale);
    const fraction = digits.slice(digits.length - value.scale);
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  toString(): string {
    return this.toFixedString();
  }

  toJSON(): string {
    return this.toString();
  }
}
