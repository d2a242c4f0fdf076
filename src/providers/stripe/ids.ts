import { badInput, type FieldPath } from '../../domain/errors.js';

/**
 * Stripe's id syntax: a lowercase object prefix, an underscore, then letters and digits (docs/UPSTREAMS.md
 * 2.3). An id is checked before it goes into a path or a query, so `..`, `/` or `?` never reach Stripe.
 */
const ID_SYNTAX = {
  customer: /^cus_[A-Za-z0-9]{1,250}$/,
  subscription: /^sub_[A-Za-z0-9]{1,250}$/,
} as const;

export type StripeIdKind = keyof typeof ID_SYNTAX;

export function isStripeId(kind: StripeIdKind, value: string): boolean {
  return ID_SYNTAX[kind].test(value);
}

/** `value` when it is a Stripe id of this kind, else BAD_USER_INPUT naming `field`. */
export function checkStripeId(kind: StripeIdKind, value: string, field: FieldPath): string {
  if (!isStripeId(kind, value)) throw badInput(`\`${String(field.at(-1))}\` is not a Stripe ${kind} id`, field);
  return value;
}
