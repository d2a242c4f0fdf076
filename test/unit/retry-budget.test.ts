import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UpstreamGuards } from '../../src/http/breaker.js';
import { RetryBudget } from '../../src/http/retry-budget.js';

describe('RetryBudget', () => {
  it('grants retries for its percentage of first attempts plus the floor, over a rolling window', () => {
    const clock = { now: 1_000_000 };
    const budget = new RetryBudget({ percent: 20, minPerSecond: 0 }, 10_000, () => clock.now);
    for (let i = 0; i < 10; i++) budget.recordFirstAttempt();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    expect(budget.denied).toBe(1);
    // Once the window has passed, the old attempts and retries no longer count.
    clock.now += 11_000;
    expect(budget.tryRetry()).toBe(false);
    for (let i = 0; i < 5; i++) budget.recordFirstAttempt();
    expect(budget.tryRetry()).toBe(true);
  });

  it('the per-second floor lets a quiet upstream retry', () => {
    const budget = new RetryBudget({ percent: 0, minPerSecond: 1 }, 10_000, () => 0);
    for (let i = 0; i < 10; i++) expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });
});

describe('RetryBudget rolling window', () => {
  /** 20 % of 10 first attempts = 2 retries; the window is 10 s in 10 buckets of 1 s. */
  function budgetAt(start: number) {
    const clock = { now: start };
    const budget = new RetryBudget({ percent: 20, minPerSecond: 0 }, 10_000, () => clock.now);
    const firsts = (n: number) => {
      for (let i = 0; i < n; i++) budget.recordFirstAttempt();
    };
    /** How many retries it grants now (taking them). */
    const drain = () => {
      let n = 0;
      while (budget.tryRetry()) n += 1;
      return n;
    };
    return { clock, budget, firsts, drain };
  }

  it('first attempts count for the whole window and no longer: until 10 s after their bucket began', () => {
    const { clock, firsts, drain } = budgetAt(0);
    firsts(10);
    clock.now = 5_500;
    expect(drain()).toBe(2);
    const again = budgetAt(0);
    again.firsts(10);
    again.clock.now = 9_999;
    expect(again.drain()).toBe(2);
    again.clock.now = 10_000;
    again.firsts(0);
    expect(again.drain()).toBe(0);
  });

  it('attempts recorded as the window moves on are counted in their own bucket', () => {
    const { clock, firsts, drain } = budgetAt(0);
    firsts(5);
    clock.now = 9_000;
    firsts(5);
    // The first five fall out at 10 s, the last five only at 19 s.
    clock.now = 18_999;
    expect(drain()).toBe(1);
  });

  it('spent retries free up again as their bucket leaves the window', () => {
    const { clock, firsts, drain } = budgetAt(0);
    firsts(10);
    expect(drain()).toBe(2);
    clock.now = 3_000;
    firsts(10);
    // The first two retries still count against the 4 now earned.
    expect(drain()).toBe(2);
    clock.now = 10_000;
    // The first ten attempts and their two retries are gone; the second ten and their two retries remain.
    expect(drain()).toBe(0);
    firsts(5);
    expect(drain()).toBe(1);
  });

  it('after a quiet spell the buckets restart at the next event, wherever it falls', () => {
    // Exactly one window of quiet: the buckets move on by whole buckets.
    const whole = budgetAt(0);
    whole.clock.now = 10_500;
    whole.firsts(10);
    whole.clock.now = 19_999;
    expect(whole.drain()).toBe(2);
    whole.clock.now = 20_000;
    expect(whole.drain()).toBe(0);
    // Longer than a window: the next bucket begins at that event.
    const longer = budgetAt(0);
    longer.clock.now = 25_500;
    longer.firsts(10);
    longer.clock.now = 35_499;
    expect(longer.drain()).toBe(2);
    longer.clock.now = 35_500;
    expect(longer.drain()).toBe(0);
  });

  it('a clock that steps back changes nothing', () => {
    const { clock, budget, firsts, drain } = budgetAt(5_000);
    firsts(10);
    clock.now = 1_000;
    expect(budget.tryRetry()).toBe(true);
    // The attempts of 5 s still count until 15 s.
    clock.now = 14_999;
    expect(drain()).toBe(1);
  });

  it('a short window still has buckets of at least a millisecond', () => {
    const clock = { now: 0 };
    const budget = new RetryBudget({ percent: 100, minPerSecond: 0 }, 4, () => clock.now);
    budget.recordFirstAttempt();
    clock.now = 3;
    expect(budget.tryRetry()).toBe(true);
    clock.now = 13;
    budget.recordFirstAttempt();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });
});

describe('UpstreamGuards', () => {
  it('one guard per provider and credential; the credential is a digest, never the key', () => {
    const guards = new UpstreamGuards(loadConfig({}).resilience);
    const a = guards.for('stripe', { authorization: 'Bearer sk_test_A' });
    expect(guards.for('stripe', { authorization: 'Bearer sk_test_A', 'idempotency-key': 'x' })).toBe(a);
    expect(guards.for('stripe', { authorization: 'Bearer sk_test_B' })).not.toBe(a);
    expect(guards.for('flexprice', { authorization: 'Bearer sk_test_A' })).not.toBe(a);
    const statuses = guards.statuses();
    expect(statuses).toHaveLength(3);
    expect(JSON.stringify(statuses)).not.toContain('sk_test');
    expect(statuses.every((s) => s.state === 'closed')).toBe(true);
  });
});
