import { AmbiguousSubscriptionError, type FieldPath } from './errors.js';

/**
 * Which subscription to use when the caller named none: the only one, null when there is none, and
 * with several an AmbiguousSubscriptionError listing them, since guessing would bill the wrong one.
 */
export function chooseSubscription(
  subscriptions: readonly string[],
  ambiguity: { provider: string; field: FieldPath; message: (count: number, list: string) => string },
): string | null {
  if (subscriptions.length > 1) {
    const message = ambiguity.message(subscriptions.length, subscriptions.join(', '));
    throw new AmbiguousSubscriptionError(message, [...subscriptions], { provider: ambiguity.provider, field: ambiguity.field });
  }
  return subscriptions[0] ?? null;
}
