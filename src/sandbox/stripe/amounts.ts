import { createHash } from 'node:crypto';
import { Decimal } from '../../domain/decimal.js';
import type { CouponSeed, LineSpec, TaxRateSeed } from './invoice.js';

/**
 * The arithmetic of a sandbox Stripe invoice: line amounts from exact unit amounts and quantities,
 * discounts allocated per line, exclusive taxes per line. bigint / exact Decimal throughout.
 */

/** A stable id suffix from any text: the sandbox's ids are deterministic, so its answers are too. */
export function shortHash(text: string, length = 14): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += alphabet[(digest[i % digest.length] as number) % alphabet.length];
  return out;
}

/** num / den rounded half away from zero. */
export function roundRatio(num: bigint, den: bigint): bigint {
  if (den < 0n) return roundRatio(-num, -den);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (abs * 2n + den) / (den * 2n);
  return negative ? -rounded : rounded;
}

export function roundDecimal(value: Decimal): bigint {
  return roundRatio(value.coefficient, 10n ** BigInt(value.scale));
}

export function lineAmount(spec: LineSpec): bigint {
  return spec.amount ?? roundDecimal(spec.unitAmount.mul(spec.quantity));
}

export type LineDiscount = { amount: bigint; discount: string };

/** Discounts, per line: percentages line by line; fixed amounts spread over positive lines by weight. */
export function allocateDiscounts(amounts: bigint[], discounts: { id: string; coupon: CouponSeed }[]): LineDiscount[][] {
  const lineDiscounts = amounts.map(() => [] as LineDiscount[]);
  for (const { id, coupon } of discounts) {
    if (coupon.percentOff) {
      amounts.forEach((amount, i) => {
        const off = roundDecimal(
          Decimal.fromInteger(amount)
            .mul(coupon.percentOff as Decimal)
            .movePoint(-2),
        );
        if (off !== 0n) lineDiscounts[i]?.push({ amount: off, discount: id });
      });
    } else if (coupon.amountOff !== null) {
      const positive = amounts.map((a) => (a > 0n ? a : 0n));
      const base = positive.reduce((a, b) => a + b, 0n);
      const total = coupon.amountOff < base ? coupon.amountOff : base;
      let given = 0n;
      const last = positive.findLastIndex((a) => a > 0n);
      positive.forEach((a, i) => {
        if (a === 0n || base === 0n) return;
        const share = i === last ? total - given : (total * a) / base;
        given += share;
        if (share !== 0n) lineDiscounts[i]?.push({ amount: share, discount: id });
      });
    }
  }
  return lineDiscounts;
}

export type LineTax = { taxable: bigint; amount: bigint } | null;

/** Exclusive tax per line on the discounted amount; null for every line when the customer has no rate. */
export function lineTaxes(amounts: bigint[], lineDiscounts: LineDiscount[][], rate: TaxRateSeed | null): LineTax[] {
  return amounts.map((amount, i) => {
    if (!rate) return null;
    const taxable = amount - (lineDiscounts[i] ?? []).reduce((sum, d) => sum + d.amount, 0n);
    return { taxable, amount: roundDecimal(Decimal.fromInteger(taxable).mul(rate.percentage).movePoint(-2)) };
  });
}
