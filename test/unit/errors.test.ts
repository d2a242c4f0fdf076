import { describe, expect, it } from 'vitest';
import {
  AmbiguousSubscriptionError,
  BillingError,
  ERROR_CODES,
  errorForCode,
  InvalidInputError,
  NotFoundError,
  nullWhenNotFound,
  RateLimitedError,
  UnsupportedError,
  badInput,
  notFound,
  unsupported,
} from '../../src/domain/errors.js';
import { chooseSubscription } from '../../src/domain/subscription-choice.js';

describe('the error vocabulary', () => {
  it('has a class per code, each a BillingError carrying its code', () => {
    for (const code of ERROR_CODES) {
      const error = errorForCode(code, 'm', { provider: 'stripe' });
      expect(error).toBeInstanceOf(BillingError);
      expect(error.code).toBe(code);
      expect(error.details).toEqual({ provider: 'stripe' });
    }
    expect(errorForCode('NOT_FOUND', 'm')).toBeInstanceOf(NotFoundError);
    expect(errorForCode('BAD_USER_INPUT', 'm')).toBeInstanceOf(InvalidInputError);
    expect(errorForCode('RATE_LIMITED', 'm', { retryAfter: 3 })).toBeInstanceOf(RateLimitedError);
    expect((errorForCode('RATE_LIMITED', 'm', { retryAfter: 3 }) as RateLimitedError).retryAfter).toBe(3);
  });

  it('an ambiguous subscription is invalid input whose details carry its choices and field', () => {
    const error = new AmbiguousSubscriptionError('pick one', ['sub_a', 'sub_b'], { provider: 'stripe', field: ['subscription'] });
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.choices).toEqual(['sub_a', 'sub_b']);
    expect(error.field).toEqual(['subscription']);
    expect(error.details).toEqual({ provider: 'stripe', field: ['subscription'], choices: ['sub_a', 'sub_b'] });
  });

  it('unsupported input names its provider and fields; the fields reach callers as details.choices', () => {
    const error = unsupported('no', { provider: 'cloudflare', fields: ['subscription'] });
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error.provider).toBe('cloudflare');
    expect(error.fields).toEqual(['subscription']);
    expect(error.details).toEqual({ provider: 'cloudflare', choices: ['subscription'] });
    // An upstream's "not implemented" names no fields and shows none.
    const bare = errorForCode('UNSUPPORTED', 'n', { provider: 'flexprice' }) as UnsupportedError;
    expect(bare.fields).toEqual([]);
    expect(bare.details).toEqual({ provider: 'flexprice' });
  });

  it('invalid input carries its path, empty when none is known', () => {
    expect(badInput('bad', ['input', 'items', 0]).field).toEqual(['input', 'items', 0]);
    expect(badInput('bad').details).toEqual({});
    expect(badInput('bad').field).toEqual([]);
  });
});

describe('nullWhenNotFound', () => {
  it('turns NOT_FOUND into null and keeps every other failure', async () => {
    await expect(nullWhenNotFound(Promise.resolve(1))).resolves.toBe(1);
    await expect(nullWhenNotFound(Promise.reject(notFound('gone')))).resolves.toBeNull();
    await expect(nullWhenNotFound(Promise.reject(errorForCode('NOT_FOUND', 'gone upstream')))).resolves.toBeNull();
    await expect(nullWhenNotFound(Promise.reject(badInput('bad')))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(nullWhenNotFound(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('chooseSubscription', () => {
  const ambiguity = { provider: 'flexprice', field: ['input', 'subscription'], message: (n: number, list: string) => `${n}: ${list}` };

  it('takes the only one, and null for none', () => {
    expect(chooseSubscription(['sub_a'], ambiguity)).toBe('sub_a');
    expect(chooseSubscription([], ambiguity)).toBeNull();
  });

  it('refuses to guess between several, listing them', () => {
    let thrown: unknown;
    try {
      chooseSubscription(['sub_a', 'sub_b'], ambiguity);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AmbiguousSubscriptionError);
    const error = thrown as AmbiguousSubscriptionError;
    expect(error.message).toBe('2: sub_a, sub_b');
    expect(error.details).toEqual({ provider: 'flexprice', field: ['input', 'subscription'], choices: ['sub_a', 'sub_b'] });
  });
});
