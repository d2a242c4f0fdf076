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
