import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, sleep, type RetryPolicy } from '../../src/http/retry.js';

const policy: RetryPolicy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

describe('backoffDelay', () => {
  it('stays within [0, min(max, base * 2^attempt)] (full jitter)', () => {
    const ceilings = [100, 200, 400, 800, 1_000, 1_000, 1_000];
    ceilings.forEach((ceiling, attempt) => {
      expect(backoffDelay(policy, attempt, () => 0)).toBe(0);
      expect(backoffDelay(policy, attempt, () => 0.999999)).toBe(ceiling);
      expect(backoffDelay(policy, attempt, () => 0.5)).toBe(ceiling / 2);
      for (let i = 0; i < 200; i += 1) {
        const delay = backoffDelay(policy, attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    });
  });

  it('never exceeds the cap even for large attempt numbers', () => {
    expect(backoffDelay(policy, 60, () => 0.999999)).toBe(1_000);
    expect(backoffDelay({ ...policy, baseDelayMs: 0 }, 3, () => 0.9)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-15T12:00:00Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('1.25', now)).toBe(1_250);
    expect(parseRetryAfter('0.0004', now)).toBe(0);
    expect(parseRetryAfter('0.0006', now)).toBe(1);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 15 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 15 Nov 2026 11:59:00 GMT', now)).toBe(0);
    // The two obsolete forms RFC 9110 still asks recipients to accept.
    expect(parseRetryAfter('Sunday, 15-Nov-26 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun Nov 15 12:00:05 2026', now)).toBe(5_000);
  });

  it('is null when absent or unreadable', () => {
    for (const value of [
      undefined,
      '',
      '   ',
      'soon',
      '-5',
      '1e3',
      '5 seconds',
      '2026-11-15T12:00:30Z',
      '1.',
      '.5',
      'x1',
      '1x',
      'Sun, 15 Nov 2026 12:00:30 GMT+1',
      'xSun, 15 Nov 2026 12:00:30 GMT',
      'Sun, 15 Nov 2026 12:00:30 GMTx',
      'Sun, 45 Nov 2026 12:00:30 GMT',
    ])
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
  });
});

describe('sleep', () => {
  it('waits, and rejects early when aborted', async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    await expect(sleep(0)).resolves.toBeUndefined();
    await expect(sleep(10_000, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
